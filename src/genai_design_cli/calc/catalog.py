"""The model and GPU catalog: sourced figures shipped as TOML, plus the user's own overrides.

Three data files ship in `calc/data/`: `api_models.toml` (prices per 1M tokens and typical
latency of hosted models), `open_models.toml` (architectures of open-weight models from their
config.json) and `gpus.toml` (datasheet figures and hourly prices). Each is read only when a
question needs it, so `genai-design cost` does not pay for parsing GPU data (DESIGN.md
"Budgets"). A user's catalog (`--catalog PATH`, and `GENAI_DESIGN_HOME/catalog.toml`) has the
same shape and is merged over the shipped figures, table by table.

Beyond the three prices, an API model may carry its context window and output limit, a
long-context price tier (`[models.<id>.price.long_context]`), prompt-cache rules
(`[models.<id>.cache]`), the hidden reasoning tokens it spends by default
(`[models.<id>.reasoning]`), LiteLLM's keys for it (`litellm_ids`) and whether its provider has
retired it (`retired`, `retired_note`, `retires_on`). Retired models stay in the catalog so old
sessions still load, but `offered_model_ids()` leaves them out of pickers.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from genai_design_cli.io.toml import tomllib

DATA_DIR = Path(__file__).parent / "data"
_FILES = {"api": "api_models.toml", "open": "open_models.toml", "gpus": "gpus.toml"}

MODELS_HINT = "See `genai-design catalog models` for the model ids."
GPUS_HINT = "See `genai-design catalog gpus` for the GPU ids."
# What to run when `stale_prices` finds old figures.
REFRESH_HINT = (
    "Refresh them from LiteLLM's price file: download model_prices_and_context_window.json "
    "and run `genai-design catalog import-litellm FILE`."
)
# Prices older than this many months (relative to the date asked about) count as stale.
STALE_AFTER_MONTHS = 6


def _located(method: Any) -> Any:
    """Name the user's file and line in a CatalogError about an entry the user wrote: the
    merged catalog has lost where a table came from, so it is looked up in the files."""
    import functools

    @functools.wraps(method)
    def wrapper(self: Catalog, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except CatalogError as exc:
            self._locate(exc)
            raise

    return wrapper


class CatalogError(ValueError):
    """A catalog file that cannot be read, or an id that is not in the catalog."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint


# NamedTuples, not dataclasses: creating a dataclass costs ~1 ms at import, and this module is
# on the fast path of `genai-design cost`.
class LongContextPrices(NamedTuple):
    """Dollars per 1M tokens for requests whose prompt is longer than `above_tokens`.

    Providers bill the WHOLE request at these prices once the prompt crosses the threshold
    (e.g. Gemini 2.5 Pro above 200k prompt tokens), not just the tokens past it."""

    above_tokens: int
    input: float
    cached_input: float
    output: float


class Prices(NamedTuple):
    """Dollars per 1M tokens, with where the figure came from."""

    model: str
    input: float
    cached_input: float
    output: float
    as_of: str = ""
    source: str = ""
    long_context: LongContextPrices | None = None  # a higher tier above a prompt length

    def for_prompt(self, prompt_tokens: float) -> Prices:
        """The prices that apply to a request with this many prompt tokens: the long-context
        tier once the prompt is longer than its threshold, otherwise these."""
        tier = self.long_context
        if tier is None or prompt_tokens <= tier.above_tokens:
            return self
        return self._replace(input=tier.input, cached_input=tier.cached_input, output=tier.output)


class CacheRules(NamedTuple):
    """How a provider's prompt cache bills: reads cost `Prices.cached_input`; writing a prefix
    into the cache costs input x (1 + write_premium) (Anthropic: 1.25x for the 5-minute cache,
    so write_premium = 0.25); prefixes shorter than `min_prefix_tokens` are not cached."""

    model: str
    min_prefix_tokens: int = 0
    write_premium: float = 0.0  # extra share of the input price to write the cache (0 = free)
    write_premium_long_ttl: float = 0.0  # the same for the longer-lived cache, where offered
    long_ttl: str = ""  # how long the longer-lived cache lives ("1h"), where offered
    source: str = ""


