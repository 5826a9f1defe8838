"""The refreshed catalog data (API prices, open-weight configs, GPUs) and the loader fields that
carry it: limits, long-context tiers, cache rules, reasoning tokens, retirement, latent and
sliding-window attention, LiteLLM aliasing and stale-price detection."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from genai_design_cli.calc.catalog import (
    REFRESH_HINT,
    Architecture,
    Catalog,
    CatalogError,
    Prices,
    price_is_stale,
)
from genai_design_cli.calc.litellm import (
    data_date,
    diff_prices,
    import_summary,
    litellm_to_catalog,
    newest_named_date,
)

CAT = Catalog()
TODAY = date(2026, 11, 30)

API_IDS = [m for m in CAT.model_ids() if CAT.has_price(m)]
OPEN_IDS = [m for m in CAT.model_ids() if CAT.architecture(m) is not None]

# the current models the catalog must offer, and the ones whose provider has shut them down
CURRENT = [
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-5.1",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4o",
    "gpt-4o-mini",
    "claude-opus-4-5",
    "claude-haiku-4-5",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-3.1-pro",
]
RETIRED = [
    "o3-mini",
    "claude-sonnet-4",
    "claude-3-5-haiku",
    "claude-sonnet-4-5",
    "gemini-2.0-flash",
]
NEW_OPEN = [
    "llama-3.3-70b",
    "llama-4-scout",
    "llama-4-maverick",
    "qwen3-8b",
    "qwen3-32b",
    "qwen3-30b-a3b",
    "qwen3-235b-a22b",
    "deepseek-v3",
    "gpt-oss-20b",
    "gpt-oss-120b",
    "gemma-3-27b",
    "gemma-3-12b",
]


# --- API models ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", API_IDS)
def test_every_api_price_is_dated_and_sourced(model):
    prices = CAT.prices(model)
    assert date.fromisoformat(prices.as_of) <= TODAY, model
    assert prices.source, model
    assert 0 < prices.cached_input <= prices.input, model
    assert prices.output > 0
    tier = prices.long_context
    if tier is not None:  # a long prompt never costs less
        assert tier.above_tokens > 0
        assert tier.input >= prices.input and tier.output >= prices.output
        assert tier.cached_input >= prices.cached_input


@pytest.mark.parametrize("model", [m for m in API_IDS if not CAT.is_retired(m)])
def test_every_offered_api_model_has_its_limits(model):
    info = CAT.model_info(model)
    assert info.context_window >= 100_000, model
    assert 0 < info.max_output_tokens <= info.context_window + 128_000, model
    assert info.litellm_ids, model  # import-litellm can refresh it


def test_the_current_lineup_is_offered_and_the_shut_down_models_are_not():
    offered = CAT.offered_model_ids(TODAY)
    for model in CURRENT:
        assert model in offered, model
    for model in RETIRED:
        assert model not in offered, model
        assert model in CAT.model_ids()  # still loads, for old sessions
        assert CAT.prices(model).input > 0
        info = CAT.model_info(model)
        assert info.retired and info.retired_note, model


def test_model_ids_keeps_its_old_behaviour():
    assert CAT.model_ids() == sorted(CAT.models())
    assert set(CAT.model_ids(include_retired=False)) == set(CAT.model_ids()) - set(RETIRED)


def test_an_announced_shutdown_date_drops_a_model_once_it_has_come():
    assert CAT.model_info("gpt-5").retires_on == "2026-12-11"
    assert "gpt-5" in CAT.offered_model_ids("2026-12-10")
    assert "gpt-5" not in CAT.offered_model_ids("2026-12-11")
    assert not CAT.is_retired("gpt-5") and CAT.is_retired("gpt-5", "2027-01-01")


# prices per 1M tokens from LiteLLM's file (litellm 1.110.2, 2026-11-20), checked where a
# provider page could be read
@pytest.mark.parametrize(
    ("model", "input_", "cached", "output"),
    [
        ("gpt-5", 1.25, 0.125, 10.0),
        ("gpt-5-mini", 0.25, 0.025, 2.0),
        ("gpt-5-nano", 0.05, 0.005, 0.4),
        ("gpt-5.1", 1.25, 0.125, 10.0),
        ("gpt-4o", 2.5, 1.25, 10.0),
        ("gpt-4o-mini", 0.15, 0.075, 0.6),
        ("claude-opus-4-5", 5.0, 0.5, 25.0),
        ("claude-sonnet-4-5", 3.0, 0.3, 15.0),
        ("claude-haiku-4-5", 1.0, 0.1, 5.0),
        ("gemini-2.5-pro", 1.25, 0.125, 10.0),  # cached was $0.31 in 2025
        ("gemini-2.5-flash", 0.3, 0.03, 2.5),
        ("gemini-2.5-flash-lite", 0.1, 0.01, 0.4),
    ],
)
def test_prices(model, input_, cached, output):
    prices = CAT.prices(model)
    assert (prices.input, prices.cached_input, prices.output) == (input_, cached, output)


def test_long_context_tiers_bill_the_whole_request_above_the_threshold():
    pro = CAT.prices("gemini-2.5-pro")
    assert pro.long_context.above_tokens == 200_000
    assert (pro.long_context.input, pro.long_context.cached_input, pro.long_context.output) == (
        2.5,
        0.25,
        15.0,
    )
    assert pro.for_prompt(200_000) is pro
    assert pro.for_prompt(200_001).input == 2.5
    haiku = CAT.prices("claude-haiku-5-5")
    assert haiku.long_context.above_tokens == 100_000
    assert haiku.for_prompt(150_000).output == 2.5
    sonnet4 = CAT.prices("claude-sonnet-4")  # the 1M-context tier
    assert (sonnet4.long_context.input, sonnet4.long_context.output) == (6.0, 22.5)
    assert Prices("x", 1.0, 1.0, 1.0).for_prompt(10**9).input == 1.0


def test_cache_rules():
    sonnet = CAT.cache_rules("claude-sonnet-4-5")
    assert (sonnet.min_prefix_tokens, sonnet.write_premium) == (1024, 0.25)  # 1.25x input
    assert (sonnet.write_premium_long_ttl, sonnet.long_ttl) == (1.0, "1h")  # 2x input
    assert CAT.cache_rules("claude-opus-4-5").min_prefix_tokens == 4096
    openai = CAT.cache_rules("gpt-4o")
    assert (openai.min_prefix_tokens, openai.write_premium) == (1024, 0.0)
    assert CAT.cache_rules("llama-3.1-8b") is None


def test_reasoning_tokens_are_sourced_or_marked_as_assumptions():
    for model in API_IDS:
        reasoning = CAT.reasoning(model)
        if reasoning is None:
            continue
        assert reasoning.source, model
        if reasoning.default_reasoning_tokens and not reasoning.assumed:
            pytest.fail(f"{model}: a reasoning-token figure must be measured or marked assumed")
    assert CAT.reasoning("gpt-5").default_effort == "medium"
    assert CAT.reasoning("gpt-5.1").default_reasoning_tokens == 0  # default effort "none"
    assert CAT.reasoning("claude-haiku-4-5").default_reasoning_tokens == 0  # thinking opt-in
    assert CAT.reasoning("gpt-4o") is None


def test_latency_tables_have_sources():
    for model in API_IDS:
        latency = CAT.api_latency(model)
        if latency is not None:
            assert latency.as_of and latency.source, model
            assert 0 < latency.ttft_ms[0] <= latency.ttft_ms[1]


def test_litellm_ids_name_each_key_once():
    seen: dict[str, str] = {}
    for model in CAT.model_ids():
        for key in CAT.model_info(model).litellm_ids:
            assert key not in seen, (key, seen.get(key), model)
            seen[key] = model
    assert CAT.litellm_aliases()["claude-sonnet-4-5-20250929"] == "claude-sonnet-4-5"


# --- open-weight models -------------------------------------------------------------------


@pytest.mark.parametrize("model", OPEN_IDS)
def test_every_open_model_names_its_config(model):
    arch = CAT.architecture(model)
    assert "config.json" in arch.source and arch.as_of, model
    assert arch.active_params_b <= arch.params_b
    assert arch.layers * arch.attention_heads * arch.head_dim > 0


def test_the_new_open_models_are_there():
    for model in NEW_OPEN:
        assert CAT.architecture(model) is not None, model


@pytest.mark.parametrize(
    ("model", "layers", "hidden", "heads", "kv_heads", "head_dim", "experts", "per_token"),
    [
        ("llama-3.3-70b", 80, 8192, 64, 8, 128, 0, 0),
        ("llama-4-scout", 48, 5120, 40, 8, 128, 16, 1),
        ("llama-4-maverick", 48, 5120, 40, 8, 128, 128, 1),
        ("qwen3-8b", 36, 4096, 32, 8, 128, 0, 0),
        ("qwen3-32b", 64, 5120, 64, 8, 128, 0, 0),
        ("qwen3-30b-a3b", 48, 2048, 32, 4, 128, 128, 8),
        ("qwen3-235b-a22b", 94, 4096, 64, 4, 128, 128, 8),
        ("deepseek-v3", 61, 7168, 128, 128, 128, 256, 8),
        ("gpt-oss-20b", 24, 2880, 64, 8, 64, 32, 4),
        ("gpt-oss-120b", 36, 2880, 64, 8, 64, 128, 4),
        ("gemma-3-27b", 62, 5376, 32, 16, 128, 0, 0),
        ("gemma-3-12b", 48, 3840, 16, 8, 256, 0, 0),
    ],
)
def test_new_architectures_match_their_configs(
    model, layers, hidden, heads, kv_heads, head_dim, experts, per_token
):
    arch = CAT.architecture(model)
    assert (arch.layers, arch.hidden_size, arch.attention_heads, arch.kv_heads) == (
        layers,
        hidden,
        heads,
        kv_heads,
    )
    assert (arch.head_dim, arch.experts, arch.experts_per_token) == (head_dim, experts, per_token)


def test_deepseek_latent_attention_caches_576_values_per_layer():
    arch = CAT.architecture("deepseek-v3")
    assert arch.latent_attention
    assert (arch.kv_lora_rank, arch.qk_rope_head_dim) == (512, 64)
    assert (arch.qk_nope_head_dim, arch.v_head_dim) == (128, 128)
    assert (arch.shared_experts, arch.dense_layers, arch.vocab_size) == (1, 3, 129_280)
    # (512 + 64) values x 2 bytes x 61 layers, instead of 2 x 128 heads x 128 x 2 x 61
    assert arch.kv_cache_bytes_per_token(2) == 576 * 2 * 61
    assert arch.kv_cache_bytes_per_token(2) < 2 * 128 * 128 * 2 * 61 / 50


@pytest.mark.parametrize(
    ("model", "window", "window_layers"),
    [
        ("gpt-oss-120b", 128, 18),
        ("gpt-oss-20b", 128, 12),
        ("gemma-3-27b", 1024, 52),  # 5 local layers per global one
        ("gemma-3-12b", 1024, 40),
        ("mistral-7b", 4096, 0),  # every layer
        ("llama-4-scout", 8192, 36),  # chunked attention on 3 of 4 layers
    ],
)
def test_sliding_window_fields_load(model, window, window_layers):
    arch = CAT.architecture(model)
    assert (arch.sliding_window, arch.sliding_window_layers) == (window, window_layers)


def test_sliding_windows_shrink_the_kv_cache_of_long_contexts():
    oss = CAT.architecture("gpt-oss-120b")
    full = 2 * 8 * 64 * 2 * 36  # every layer in full
    assert oss.kv_cache_bytes_per_token(2) == full
    # at 128k tokens the 18 sliding layers keep 128 tokens each: about half the cache
    assert oss.kv_cache_bytes_per_token(2, 131_072) == pytest.approx(full / 2, rel=0.01)
    assert oss.kv_cache_bytes_per_token(2, 100) == full  # shorter than the window
    mistral = CAT.architecture("mistral-7b")  # all layers windowed
    assert mistral.kv_cache_bytes_per_token(2, 32_768) == pytest.approx(
        mistral.kv_cache_bytes_per_token(2) / 8
    )


def test_embedding_parameters_stay_with_the_vocabulary():
    for model in NEW_OPEN:
        arch = CAT.architecture(model)
        assert arch.vocab_size > 0 and arch.embedding_params_b > 0, model
        tied = 1 if model.startswith("gemma") else 2
        expected = arch.vocab_size * arch.hidden_size * tied / 1e9
        assert arch.embedding_params_b == pytest.approx(expected, abs=0.01), model


def test_old_architectures_still_load_with_the_new_defaults():
    arch = CAT.architecture("llama-3.1-8b")
    assert (arch.sliding_window, arch.kv_lora_rank, arch.shared_experts) == (0, 0, 0)
    assert arch.kv_cache_bytes_per_token(2, 1_000_000) == 2 * 32 * 8 * 128 * 2
    old = Architecture("m", 1.0, 1.0, 2, 64, 4, 4, 16)  # positional construction still works
    assert old.embedding_params_b == 0.0


def test_bad_architecture_fields_are_located(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        "[models.m.architecture]\nparams_b = 1\nlayers = 4\nhidden_size = 64\n"
        "attention_heads = 4\nsliding_window_layers = 8\nsliding_window = 16\n"
    )
    with pytest.raises(CatalogError) as info:
        Catalog([path]).architecture("m")
    assert info.value.where == f"{path}:1: models.m.architecture"  # the user's file and line
    assert "sliding_window_layers" in info.value.message


# --- GPUs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gpu", "memory_bytes", "bandwidth", "bf16", "fp8"),
    [
        ("l40s", 46_068 * 2**20, 864, 362.05, 733),
        ("b200", 183_359 * 2**20, 8000, 2250, 4500),
        ("mi300x", 205_822_885_888, 5300, 1307.4, 2614.9),
    ],
)
def test_new_gpus_are_dense_datasheet_figures(gpu, memory_bytes, bandwidth, bf16, fp8):
    spec = CAT.gpu(gpu)
    assert spec.memory_bytes == memory_bytes
    assert (spec.bandwidth_gb_s, spec.bf16_tflops, spec.fp8_tflops) == (bandwidth, bf16, fp8)
    assert spec.spec_source and spec.price_source and spec.price_as_of
    low, high = spec.price_per_hour_range
    assert low <= spec.price_per_hour <= high


# --- stale prices ---------------------------------------------------------------------------

USER_PRICES = """
[models.old-contract.price]
input = 1.0
output = 2.0
as_of = "2026-01-15"
source = "our contract"

