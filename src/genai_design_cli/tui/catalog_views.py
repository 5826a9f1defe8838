"""The model and GPU catalog as Rich tables, with numbered sources under each."""

from __future__ import annotations

from typing import Any


def models_tables(
    models: dict[str, dict[str, Any]],
    *,
    retired: list[str] | tuple[str, ...] = (),
    today: str = "",
    show_all: bool = False,
) -> list:
    """API models (prices and limits, then typical latency) and open-weight models
    (architecture), the lifecycle notes (retired, shutting down), then the sources the tables
    point to. `retired` lists the ids retired by `today`; with `show_all` they are in `models`
    and marked, else they are left out and named under the table."""
    from rich.text import Text

    notes = _Footnotes()
    prices = _catalog_table(
        "API models ($ per 1M tokens; window and max out in tokens)",
        ("id", "in", "cached", "out", "window", "max out", "as of", "src"),
    )
    latency = _catalog_table(
        "Typical API latency (varies with load, region and prompt)",
        ("id", "TTFT ms", "out tok/s", "as of", "src"),
    )
    arch = _catalog_table(
        "Open-weight models (from config.json; params in billions)",
        ("id", "params", "active", "layers", "heads", "kv", "dim", "as of", "src"),
    )
    ending: dict[str, list[str]] = {}  # announced shutdown date -> ids
    for model_id, table in models.items():
        name = f"{model_id} *" if model_id in retired else model_id
        ends = str(table.get("retires_on") or "")
        if ends and model_id not in retired and (not today or ends > today):
            ending.setdefault(ends, []).append(model_id)
        price = table.get("price")
        if isinstance(price, dict):
            prices.add_row(
                name,
                _fmt(price.get("input")),
                _fmt(price.get("cached_input", price.get("input"))),
                _fmt(price.get("output")),
                _tokens(table.get("context_window")),
                _tokens(table.get("max_output_tokens")),
                str(price.get("as_of", "—")),
                notes.ref(price.get("source")),
            )
        lat = table.get("latency")
        if isinstance(lat, dict):
            latency.add_row(
                name,
                _span(lat.get("ttft_ms")),
                _span(lat.get("output_tokens_per_s")),
                str(lat.get("as_of", "—")),
                notes.ref(lat.get("source")),
            )
        spec = table.get("architecture")
        if isinstance(spec, dict):
            arch.add_row(
                name,
                _fmt(spec.get("params_b")),
                _fmt(spec.get("active_params_b", spec.get("params_b"))),
                _fmt(spec.get("layers")),
                _fmt(spec.get("attention_heads")),
                _fmt(spec.get("kv_heads", spec.get("attention_heads"))),
                _fmt(spec.get("head_dim")),
                str(spec.get("as_of", "—")),
                notes.ref(spec.get("source")),
            )
    lifecycle = Text()
    for ends, ids in sorted(ending.items()):
        lifecycle.append(f"Shutting down on {ends}: {', '.join(ids)}.\n", style="yellow")
    if retired and show_all:
        lifecycle.append(
            "* retired: its provider no longer serves it; kept so old sessions still load.\n",
            style="yellow",
        )
    elif retired:
        lifecycle.append(
            f"Retired, not shown (--all shows them; they still load): {', '.join(retired)}.\n",
            style="dim",
        )
    return [prices, latency, arch, lifecycle, notes.render()]


def _tokens(value: Any) -> str:
    """128000 -> '128k'; 1048576 -> '1.05M'; absent -> '—'."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        return "—"
    if value >= 1_000_000:
        return f"{value / 1e6:.3g}M"
    return f"{value / 1e3:.3g}k" if value >= 1000 else f"{value:g}"


def import_lines(report: dict[str, Any], limit: int = 40) -> list[str]:
    """What `catalog import-litellm` did, as plain lines: the date stamped and why, each
    changed field (model, field, old → new; the first `limit`), what was refreshed, what the
    file lacks, and the count."""
    lines = [f"Dated {report['as_of']}: {report['dated_by']}."]
    if report["dated_by"] != "given with --as-of":
        lines.append("  Pass --as-of DATE to give the data's own date (its LiteLLM release).")
    changes = report["changes"]
    if changes:
        lines.append(
            f"Changed: {len(changes):,} field(s) of {report['changed_models']:,} model(s) "
            "already in your catalog:"
        )
        shown = changes[:limit]
        width_model = max(len(c["model"]) for c in shown)
        width_field = max(len(c["field"]) for c in shown)
        for change in shown:
            lines.append(
                f"  {change['model']:<{width_model}}  {change['field']:<{width_field}}  "
                f"{_fmt(change['old'])} → {_fmt(change['new'])}"
            )
        if len(changes) > limit:
            lines.append(f"  ... and {len(changes) - limit:,} more (--json lists them all)")
    else:
        lines.append("Changed: nothing the catalog already had (prices, limits, tiers).")
    for dates, count in report.get("redated", {}).items():
        lines.append(f"Re-dated: {count:,} model(s)' prices, {dates}.")
    refreshed, missing = report["refreshed"], report["not_in_file"]
    lines.append(
        f"Refreshed {len(refreshed)} of the catalog's {len(refreshed) + len(missing)} API "
        f"models ({report['unchanged_models']:,} imported model(s) unchanged)."
    )
    if missing:
        lines.append("  Not in the file, kept as they were: " + ", ".join(missing) + ".")
    if report["added"]:
        lines.append(f"Added {report['added']:,} other LiteLLM entries under their LiteLLM names.")
    lines.append(f"Imported {report['imported']:,} model prices into {report['target']}.")
    return lines


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
        table.add_column(column, no_wrap=column not in ("src", "as of"), overflow="fold")
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
