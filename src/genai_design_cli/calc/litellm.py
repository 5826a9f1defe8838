"""Prices from LiteLLM's model_prices_and_context_window.json, as catalog model tables.

LiteLLM gives dollars per TOKEN; the catalog keeps dollars per 1M tokens. Every entry with
both token prices becomes a table under its LiteLLM name, and each shipped catalog model that
lists LiteLLM keys in `litellm_ids` is refreshed under its own id as well (the first listed key
present in the file wins), so `claude-sonnet-4-5-20250929` in LiteLLM updates our
`claude-sonnet-4-5`. Besides the three prices the conversion carries the context window
(`max_input_tokens`), `max_output_tokens`, the price tier above a prompt length
(`input_cost_per_token_above_200k_tokens` and its siblings) and the cache-write premium
(`cache_creation_input_token_cost`). `diff_prices` lists what an import would change.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from genai_design_cli.calc.catalog import CatalogError

# Above this a per-token price is a typo, not a price: $10,000 per 1M tokens. The dearest
# entries in LiteLLM's file (o1-pro output) cost $600 per 1M.
MAX_COST_PER_TOKEN = 0.01
# More tokens than any model takes or writes: a typo (LiteLLM's largest windows are ~10M).
MAX_TOKENS = 1_000_000_000

_TIER_KEY = re.compile(r"^input_cost_per_token_above_(\d+)(k?)_tokens$")
# The fields `diff_prices` compares, as paths into a model table.
_DIFF_FIELDS = (
    ("price", "input"),
    ("price", "cached_input"),
    ("price", "output"),
    ("price", "long_context", "above_tokens"),
    ("price", "long_context", "input"),
    ("price", "long_context", "cached_input"),
    ("price", "long_context", "output"),
    ("context_window",),
    ("max_output_tokens",),
    ("cache", "write_premium"),
)


def litellm_to_catalog(
    data: Any,
    *,
    as_of: str,
    source: str,
    data_as_of: str | None = None,
    aliases: dict[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Convert LiteLLM's model_prices_and_context_window.json (dollars per TOKEN) into catalog
    model tables (dollars per 1M tokens). Entries without both token prices (images, audio,
    embeddings without output price...) and the `sample_spec` documentation entry are skipped.

    `as_of` stamps every price; pass the date of the data itself as `data_as_of` (the commit or
    release date of the file) and it is used instead, so an old file does not look fresh.
    `aliases` maps LiteLLM names to catalog ids (default: the shipped catalog's `litellm_ids`).
    Raises CatalogError for non-finite, negative or absurd numbers, naming the entry."""
    if not isinstance(data, dict):
        raise CatalogError("expected a JSON object mapping model names to their prices")
    stamp = _checked_date(data_as_of) if data_as_of else as_of
    if aliases is None:
        aliases = _shipped_aliases()
    models: dict[str, dict[str, Any]] = {}
    for name, entry in data.items():
        if name == "sample_spec" or not isinstance(entry, dict):
            continue
        table = _entry_to_table(str(name), entry, stamp, source)
        if table is not None:
            models[str(name)] = table
    # our ids: the first key of each model's litellm_ids that the file has
    by_model: dict[str, list[str]] = {}
    for name, model_id in aliases.items():
        by_model.setdefault(model_id, []).append(name)
    for model_id, names in by_model.items():
        found = next((n for n in names if n in models), None)
        if found is None or found == model_id:
            continue  # not in the file, or already there under our own id
        table = _copy(models[found])
        table["price"]["source"] = f"{source} (LiteLLM key {found})"
        models[model_id] = table
    return models


def diff_prices(
    old_tables: dict[str, dict[str, Any]], new_tables: dict[str, dict[str, Any]]
) -> list[tuple[str, str, Any, Any]]:
    """What an import changes: (model id, field, old value, new value) for every compared field
    whose value differs, for the models in `new_tables`. A model or field the old tables lack
    has old value None. Fields are dotted paths: "price.input", "price.long_context.output",
    "context_window", ... Sorted by model id, then field."""
    changes: list[tuple[str, str, Any, Any]] = []
    for model_id in sorted(new_tables):
        new = new_tables[model_id]
        old = old_tables.get(model_id) or {}
        for path in _DIFF_FIELDS:
            before, after = _get(old, path), _get(new, path)
            if after is None or _same(before, after):
                continue
            changes.append((model_id, ".".join(path), before, after))
    return changes


