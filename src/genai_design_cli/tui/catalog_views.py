"""The model and GPU catalog as Rich tables, with numbered sources under each."""

from __future__ import annotations

from typing import Any


def models_tables(models: dict[str, dict[str, Any]]) -> list:
    """API models (prices and typical latency) and open-weight models (architecture), then
    the sources both tables point to."""
    notes = _Footnotes()
    prices = _catalog_table(
        "API models ($ per 1M tokens; latency typical, varies)",
        ("id", "in", "cached", "out", "TTFT ms", "tok/s", "as of", "src"),
    )
    arch = _catalog_table(
        "Open-weight models (from config.json; params in billions)",
        ("id", "params", "active", "layers", "heads", "kv", "dim", "as of", "src"),
    )
    for model_id, table in models.items():
        price = table.get("price")
        if isinstance(price, dict):
            lat = table.get("latency") or {}
            refs = notes.ref(price.get("source"))
            if lat:
                refs += "," + notes.ref(lat.get("source"))
            prices.add_row(
                model_id,
                _fmt(price.get("input")),
                _fmt(price.get("cached_input", price.get("input"))),
                _fmt(price.get("output")),
                _span(lat.get("ttft_ms")),
                _span(lat.get("output_tokens_per_s")),
                str(price.get("as_of", "—")),
                refs,
            )
        spec = table.get("architecture")
        if isinstance(spec, dict):
            arch.add_row(
                model_id,
                _fmt(spec.get("params_b")),
                _fmt(spec.get("active_params_b", spec.get("params_b"))),
                _fmt(spec.get("layers")),
                _fmt(spec.get("attention_heads")),
                _fmt(spec.get("kv_heads", spec.get("attention_heads"))),
                _fmt(spec.get("head_dim")),
                str(spec.get("as_of", "—")),
                notes.ref(spec.get("source")),
            )
    return [prices, arch, notes.render()]


def gpus_tables(gpus: dict[str, dict[str, Any]], memory_gib: dict[str, float]) -> list:
    """GPUs with their figures (memory as the driver reports it, in GiB), then the sources."""
    notes = _Footnotes()
    table = _catalog_table(
        "GPUs (BF16 TFLOPS dense, not with sparsity)",
        ("id", "mem GiB", "GB/s", "TFLOPS", "$/GPU-h", "as of", "src"),
    )
    for gpu_id, spec in gpus.items():
        spec_date = spec.get("spec_as_of", spec.get("as_of", "—"))
        price_date = spec.get("price_as_of", spec.get("as_of", "—"))
        table.add_row(
            gpu_id,
            f"{memory_gib[gpu_id]:.1f}",
            _fmt(spec.get("bandwidth_gb_s")),
            _fmt(spec.get("bf16_tflops")),
            _fmt(spec.get("price_per_hour")),
            f"{spec_date}\nprice {price_date}",
            notes.ref(spec.get("spec_source", spec.get("source")))
            + ","
            + notes.ref(spec.get("price_source", spec.get("source"))),
        )
    return [table, notes.render()]


def _catalog_table(title: str, columns: tuple[str, ...]):
    """A light table whose cells wrap instead of being cut to "…", so every figure stays
    readable in an 80-column terminal."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in columns:
        table.add_column(column, no_wrap=column != "src", overflow="fold")
    return table


class _Footnotes:
    """Numbered sources under a table, so long URLs do not squeeze its columns."""

    def __init__(self) -> None:
        self.sources: dict[str, int] = {}

    def ref(self, source: object) -> str:
        text = str(source) if source else "(no source given)"
        if text not in self.sources:
            self.sources[text] = len(self.sources) + 1
        return str(self.sources[text])

    def render(self):
        from rich.text import Text

        out = Text("Sources:\n", style="bold")
        for text, number in self.sources.items():
            out.append(f"  [{number}] {text}\n")
        return out


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _span(value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0]:g}–{value[1]:g}"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return "—"