class Reasoning(NamedTuple):
    """Hidden reasoning ("thinking") tokens a model spends per request at its default effort.

    They are billed as OUTPUT tokens and come before the first visible token. When `assumed`
    is true the figure is a planning assumption (stated in `source`), not a measurement."""

    model: str
    default_effort: str = ""
    default_reasoning_tokens: int = 0
    assumed: bool = False
    source: str = ""


class ModelInfo(NamedTuple):
    """What a model is, apart from its prices: limits, LiteLLM keys and lifecycle."""

    model: str
    name: str = ""
    provider: str = ""
    context_window: int = 0  # max input (prompt) tokens; 0 when unknown
    max_output_tokens: int = 0  # 0 when unknown
    litellm_ids: tuple[str, ...] = ()
    retired: bool = False
    retired_note: str = ""
    retires_on: str = ""  # the provider's announced shutdown date (YYYY-MM-DD), if any


class ApiModel(NamedTuple):
    """What costing one hosted model needs: its prices, limits and lifecycle, prompt-cache
    rules and default reasoning tokens (`Catalog.api_model`, read from the API file alone)."""

    prices: Prices
    info: ModelInfo
    cache: CacheRules | None = None
    reasoning: Reasoning | None = None


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
    # Attention that keeps fewer than all tokens (config.json `sliding_window`): layers that
    # attend through a window of `sliding_window` tokens (Mistral 7B v0.1: all 32 layers at
    # 4096; gpt-oss: every other layer at 128; Gemma 3: 5 of every 6 layers at 1024). 0 = none;
    # `sliding_window_layers` 0 with a window set means every layer uses it.
    sliding_window: int = 0
    sliding_window_layers: int = 0
    # Multi-head latent attention (DeepSeek-V3): each layer caches one compressed latent of
    # kv_lora_rank values plus a shared RoPE key of qk_rope_head_dim values per token, instead
    # of per-head keys and values.
    kv_lora_rank: int = 0
    qk_rope_head_dim: int = 0
    qk_nope_head_dim: int = 0
    v_head_dim: int = 0
    shared_experts: int = 0  # experts every token also goes through (n_shared_experts)
    dense_layers: int = 0  # leading layers with a dense FFN instead of experts
    vocab_size: int = 0
    # vocab x hidden for the token embedding plus the output head (twice that when untied);
    # these usually stay 16-bit when the rest of the weights are quantised to int4.
    embedding_params_b: float = 0.0

    @property
    def latent_attention(self) -> bool:
        return self.kv_lora_rank > 0

    def kv_values_per_token_per_layer(self) -> float:
        """Values (not bytes) one token adds to one full-attention layer's KV cache."""
        if self.kv_lora_rank > 0:
            return float(self.kv_lora_rank + self.qk_rope_head_dim)
        return 2.0 * self.kv_heads * self.head_dim

    def kv_cache_bytes_per_token(
        self, bytes_per_value: float = 2.0, context_tokens: float | None = None
    ) -> float:
        """Average KV-cache bytes per token of a sequence `context_tokens` long, all layers.

        Sliding-window layers keep at most `sliding_window` tokens, so for contexts longer
        than the window their share per token shrinks; without `context_tokens` every layer
        counts in full (the upper bound)."""
        per_layer = self.kv_values_per_token_per_layer() * bytes_per_value
        layers = float(self.layers)
        if self.sliding_window <= 0 or context_tokens is None or context_tokens <= 0:
            return per_layer * layers
        sliding = self.sliding_window_layers or self.layers
        full = layers - sliding
        kept = min(1.0, self.sliding_window / float(context_tokens))
        return per_layer * (full + sliding * kept)


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