# A date in a model's name: gpt-4o-2024-08-06, claude-sonnet-4-5-20250929.
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def newest_named_date(data: Any, today: date) -> date | None:
    """The newest date in the file's model names (a snapshot's release date, as in
    `gpt-6.1-sol-2026-09-29`), not after `today`. The data is at least that new: a price file
    cannot list a model before it exists. None when no name carries a date."""
    if not isinstance(data, dict):
        return None
    newest: date | None = None
    for name in data:
        for match in _NAME_DATE.finditer(str(name)):
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
            if day <= today and (newest is None or day > newest):
                newest = day
    return newest


def data_date(
    data: Any, *, given: str | None, modified: date | None, today: date
) -> tuple[str, str]:
    """The date to stamp imported prices with, and where it came from, in words.

    `given` (--as-of) wins. Else the file's modification date, when it is plausible: not after
    today, and not before the newest date named in the file (a file unzipped from a wheel
    carries 1980-01-01). Else that newest named date, a lower bound: prices then look older
    than they are, never fresher. Raises CatalogError when the file gives no date at all."""
    if given:
        stamp = _checked_date(given)
        if stamp > today.isoformat():
            raise CatalogError(f"the data's date {stamp} is after today ({today.isoformat()})")
        return stamp, "given with --as-of"
    named = newest_named_date(data, today)
    if modified is not None and modified <= today and (named is None or modified >= named):
        return modified.isoformat(), "the file's modification date"
    if named is not None:
        why = (
            f"its modification date {modified.isoformat()} cannot be the data's"
            if modified is not None
            else "it has no modification date"
        )
        return named.isoformat(), (
            f"the newest date in the file's model names, so the data is at least that new ({why})"
        )
    raise CatalogError(
        "cannot tell the data's date: the file names no dated model and its modification "
        "date is not plausible",
        hint="Pass --as-of DATE: the date of the LiteLLM release or commit the file is from.",
    )


def import_summary(
    current: dict[str, dict[str, Any]],
    imported: dict[str, dict[str, Any]],
    shipped: list[str],
) -> dict[str, Any]:
    """What an import changes, for a person to read: the changed fields of models the catalog
    already has (`current`: the shipped and user tables before the import), the catalog's
    shipped API ids (`shipped`) the file does not have, and how many other LiteLLM entries
    come in under their own names."""
    known = {m: t for m, t in imported.items() if m in current}
    changes = diff_prices(current, known)
    changed = sorted({model for model, *_ in changes})
    order = {m: i for i, m in enumerate(shipped)}
    # the catalog's own models first, then the user's earlier imports
    changes.sort(key=lambda c: (c[0] not in order, order.get(c[0], 0), c[0], c[1]))
    redated: dict[str, int] = {}  # "old as_of -> new as_of": models
    for model, table in known.items():
        before = str(_get(current[model], ("price", "as_of")) or "undated")
        after = str(_get(table, ("price", "as_of")) or "undated")
        if before != after:
            key = f"{before} → {after}"
            redated[key] = redated.get(key, 0) + 1
    return {
        "changes": [
            {"model": model, "field": field, "old": old, "new": new}
            for model, field, old, new in changes
        ],
        "redated": dict(sorted(redated.items())),
        "changed_models": len(changed),
        "unchanged_models": len(known) - len(changed),
        "refreshed": sorted(m for m in shipped if m in imported),
        "not_in_file": sorted(m for m in shipped if m not in imported),
        "added": len(imported) - len(known),
        "imported": len(imported),
    }


