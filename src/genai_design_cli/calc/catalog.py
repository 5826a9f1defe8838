"""The model and GPU catalog: sourced figures shipped as TOML, plus the user's own overrides.

Three data files ship in `calc/data/`: `api_models.toml` (prices per 1M tokens and typical
latency of hosted models), `open_models.toml` (architectures of open-weight models from their
config.json) and `gpus.toml` (datasheet figures and hourly prices). Each is read only when a
question needs it, so `genai-design cost` does not pay for parsing GPU data (DESIGN.md
"Budgets"). A user's catalog (`--catalog PATH`, and `GENAI_DESIGN_HOME/catalog.toml`) has the
same shape and is merged over the shipped figures, table by table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA_DIR = Path(__file__).parent / "data"
_FILES = {"api": "api_models.toml", "open": "open_models.toml", "gpus": "gpus.toml"}

MODELS_HINT = "See `genai-design catalog models` for the model ids."
GPUS_HINT = "See `genai-design catalog gpus` for the GPU ids."


class CatalogError(ValueError):
    """A catalog file that cannot be read, or an id that is not in the catalog."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint


# NamedTuples, not dataclasses: creating a dataclass costs ~1 ms at import, and this module is
# on the fast path of `genai-design cost`.
class Prices(NamedTuple):
    """Dollars per 1M tokens, with where the figure came from."""

    model: str
    input: float
    cached_input: float
    output: float
    as_of: str = ""
    source: str = ""


class Architecture(NamedTuple):
    """The numbers of a transformer that memory and speed depend on (from its config.json)."""

    model: str
    params_b: float
    active_params_b: float
    layers: int
    hidden_size: int
    attention_heads: int
    kv_heads: int
    head_dim: int
    max_context: int = 0
    as_of: str = ""
    source: str = ""
    experts: int = 0  # mixture of experts: routed experts per layer (num_local_experts)
    experts_per_token: int = 0  # experts each token is routed to (num_experts_per_tok)


class ApiLatency(NamedTuple):
    """Typical figures of a hosted model: time to first token and decode speed, low-high."""

    model: str
    ttft_ms: tuple[float, float]
    output_tokens_per_s: tuple[float, float]
    as_of: str = ""
    source: str = ""


class Gpu(NamedTuple):
    id: str
    name: str
    memory_bytes: int  # total device memory the driver reports (nvidia-smi memory.total)
    bandwidth_gb_s: float
    bf16_tflops: float
    price_per_hour: float
    price_per_hour_range: tuple[float, float]
    spec_as_of: str = ""
    spec_source: str = ""
    price_as_of: str = ""
    price_source: str = ""
    fp8_tflops: float = 0.0  # dense FP8 tensor TFLOPS; 0 when the GPU has no FP8 tensor cores

    @property
    def memory_gib(self) -> float:
        return self.memory_bytes / 2**30

    def tflops(self, dtype: str) -> float:
        """Dense tensor TFLOPS for weights in `dtype`: FP8 tensor cores for fp8 where the GPU
        has them; otherwise BF16 (int8/int4 weight-only kernels dequantise to BF16)."""
        if dtype == "fp8" and self.fp8_tflops > 0:
            return self.fp8_tflops
        return self.bf16_tflops


def _memory_bytes(table: dict[str, Any], where: str) -> int:
    """Device memory in bytes from `memory_bytes`, `memory_mib`, `memory_gib` or (decimal)
    `memory_gb`, in that order of preference."""
    for key, scale in (
        ("memory_bytes", 1),
        ("memory_mib", 2**20),
        ("memory_gib", 2**30),
        ("memory_gb", 10**9),
    ):
        if key in table:
            value = _number(table, key, where)
            if value <= 0:
                raise CatalogError(f"`{key}` must be positive", where=where)
            return int(round(value * scale))
    raise CatalogError(
        "give the GPU's memory: `memory_mib` (nvidia-smi memory.total) or `memory_gib`",
        where=where,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(
            f"cannot read the catalog file ({exc.strerror or exc})", where=str(path)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"not valid TOML: {exc}", where=str(path)) from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: tables merge key by key, anything else in `over` wins."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def near_matches(name: str, choices: list[str], n: int = 4) -> list[str]:
    import difflib

    lowered = {c.lower(): c for c in choices}
    # an id the name begins (`h100` -> `h100-sxm`) is the likeliest meaning: list it first
    starts = [c for c in choices if c.lower().startswith(name.lower())]
    found = [
        lowered[f]
        for f in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.5)
        if lowered[f] not in starts
    ]
    prefix = [
        c for c in choices if c.lower().startswith(name.lower()[:4]) and c not in found + starts
    ]
    return (starts + found + prefix)[:n]