# A table header line (`[models.gpt-4o]`, `[models."gpt-5.1".price]`, `[gpus.h100]`), and the
# model id a `[models.<id>...]` header names.
_SECTION = re.compile(r"^[ \t]*\[", re.M)
_MODEL_HEADER = re.compile(r'[ \t]*\[[ \t]*models[ \t]*\.[ \t]*(?:"([^"]*)"|([A-Za-z0-9_-]+))')


def _section_model(text: str, start: int) -> str | None:
    match = _MODEL_HEADER.match(text, start)
    if match is None:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2)


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
    return _read_toml_text(path)[0]


def _read_toml_text(path: Path) -> tuple[dict[str, Any], str]:
    """A catalog file's data and text, read as every user file is (io/files, io/tomlfile):
    only a regular file (a FIFO would hang), UTF-8, nesting within limits."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.io.files import MAX_JSON_BYTES, read_text
    from genai_design_cli.io.tomlfile import TomlProblems, load_toml

    try:
        text = read_text(path, limit=MAX_JSON_BYTES, what="catalog file")
    except UserError as exc:
        raise CatalogError(exc.message, where=str(path), hint=exc.hint) from None
    try:
        return load_toml(text, str(path)), text
    except TomlProblems as exc:
        problem = exc.problems[0]
        raise CatalogError(f"not valid TOML: {problem.message}", where=problem.where) from None


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
    if not math.isfinite(value):
        raise CatalogError(f"`{key}` must be a finite number", where=where)
    if value < 0:
        raise CatalogError(f"`{key}` must not be negative", where=where)
    return float(value)


def _count(table: dict[str, Any], key: str, where: str) -> int:
    """A whole number of tokens/layers/..., 0 when the key is absent."""
    value = _number(table, key, where, default=0)
    if value != int(value):
        raise CatalogError(f"`{key}` must be a whole number", where=where)
    return int(value)


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise CatalogError(f"`{key}` must be a string", where=where)
    return value


def _flag(table: dict[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise CatalogError(f"`{key}` must be true or false", where=where)
    return value


def _date(value: Any, where: str, key: str) -> date | None:
    """A YYYY-MM-DD string (or a TOML date) as a date; None when empty."""
    if isinstance(value, date):
        return value
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise CatalogError(f"`{key}` must be a date written YYYY-MM-DD", where=where)


def _months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def price_is_stale(as_of: Any, today: date | str, months: int = STALE_AFTER_MONTHS) -> bool:
    """Whether a price dated `as_of` is more than `months` months older than `today`. A price
    without a readable date counts as stale: nobody can say how old it is."""
    day = _date(today, "today", "today")
    if day is None:
        raise CatalogError("give the date to compare the prices with")
    try:
        dated = _date(as_of, "price", "as_of")
    except CatalogError:
        dated = None
    return dated is None or dated < _months_before(day, months)


class Catalog:
    """The shipped catalog with user overrides; each data file is parsed on first use."""

    def __init__(self, user_files: list[Path] | None = None, *, data_dir: Path = DATA_DIR):
        self._data_dir = data_dir
        self._user_files = [p for p in (user_files or [])]
        self._parts: dict[str, dict[str, Any]] = {}
        self._user: dict[str, Any] | None = None
        self._user_sources: list[tuple[Path, str]] = []  # to name file and line in errors
        self._api_text: str | None = None
        self._api_by_id: dict[str, Any] = {}  # models parsed alone from the API file

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

    def _locate(self, exc: CatalogError) -> None:
        """Prefix `exc.where` with the user's file and line that wrote the entry."""
        sources = self._user_sources
        if not exc.where or any(exc.where.startswith(str(path)) for path, _ in sources):
            return
        from genai_design_cli.io.tomlfile import locate_line

        dotted = exc.where.split(" ")[0]
        for path, text in reversed(sources):
            line = locate_line(text, dotted)
            if line:
                exc.where = f"{path}:{line}: {exc.where}"
                return

    # --- loading ------------------------------------------------------------------------

    def _part(self, name: str) -> dict[str, Any]:
        if name not in self._parts:
            self._parts[name] = _read_toml(self._data_dir / _FILES[name])
        return self._parts[name]

    def _user_data(self) -> dict[str, Any]:
        if self._user is None:
            data: dict[str, Any] = {}
            for path in self._user_files:
                loaded, text = _read_toml_text(path)
                self._user_sources.append((path, text))
                for section in loaded:
                    if section not in ("models", "gpus"):
                        raise CatalogError(
                            f"unknown table [{section}]; a catalog has [models.<id>] and "
                            "[gpus.<id>] tables",
                            where=str(path),
                        )
                    if not isinstance(loaded[section], dict):
                        raise CatalogError(f"`{section}` must be a table", where=str(path))
                    for entry_id, entry in loaded[section].items():
                        if not isinstance(entry, dict):
                            raise CatalogError(
                                f"`{section}.{entry_id}` must be a table "
                                f"([{section}.{entry_id}] with its keys), not a single value",
                                where=str(path),
                            )
                data = _merge(data, loaded)
            self._user = data
        return self._user

    def _api_table(self, model_id: str) -> Any:
        """One model's tables from the API file merged with the user's, or None. Until the
        whole API file is needed, only this model's sections of it are parsed."""
        if "api" in self._parts:
            shipped = self._parts["api"].get("models", {}).get(model_id)
        else:
            if model_id not in self._api_by_id:
                self._api_by_id[model_id] = self._api_sections(model_id)
            shipped = self._api_by_id[model_id]
        user = self._user_data().get("models", {}).get(model_id)
        if user is None or not isinstance(shipped, dict):
            return shipped if user is None else user
        return _merge(shipped, user) if isinstance(user, dict) else user

    def _api_sections(self, model_id: str) -> dict[str, Any] | None:
        """Parse only the `[models.<model_id>...]` sections of the shipped API file: ~0.1 ms
        instead of ~6 ms for the whole file (the start-up budget of `cost`). The file is ours,
        so its tables are all written as section headers; a test checks every model reads the
        same both ways."""
        if self._api_text is None:
            self._api_text = (self._data_dir / _FILES["api"]).read_text(encoding="utf-8")
        text = self._api_text
        starts = [m.start() for m in _SECTION.finditer(text)]
        chunks = [
            text[start:end]
            for start, end in zip(starts, [*starts[1:], len(text)], strict=True)
            if _section_model(text, start) == model_id
        ]
        if not chunks:
            return None
        try:
            return tomllib.loads("".join(chunks)).get("models", {}).get(model_id)
        except tomllib.TOMLDecodeError:  # pragma: no cover - the shipped file is checked
            return self._part("api").get("models", {}).get(model_id)

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

    def model_ids(self, include_retired: bool = True) -> list[str]:
        """Every model id, sorted. `include_retired=False` leaves out the models whose provider
        has retired them (see `offered_model_ids` for pickers)."""
        models = self._model_tables("api", "open")
        if include_retired:
            return sorted(models)
        return sorted(m for m in models if not self._retired(m, models[m], None))

    def offered_model_ids(self, today: date | str | None = None) -> list[str]:
        """The ids a picker should offer: every model not retired. With `today`, a model whose
        announced shutdown date (`retires_on`) has come is left out too."""
        when = _date(today, "today", "today") if today is not None else None
        models = self._model_tables("api", "open")
        return sorted(m for m in models if not self._retired(m, models[m], when))

    def is_retired(self, model_id: str, today: date | str | None = None) -> bool:
        when = _date(today, "today", "today") if today is not None else None
        return self._retired(model_id, self.model_table(model_id), when)

    def _retired(self, model_id: str, table: Any, today: date | None) -> bool:
        if not isinstance(table, dict):
            return False
        where = f"models.{model_id}"
        if _flag(table, "retired", where):
            return True
        if today is not None:
            ends = _date(table.get("retires_on"), where, "retires_on")
            return ends is not None and ends <= today
        return False

    def models(self) -> dict[str, dict[str, Any]]:
        return dict(sorted(self._model_tables("api", "open").items()))

    def _gpu_tables(self) -> dict[str, dict[str, Any]]:
        return _merge(self._part("gpus").get("gpus", {}), self._user_data().get("gpus", {}))

    def _unknown_model(self, model_id: str) -> CatalogError:
        matches = near_matches(model_id, self.model_ids())
        near = f" Did you mean {', '.join(matches)}?" if matches else ""
        return CatalogError(f"unknown model {model_id!r}.{near}", hint=MODELS_HINT)

    # --- typed views ----------------------------------------------------------------------

    @_located
    def prices(self, model_id: str) -> Prices:
        """Prices of a hosted model. Reads only the API file and the user's catalog."""
        table = self._api_table(model_id)
        if not isinstance(table, dict) or "price" not in table:
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
            long_context=self._long_context(price, where),
        )

    @staticmethod
    def _long_context(price: dict[str, Any], where: str) -> LongContextPrices | None:
        tier = price.get("long_context")
        if tier is None:
            return None
        where = f"{where}.long_context"
        if not isinstance(tier, dict):
            raise CatalogError("must be a table", where=where)
        above = _count(tier, "above_tokens", where)
        if above <= 0:
            raise CatalogError("`above_tokens` must be a positive number of tokens", where=where)
        tier_input = _number(tier, "input", where)
        return LongContextPrices(
            above_tokens=above,
            input=tier_input,
            cached_input=_number(tier, "cached_input", where, default=tier_input),
            output=_number(tier, "output", where),
        )

    @_located
    def model_info(self, model_id: str) -> ModelInfo:
        """Limits, LiteLLM keys and lifecycle of a model (API or open-weight)."""
        return self._info_of(model_id, self.model_table(model_id))

    @_located
    def api_model(self, model_id: str) -> ApiModel:
        """Everything `cost` needs about a hosted model: prices, limits, cache rules and
        reasoning defaults. Parses only this model's tables of the API file (and the user's
        catalog), so `genai-design cost --model gpt-4o` reads a few lines, not the catalog."""
        prices = self.prices(model_id)
        table = self._api_table(model_id)
        return ApiModel(
            prices=prices,
            info=self._info_of(model_id, table),
            cache=self._cache_of(model_id, table),
            reasoning=self._reasoning_of(model_id, table),
        )

    @staticmethod
    def _info_of(model_id: str, table: dict[str, Any]) -> ModelInfo:
        where = f"models.{model_id}"
        ids = table.get("litellm_ids", [])
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            raise CatalogError("`litellm_ids` must be a list of LiteLLM model names", where=where)
        retires_on = _date(table.get("retires_on"), where, "retires_on")
        return ModelInfo(
            model=model_id,
            name=_text(table, "name", where),
            provider=_text(table, "provider", where),
            context_window=_count(table, "context_window", where),
            max_output_tokens=_count(table, "max_output_tokens", where),
            litellm_ids=tuple(ids),
            retired=_flag(table, "retired", where),
            retired_note=_text(table, "retired_note", where),
            retires_on=retires_on.isoformat() if retires_on else "",
        )

    @_located
    def cache_rules(self, model_id: str) -> CacheRules | None:
        """The model's prompt-cache rules, or None when the catalog has none."""
        return self._cache_of(model_id, self.model_table(model_id))

    @staticmethod
    def _cache_of(model_id: str, model: dict[str, Any]) -> CacheRules | None:
        table = model.get("cache")
        if table is None:
            return None
        where = f"models.{model_id}.cache"
        if not isinstance(table, dict):
            raise CatalogError("must be a table", where=where)
        return CacheRules(
            model=model_id,
            min_prefix_tokens=_count(table, "min_prefix_tokens", where),
            write_premium=_number(table, "write_premium", where, default=0.0),
            write_premium_long_ttl=_number(table, "write_premium_long_ttl", where, default=0.0),
            long_ttl=_text(table, "long_ttl", where),
            source=_text(table, "source", where),
        )

    @_located
    def reasoning(self, model_id: str) -> Reasoning | None:
        """Default hidden reasoning tokens of a reasoning model, or None for other models."""
        return self._reasoning_of(model_id, self.model_table(model_id))

    @staticmethod
    def _reasoning_of(model_id: str, model: dict[str, Any]) -> Reasoning | None:
        table = model.get("reasoning")
        if table is None:
            return None
        where = f"models.{model_id}.reasoning"
        if not isinstance(table, dict):
            raise CatalogError("must be a table", where=where)
        return Reasoning(
            model=model_id,
            default_effort=_text(table, "default_effort", where),
            default_reasoning_tokens=_count(table, "default_reasoning_tokens", where),
            assumed=_flag(table, "assumed", where),
            source=_text(table, "source", where),
        )

    def litellm_aliases(self) -> dict[str, str]:
        """LiteLLM model name -> catalog id, from each model's `litellm_ids` (first listed id
        wins when two models name the same key)."""
        aliases: dict[str, str] = {}
        for model_id in self.model_ids():
            for name in self.model_info(model_id).litellm_ids:
                aliases.setdefault(name, model_id)
        return aliases

    def stale_prices(
        self, today: date | str, *, months: int = STALE_AFTER_MONTHS, include_retired: bool = False
    ) -> list[tuple[str, str]]:
        """API prices dated more than `months` months before `today`: (model id, as_of), oldest
        first. A price without a readable `as_of` counts as stale (as_of ""). Retired models
        are skipped unless `include_retired`; see REFRESH_HINT for the command to suggest."""
        day = _date(today, "today", "today")
        if day is None:
            raise CatalogError("give the date to compare the prices with")
        limit = _months_before(day, months)
        stale: list[tuple[str, str]] = []
        models = self._model_tables("api")
        for model_id, table in models.items():
            if not isinstance(table, dict) or not isinstance(table.get("price"), dict):
                continue
            if not include_retired and self._retired(model_id, table, day):
                continue
            raw = table["price"].get("as_of", "")
            try:
                as_of = _date(raw, f"models.{model_id}.price", "as_of")
            except CatalogError:
                as_of = None
            if as_of is None or as_of < limit:
                stale.append((model_id, as_of.isoformat() if as_of else ""))
        return sorted(stale, key=lambda item: (item[1], item[0]))

    def has_price(self, model_id: str) -> bool:
        table = self._api_table(model_id)
        return isinstance(table, dict) and "price" in table

    @_located
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
        layers = int(_number(table, "layers", where))
        window = _count(table, "sliding_window", where)
        window_layers = _count(table, "sliding_window_layers", where)
        if window_layers > layers:
            raise CatalogError("`sliding_window_layers` must not exceed `layers`", where=where)
        if window_layers and not window:
            raise CatalogError("`sliding_window_layers` needs `sliding_window`", where=where)
        return Architecture(
            model=model_id,
            params_b=params,
            active_params_b=_number(table, "active_params_b", where, default=params),
            layers=layers,
            hidden_size=hidden,
            attention_heads=heads,
            kv_heads=int(_number(table, "kv_heads", where, default=heads)),
            head_dim=int(_number(table, "head_dim", where, default=hidden // heads)),
            max_context=int(_number(table, "max_context", where, default=0)),
            as_of=str(table.get("as_of", "")),
            source=str(table.get("source", "")),
            experts=experts,
            experts_per_token=per_token,
            sliding_window=window,
            sliding_window_layers=window_layers,
            kv_lora_rank=_count(table, "kv_lora_rank", where),
            qk_rope_head_dim=_count(table, "qk_rope_head_dim", where),
            qk_nope_head_dim=_count(table, "qk_nope_head_dim", where),
            v_head_dim=_count(table, "v_head_dim", where),
            shared_experts=_count(table, "shared_experts", where),
            dense_layers=_count(table, "dense_layers", where),
            vocab_size=_count(table, "vocab_size", where),
            embedding_params_b=_number(table, "embedding_params_b", where, default=0.0),
        )

    @_located
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

    @_located
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