def _entry_to_table(
    name: str, entry: dict[str, Any], as_of: str, source: str
) -> dict[str, Any] | None:
    for key in (
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "cache_creation_input_token_cost",
    ):
        _check_cost(name, key, entry.get(key))
    input_cost = entry.get("input_cost_per_token")
    output_cost = entry.get("output_cost_per_token")
    if not all(_is_number(v) for v in (input_cost, output_cost)):
        return None
    cached = entry.get("cache_read_input_token_cost")
    if not _is_number(cached):
        cached = input_cost
    price: dict[str, Any] = {
        # round away float noise: 2.5e-06 * 1e6 = 2.4999999999999996
        "input": _per_million(input_cost),
        "cached_input": _per_million(cached),
        "output": _per_million(output_cost),
        "as_of": as_of,
        "source": source,
    }
    tier = _long_context(name, entry)
    if tier is not None:
        price["long_context"] = tier
    table: dict[str, Any] = {"price": price}
    provider = entry.get("litellm_provider")
    if isinstance(provider, str):
        table["provider"] = provider
    for ours, theirs in (
        ("context_window", "max_input_tokens"),
        ("max_output_tokens", "max_output_tokens"),
    ):
        tokens = _tokens(name, theirs, entry.get(theirs))
        if tokens is not None:
            table[ours] = tokens
    write = entry.get("cache_creation_input_token_cost")
    if _is_number(write) and input_cost > 0 and write > 0:
        table["cache"] = {"write_premium": float(f"{write / input_cost - 1:.6g}")}
    return table


def _long_context(name: str, entry: dict[str, Any]) -> dict[str, Any] | None:
    """The price tier above a prompt length: input_cost_per_token_above_200k_tokens and its
    output/cache-read siblings (the lowest threshold when there are several)."""
    tiers = []
    for key in entry:
        match = _TIER_KEY.match(key)
        if match:
            scale = 1000 if match.group(2) else 1
            tiers.append((int(match.group(1)) * scale, key[len("input_cost_per_token") :]))
    if not tiers:
        return None
    above, suffix = min(tiers)
    tier_input = entry.get("input_cost_per_token" + suffix)
    tier_output = entry.get("output_cost_per_token" + suffix)
    tier_cached = entry.get("cache_read_input_token_cost" + suffix)
    for key, value in (
        ("input_cost_per_token" + suffix, tier_input),
        ("output_cost_per_token" + suffix, tier_output),
        ("cache_read_input_token_cost" + suffix, tier_cached),
    ):
        _check_cost(name, key, value)
    if not _is_number(tier_input):
        return None
    if not _is_number(tier_output):
        tier_output = entry["output_cost_per_token"]
    if not _is_number(tier_cached):
        tier_cached = tier_input
    return {
        "above_tokens": above,
        "input": _per_million(tier_input),
        "cached_input": _per_million(tier_cached),
        "output": _per_million(tier_output),
    }


def _check_cost(name: str, key: str, value: Any) -> None:
    """Raise for a price that is a number but not a price: NaN, infinite, negative, absurd."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if not math.isfinite(value):
        raise CatalogError(f"{name}: `{key}` is not a finite number ({value})")
    if value < 0:
        raise CatalogError(f"{name}: `{key}` is negative ({value})")
    if value > MAX_COST_PER_TOKEN:
        raise CatalogError(
            f"{name}: `{key}` = {value} dollars per token (${value * 1e6:,.0f} per 1M tokens) "
            "is not a plausible price"
        )


def _tokens(name: str, key: str, value: Any) -> int | None:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None  # absent, or LiteLLM's descriptive text in sample_spec
    if not math.isfinite(value) or value < 0 or value > MAX_TOKENS:
        raise CatalogError(f"{name}: `{key}` = {value} is not a plausible token count")
    return int(value) if value > 0 else None


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _per_million(per_token: float) -> float:
    return float(f"{per_token * 1e6:.10g}")


def _checked_date(value: str) -> str:
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise CatalogError(f"the data's date must be written YYYY-MM-DD (got {value!r})") from None


def _shipped_aliases() -> dict[str, str]:
    from genai_design_cli.calc.catalog import Catalog

    return Catalog().litellm_aliases()


def _copy(table: dict[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in table.items()}


def _get(table: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(table, dict):
            return None
        table = table.get(key)
    return table


def _same(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b
