"""Prices from LiteLLM's model_prices_and_context_window.json, as catalog model tables."""

from __future__ import annotations

from typing import Any

from genai_design_cli.calc.catalog import CatalogError


def litellm_to_catalog(data: Any, *, as_of: str, source: str) -> dict[str, dict[str, Any]]:
    """Convert LiteLLM's model_prices_and_context_window.json (dollars per TOKEN) into catalog
    model tables (dollars per 1M tokens). Entries without both token prices (images, audio,
    embeddings without output price...) and the `sample_spec` documentation entry are skipped."""
    if not isinstance(data, dict):
        raise CatalogError("expected a JSON object mapping model names to their prices")
    models: dict[str, dict[str, Any]] = {}
    for name, entry in data.items():
        if name == "sample_spec" or not isinstance(entry, dict):
            continue
        input_cost = entry.get("input_cost_per_token")
        output_cost = entry.get("output_cost_per_token")
        if not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
            for v in (input_cost, output_cost)
        ):
            continue
        cached = entry.get("cache_read_input_token_cost")
        if not isinstance(cached, (int, float)) or isinstance(cached, bool) or cached < 0:
            cached = input_cost
        price = {
            # round away float noise: 2.5e-06 * 1e6 = 2.4999999999999996
            "input": _per_million(input_cost),
            "cached_input": _per_million(cached),
            "output": _per_million(output_cost),
            "as_of": as_of,
            "source": source,
        }
        table: dict[str, Any] = {"price": price}
        provider = entry.get("litellm_provider")
        if isinstance(provider, str):
            table["provider"] = provider
        models[str(name)] = table
    return models


def _per_million(per_token: float) -> float:
    return float(f"{per_token * 1e6:.10g}")