[models.undated.price]
input = 1.0
output = 2.0
source = "a quote"

[models.fresh.price]
input = 1.0
output = 2.0
as_of = 2026-10-01
source = "a quote"

[models.gone]
retired = true
[models.gone.price]
input = 1.0
output = 2.0
as_of = "2024-01-01"
source = "old"
"""


def test_stale_prices_are_those_older_than_six_months(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_PRICES)
    cat = Catalog([path])
    stale = cat.stale_prices("2026-11-30")
    assert ("old-contract", "2026-01-15") in stale
    assert ("undated", "") in stale  # no date: cannot be trusted
    ids = [m for m, _ in stale]
    assert "fresh" not in ids and "gone" not in ids  # recent; retired
    assert ("gone", "2024-01-01") in cat.stale_prices("2026-11-30", include_retired=True)
    assert stale[0][1] <= stale[-1][1]  # oldest first (undated first)
    # the shipped prices are fresh today, and stale a year later
    assert CAT.stale_prices(TODAY) == []
    assert "gpt-5.4" in [m for m, _ in CAT.stale_prices(date(2027, 11, 30))]
    assert "import-litellm" in REFRESH_HINT


def test_six_months_is_calendar_months():
    path_cat = Catalog()
    # 2026-11-20 is stale on 2027-05-21 but not on 2027-05-20
    assert "gpt-5.4" not in [m for m, _ in path_cat.stale_prices("2027-05-20")]
    assert "gpt-5.4" in [m for m, _ in path_cat.stale_prices("2027-05-21")]


@pytest.mark.parametrize(
    ("toml", "where", "message"),
    [
        ('[models.m]\nretires_on = "soon"\n', "models.m", "retires_on"),
        ("[models.m]\nretired = 1\n", "models.m", "retired"),
        ("[models.m]\ncontext_window = 1.5\n", "models.m", "whole number"),
        (
            "[models.m.price]\ninput = 1\noutput = 1\n[models.m.price.long_context]\ninput = 2\n"
            "output = 2\n",
            "models.m.price.long_context",
            "above_tokens",
        ),
        ("[models.m.price]\ninput = inf\noutput = 1\n", "models.m.price", "finite"),
        ("[models.m.cache]\nwrite_premium = -1\n", "models.m.cache", "negative"),
    ],
)
def test_bad_user_catalog_fields_name_file_key(tmp_path, toml, where, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    cat = Catalog([path])
    with pytest.raises(CatalogError) as info:
        cat.model_info("m")
        cat.cache_rules("m")
        cat.prices("m")
    # the user's file, and the line of the table's header
    line = 1 + next(n for n, text in enumerate(toml.splitlines()) if text == f"[{where}]")
    assert info.value.where == f"{path}:{line}: {where}"
    assert message in info.value.message


# --- LiteLLM import ---------------------------------------------------------------------------

FIXTURE = {
    "sample_spec": {"input_cost_per_token": 0.0, "max_input_tokens": "max input tokens"},
    "claude-sonnet-4-5-20250929": {
        "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05,
        "cache_read_input_token_cost": 3e-07,
        "cache_creation_input_token_cost": 3.75e-06,
        "max_input_tokens": 200000,
        "max_output_tokens": 64000,
        "litellm_provider": "anthropic",
        "mode": "chat",
    },
    "gemini/gemini-2.5-pro": {
        "input_cost_per_token": 1.25e-06,
        "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "input_cost_per_token_above_200k_tokens_batches": 1.25e-06,
        "output_cost_per_token": 1e-05,
        "output_cost_per_token_above_200k_tokens": 1.5e-05,
        "cache_read_input_token_cost": 1.25e-07,
        "cache_read_input_token_cost_above_200k_tokens": 2.5e-07,
        "max_input_tokens": 1048576,
        "max_output_tokens": 65536,
        "litellm_provider": "gemini",
    },
    "gpt-5": {  # our id and LiteLLM's name are the same key
        "input_cost_per_token": 1.0e-06,
        "output_cost_per_token": 1e-05,
        "cache_read_input_token_cost": 1.25e-07,
        "max_input_tokens": 272000,
        "max_output_tokens": 128000,
        "litellm_provider": "openai",
    },
}


def _import(data, **kwargs):
    kwargs.setdefault("as_of", "2026-11-30")
    kwargs.setdefault("source", "LiteLLM test file")
    return litellm_to_catalog(data, **kwargs)


def test_litellm_keys_refresh_our_ids():
    models = _import(FIXTURE)
    # the dated LiteLLM key refreshes our id, and stays available under its own name
    ours = models["claude-sonnet-4-5"]
    assert ours["price"]["input"] == 3.0 and ours["price"]["cached_input"] == 0.3
    assert "claude-sonnet-4-5-20250929" in ours["price"]["source"]
    assert "claude-sonnet-4-5-20250929" in models
    assert ours["context_window"] == 200_000 and ours["max_output_tokens"] == 64_000
    assert ours["cache"] == {"write_premium": 0.25}  # 3.75 / 3.00 - 1
    assert models["gemini-2.5-pro"]["price"]["output"] == 10.0
    assert models["gpt-5"]["price"]["input"] == 1.0
    assert "sample_spec" not in models


def test_litellm_tiers_convert_to_long_context_prices():
    tier = _import(FIXTURE)["gemini-2.5-pro"]["price"]["long_context"]
    assert tier == {"above_tokens": 200_000, "input": 2.5, "cached_input": 0.25, "output": 15.0}
    assert "long_context" not in _import(FIXTURE)["gpt-5"]["price"]


def test_the_data_date_stamps_the_prices_when_given():
    assert _import(FIXTURE)["gpt-5"]["price"]["as_of"] == "2026-11-30"
    dated = _import(FIXTURE, data_as_of="2026-11-20")
    assert {t["price"]["as_of"] for t in dated.values()} == {"2026-11-20"}
    with pytest.raises(CatalogError, match="YYYY-MM-DD"):
        _import(FIXTURE, data_as_of="last week")


def test_explicit_aliases_override_the_shipped_ones():
    models = _import(FIXTURE, aliases={"gpt-5": "my-model"})
    assert models["my-model"]["price"]["input"] == 1.0
    assert "claude-sonnet-4-5" not in models


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("input_cost_per_token", math.nan, "finite"),
        ("output_cost_per_token", math.inf, "finite"),
        ("cache_read_input_token_cost", -1e-07, "negative"),
        ("output_cost_per_token", 0.5, "plausible"),  # $500,000 per 1M tokens
        ("input_cost_per_token_above_200k_tokens", math.inf, "finite"),
        ("max_input_tokens", 1e12, "plausible"),
    ],
)
def test_non_finite_or_absurd_numbers_are_rejected(key, value, message):
    data = json.loads(json.dumps(FIXTURE))
    data["gemini/gemini-2.5-pro"][key] = value
    with pytest.raises(CatalogError, match=message) as info:
        _import(data)
    assert "gemini/gemini-2.5-pro" in info.value.message


def test_nan_from_a_json_file_is_rejected():
    text = '{"m": {"input_cost_per_token": NaN, "output_cost_per_token": 1e-06}}'
    with pytest.raises(CatalogError, match="finite"):
        _import(json.loads(text), aliases={})


def test_diff_prices_lists_what_an_import_changes():
    shipped = {m: CAT.model_table(m) for m in ("gpt-5", "gemini-2.5-pro", "claude-sonnet-4-5")}
    new = _import(FIXTURE)
    changes = diff_prices(shipped, new)
    assert ("gpt-5", "price.input", 1.25, 1.0) in changes
    # unchanged figures are not listed
    assert not [c for c in changes if c[0] == "gemini-2.5-pro"]
    assert not [c for c in changes if c[0] == "claude-sonnet-4-5"]
    # a model the old tables lack: every field is new
    fresh = [c for c in changes if c[0] == "claude-sonnet-4-5-20250929"]
    assert ("claude-sonnet-4-5-20250929", "price.input", None, 3.0) in fresh
    assert [c[0] for c in changes] == sorted(c[0] for c in changes)


def test_the_shipped_catalog_round_trips_through_its_own_litellm_ids():
    """Each offered API model's first LiteLLM key, fed back as a LiteLLM entry with the
    shipped prices, changes nothing."""
    data = {}
    for model in CAT.offered_model_ids(TODAY):
        if not CAT.has_price(model):
            continue
        prices, info = CAT.prices(model), CAT.model_info(model)
        entry = {
            "input_cost_per_token": prices.input / 1e6,
            "output_cost_per_token": prices.output / 1e6,
            "cache_read_input_token_cost": prices.cached_input / 1e6,
            "max_input_tokens": info.context_window,
            "max_output_tokens": info.max_output_tokens,
        }
        if prices.long_context:
            tier, suffix = (
                prices.long_context,
                f"_above_{prices.long_context.above_tokens // 1000}k_tokens",
            )
            entry["input_cost_per_token" + suffix] = tier.input / 1e6
            entry["output_cost_per_token" + suffix] = tier.output / 1e6
            entry["cache_read_input_token_cost" + suffix] = tier.cached_input / 1e6
        data[info.litellm_ids[0]] = entry
    new = _import(data)
    old = {m: CAT.model_table(m) for m in CAT.model_ids()}
    changes = [c for c in diff_prices(old, new) if c[0] in old and c[1] != "cache.write_premium"]
    assert changes == []


# --- cost's fast path: one model's sections of the API file ----------------------------------


@pytest.mark.parametrize("model", API_IDS)
def test_api_model_reads_one_model_as_the_whole_file_does(model):
    alone = Catalog()
    api = alone.api_model(model)
    assert "api" not in alone._parts  # the whole API file was not parsed
    assert api.prices == CAT.prices(model)
    assert api.info == CAT.model_info(model)
    assert api.cache == CAT.cache_rules(model)
    assert api.reasoning == CAT.reasoning(model)


def test_api_model_merges_the_users_catalog_over_the_shipped_figures(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[models.gpt-4o.price]\ninput = 2.0\noutput = 8.0\nas_of = "2026-11-29"\nsource = "us"\n'
        "[models.gpt-4o]\ncontext_window = 64000\n"
        "[models.acme.price]\ninput = 1.0\noutput = 1.0\n"
    )
    cat = Catalog([path])
    gpt_4o = cat.api_model("gpt-4o")
    assert (gpt_4o.prices.input, gpt_4o.prices.output, gpt_4o.prices.as_of) == (
        2.0,
        8.0,
        "2026-11-29",
    )
    assert gpt_4o.info.context_window == 64_000
    assert gpt_4o.cache.min_prefix_tokens == 1024  # the shipped rules stay
    assert cat.api_model("acme").info.context_window == 0  # unknown: not checked
    with pytest.raises(CatalogError, match="unknown model 'gpt-4q'"):
        cat.api_model("gpt-4q")


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [
        ("2026-05-29", True),
        ("2026-05-30", False),
        ("", True),
        ("soon", True),
        ("2026-11-20", False),
    ],
)
def test_price_is_stale_after_six_calendar_months(as_of, stale):
    assert price_is_stale(as_of, TODAY) is stale


# --- import-litellm: the data's date and what changed -----------------------------------------


def test_the_newest_dated_model_name_bounds_the_data_date():
    names = {"gpt-4o-2024-08-06": {}, "claude-sonnet-4-5-20250929": {}, "x-2099-01-01": {}}
    assert newest_named_date(names, TODAY) == date(2025, 9, 29)  # a future date is ignored
    assert newest_named_date({"gpt-4o": {}}, TODAY) is None


@pytest.mark.parametrize(
    ("given", "modified", "expected", "why"),
    [
        ("2026-11-20", date(2026, 11, 29), "2026-11-20", "given with --as-of"),
        (None, date(2026, 10, 1), "2026-10-01", "the file's modification date"),
        # a wheel's zip epoch, or a date before a model the file names: not the data's date
        (None, date(1980, 1, 1), "2025-09-29", "newest date in the file's model names"),
        (None, date(2025, 1, 1), "2025-09-29", "newest date in the file's model names"),
        (None, date(2027, 1, 1), "2025-09-29", "newest date in the file's model names"),
    ],
)
def test_data_date(given, modified, expected, why):
    data = {"claude-sonnet-4-5-20250929": {}}
    stamp, dated_by = data_date(data, given=given, modified=modified, today=TODAY)
    assert stamp == expected and why in dated_by


def test_no_date_at_all_asks_for_as_of():
    with pytest.raises(CatalogError) as info:
        data_date({"gpt-4o": {}}, given=None, modified=None, today=TODAY)
    assert "--as-of" in info.value.hint


def test_import_summary_maps_every_shipped_id_and_names_the_missing():
    imported = _import(FIXTURE)
    current = {m: CAT.model_table(m) for m in CAT.model_ids()}
    summary = import_summary(current, imported, API_IDS)
    assert {"gpt-5", "gemini-2.5-pro", "claude-sonnet-4-5"} <= set(summary["refreshed"])
    assert "gpt-4o" in summary["not_in_file"]
    assert summary["changes"][0] == {
        "model": "gpt-5",
        "field": "price.input",
        "old": 1.25,
        "new": 1.0,
    }
    assert summary["changed_models"] == 1
    assert summary["added"] == 2  # the two LiteLLM names that are not catalog ids
    assert summary["imported"] == len(imported)