def _pair(value: Any, where: str) -> tuple[float, float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), float(value)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        low, high = sorted(float(v) for v in value)
        return low, high
    raise CatalogError("expected a number or a [low, high] pair of numbers", where=where)


def _number(table: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogError(f"`{key}` must be a number", where=where)
    if value < 0:
        raise CatalogError(f"`{key}` must not be negative", where=where)
    return float(value)


class Catalog:
    """The shipped catalog with user overrides; each data file is parsed on first use."""

    def __init__(self, user_files: list[Path] | None = None, *, data_dir: Path = DATA_DIR):
        self._data_dir = data_dir
        self._user_files = [p for p in (user_files or [])]
        self._parts: dict[str, dict[str, Any]] = {}
        self._user: dict[str, Any] | None = None

    @classmethod
    def default(cls, extra: Path | str | None = None) -> Catalog:
        """Shipped data + GENAI_DESIGN_HOME/catalog.toml (if present) + `extra` (--catalog)."""
        from genai_design_cli.io.paths import user_catalog_file

        files: list[Path] = []
        home_file = user_catalog_file()
        if home_file.is_file():
            files.append(home_file)
        if extra is not None:
            path = Path(extra).expanduser()
            if not path.is_file():
                raise CatalogError(
                    "no such catalog file",
                    where=str(path),
                    hint="Pass a TOML file with [models.<id>] and [gpus.<id>] tables.",
                )
            files.append(path)
        return cls(files)

    # --- loading ------------------------------------------------------------------------

    def _part(self, name: str) -> dict[str, Any]:
        if name not in self._parts:
            self._parts[name] = _read_toml(self._data_dir / _FILES[name])
        return self._parts[name]

    def _user_data(self) -> dict[str, Any]:
        if self._user is None:
            data: dict[str, Any] = {}
            for path in self._user_files:
                loaded = _read_toml(path)
                for section in loaded:
                    if section not in ("models", "gpus"):
                        raise CatalogError(
                            f"unknown table [{section}]; a catalog has [models.<id>] and "
                            "[gpus.<id>] tables",
                            where=str(path),
                        )
                    if not isinstance(loaded[section], dict):
                        raise CatalogError(f"`{section}` must be a table", where=str(path))
                data = _merge(data, loaded)
            self._user = data
        return self._user

    def _model_tables(self, *parts: str) -> dict[str, dict[str, Any]]:
        merged: dict[str, Any] = {}
        for part in parts:
            merged = _merge(merged, self._part(part).get("models", {}))
        return _merge(merged, self._user_data().get("models", {}))

    def model_table(self, model_id: str) -> dict[str, Any]:
        """Everything known about a model id (price, latency, architecture), merged."""
        models = self._model_tables("api", "open")
        if model_id not in models:
            raise self._unknown_model(model_id)
        return models[model_id]

    def model_ids(self) -> list[str]:
        return sorted(self._model_tables("api", "open"))

    def models(self) -> dict[str, dict[str, Any]]:
        return dict(sorted(self._model_tables("api", "open").items()))

    def gpu_ids(self) -> list[str]:
        return sorted(self._gpu_tables())

    def _gpu_tables(self) -> dict[str, dict[str, Any]]:
        return _merge(self._part("gpus").get("gpus", {}), self._user_data().get("gpus", {}))

    def _unknown_model(self, model_id: str) -> CatalogError:
        matches = near_matches(model_id, self.model_ids())
        near = f" Did you mean {', '.join(matches)}?" if matches else ""
        return CatalogError(f"unknown model {model_id!r}.{near}", hint=MODELS_HINT)

    # --- typed views ----------------------------------------------------------------------

    def prices(self, model_id: str) -> Prices:
        """Prices of a hosted model. Reads only the API file and the user's catalog."""
        table = self._model_tables("api").get(model_id)
        if table is None or "price" not in table:
            if model_id in self.model_ids():
                raise CatalogError(
                    f"the catalog has no API price for {model_id!r} (it is an open-weight model "
                    "without a hosted price)",
                    hint="Pass --price-in/--price-out or --cost-per-query, or see "
                    f"`genai-design capacity --model {model_id} --gpu h100-sxm` for self-hosting.",
                )
            raise self._unknown_model(model_id)
        price = table["price"]
        where = f"models.{model_id}.price"
        if not isinstance(price, dict):
            raise CatalogError("must be a table", where=where)
        input_price = _number(price, "input", where)
        return Prices(
            model=model_id,
            input=input_price,
            cached_input=_number(price, "cached_input", where, default=input_price),
            output=_number(price, "output", where),
            as_of=str(price.get("as_of", "")),
            source=str(price.get("source", "")),
        )

    def has_price(self, model_id: str) -> bool:
        return "price" in self._model_tables("api").get(model_id, {})

    def architecture(self, model_id: str) -> Architecture | None:
        table = self.model_table(model_id).get("architecture")
        if table is None:
            return None
        where = f"models.{model_id}.architecture"
        params = _number(table, "params_b", where)
        heads = int(_number(table, "attention_heads", where))
        hidden = int(_number(table, "hidden_size", where))
        if heads <= 0 or params <= 0:
            raise CatalogError("`params_b` and `attention_heads` must be positive", where=where)
        experts = int(_number(table, "experts", where, default=0))
        per_token = int(_number(table, "experts_per_token", where, default=0))
        if experts and not 0 < per_token <= experts:
            raise CatalogError("`experts_per_token` must be between 1 and `experts`", where=where)
        return Architecture(
            model=model_id,
            params_b=params,
            active_params_b=_number(table, "active_params_b", where, default=params),
            layers=int(_number(table, "layers", where)),
            hidden_size=hidden,
            attention_heads=heads,
            kv_heads=int(_number(table, "kv_heads", where, default=heads)),
            head_dim=int(_number(table, "head_dim", where, default=hidden // heads)),
            max_context=int(_number(table, "max_context", where, default=0)),
            as_of=str(table.get("as_of", "")),
            source=str(table.get("source", "")),
            experts=experts,
            experts_per_token=per_token,
        )

    def api_latency(self, model_id: str) -> ApiLatency | None:
        table = self.model_table(model_id).get("latency")
        if table is None:
            return None
        where = f"models.{model_id}.latency"
        return ApiLatency(
            model=model_id,
            ttft_ms=_pair(table.get("ttft_ms"), f"{where}.ttft_ms"),
            output_tokens_per_s=_pair(
                table.get("output_tokens_per_s"), f"{where}.output_tokens_per_s"
            ),
            as_of=str(table.get("as_of", "")),
            source=str(table.get("source", "")),
        )

    def gpu(self, gpu_id: str) -> Gpu:
        gpus = self._gpu_tables()
        if gpu_id not in gpus:
            matches = near_matches(gpu_id, sorted(gpus))
            near = f" Did you mean {', '.join(matches)}?" if matches else ""
            raise CatalogError(f"unknown GPU {gpu_id!r}.{near}", hint=GPUS_HINT)
        table = gpus[gpu_id]
        where = f"gpus.{gpu_id}"
        price = _number(table, "price_per_hour", where)
        return Gpu(
            id=gpu_id,
            name=str(table.get("name", gpu_id)),
            memory_bytes=_memory_bytes(table, where),
            bandwidth_gb_s=_number(table, "bandwidth_gb_s", where),
            bf16_tflops=_number(table, "bf16_tflops", where),
            fp8_tflops=_number(table, "fp8_tflops", where, default=0.0),
            price_per_hour=price,
            price_per_hour_range=_pair(
                table.get("price_per_hour_range", price), f"{where}.price_per_hour_range"
            ),
            spec_as_of=str(table.get("spec_as_of", table.get("as_of", ""))),
            spec_source=str(table.get("spec_source", table.get("source", ""))),
            price_as_of=str(table.get("price_as_of", table.get("as_of", ""))),
            price_source=str(table.get("price_source", table.get("source", ""))),
        )

    def gpus(self) -> dict[str, dict[str, Any]]:
        return dict(sorted(self._gpu_tables().items()))
