"""The shipped catalog: required entries, figures from their primary sources, the user's own
overrides, and `catalog models | gpus | import-litellm`."""

from __future__ import annotations

import json

import pytest
from fixtures import API_MODELS, GPUS, OPEN_MODELS

from genai_design_cli.calc.catalog import Catalog, CatalogError
from genai_design_cli.calc.litellm import litellm_to_catalog


def test_required_entries_with_source_and_date():
    cat = Catalog()
    for model in API_MODELS:
        prices = cat.prices(model)
        assert prices.as_of and prices.source, model
        assert prices.cached_input <= prices.input
        lat = cat.api_latency(model)
        assert lat is not None and lat.as_of and lat.source, model
    for model in OPEN_MODELS:
        arch = cat.architecture(model)
        assert arch is not None and arch.as_of and "config.json" in arch.source, model
    for gpu_id in GPUS:
        gpu = cat.gpu(gpu_id)
        assert gpu.spec_as_of and gpu.spec_source and gpu.price_as_of and gpu.price_source


# KV heads and shapes from each model's config.json (num_key_value_heads etc.)
@pytest.mark.parametrize(
    ("model", "layers", "heads", "kv_heads", "hidden"),
    [
        ("llama-2-7b", 32, 32, 32, 4096),
        ("llama-2-13b", 40, 40, 40, 5120),
        ("llama-2-70b", 80, 64, 8, 8192),
        ("llama-3.1-8b", 32, 32, 8, 4096),
        ("llama-3.1-70b", 80, 64, 8, 8192),
        ("mistral-7b", 32, 32, 8, 4096),
        ("mixtral-8x7b", 32, 32, 8, 4096),
        ("qwen2.5-7b", 28, 28, 4, 3584),
        ("qwen2.5-72b", 80, 64, 8, 8192),
        ("opt-13b", 40, 40, 40, 5120),
    ],
)
def test_architectures_match_their_configs(model, layers, heads, kv_heads, hidden):
    arch = Catalog().architecture(model)
    assert (arch.layers, arch.attention_heads, arch.kv_heads, arch.hidden_size) == (
        layers,
        heads,
        kv_heads,
        hidden,
    )
    assert arch.head_dim == 128


def test_mixtral_total_and_active_parameters():
    arch = Catalog().architecture("mixtral-8x7b")
    assert (arch.params_b, arch.active_params_b) == (46.7, 12.9)


# memory: nvidia-smi memory.total in MiB (what vLLM's gpu_memory_utilization is a share of);
# TFLOPS: datasheet dense figures (FP8 3,958 with sparsity on H100/H200 = 1,979 dense; L4 485
# with sparsity = 242 dense)
@pytest.mark.parametrize(
    ("gpu", "memory_mib", "bandwidth", "tflops", "fp8"),
    [
        ("a100-40gb", 40_960, 1555, 312, 0),
        ("a100-80gb", 81_920, 2039, 312, 0),
        ("h100-sxm", 81_559, 3350, 989, 1979),
        ("h200", 143_771, 4800, 989, 1979),
        ("l4", 23_034, 300, 121, 242),  # datasheet: 242 BF16 with sparsity
        ("a10g", 23_028, 600, 70, 0),
    ],
)
def test_gpu_datasheet_figures_are_dense(gpu, memory_mib, bandwidth, tflops, fp8):
    spec = Catalog().gpu(gpu)
    assert spec.memory_bytes == memory_mib * 2**20
    assert (spec.bandwidth_gb_s, spec.bf16_tflops, spec.fp8_tflops) == (bandwidth, tflops, fp8)


def test_gpu_memory_is_binary_not_decimal():
    # a marketed "80 GB" H100 holds 81,559 MiB = 85.5e9 bytes (79.6 GiB), not 80e9 bytes;
    # an L4 "24 GB" holds 23,034 MiB = 24.15e9 bytes (22.5 GiB)
    cat = Catalog()
    assert cat.gpu("h100-sxm").memory_bytes == pytest.approx(85.52e9, rel=1e-3)
    assert cat.gpu("h100-sxm").memory_gib == pytest.approx(79.65, abs=0.01)
    assert cat.gpu("l4").memory_bytes == pytest.approx(24.15e9, rel=1e-3)


def test_user_gpu_memory_units(tmp_path):
    path = tmp_path / "gpus.toml"
    path.write_text(
        "[gpus.mine]\nmemory_gib = 48\nbandwidth_gb_s = 864\nbf16_tflops = 181\n"
        "price_per_hour = 1.0\n"
        "[gpus.decimal]\nmemory_gb = 48\nbandwidth_gb_s = 864\nbf16_tflops = 181\n"
        "price_per_hour = 1.0\n"
    )
    cat = Catalog([path])
    assert cat.gpu("mine").memory_bytes == 48 * 2**30
    assert cat.gpu("decimal").memory_bytes == 48 * 10**9  # a bare memory_gb is decimal


def test_catalog_models_shows_source_and_date_for_every_entry(cli):
    data = json.loads(cli("catalog", "models", "--json").stdout)["models"]
    for model in set(API_MODELS + OPEN_MODELS):
        assert model in data
    for model_id, table in data.items():
        for section in ("price", "latency", "architecture"):
            if section in table:
                assert table[section]["as_of"], (model_id, section)
                assert table[section]["source"], (model_id, section)
    result = cli("catalog", "models")
    assert result.exit_code == 0
    out = result.stdout
    for model in set(API_MODELS + OPEN_MODELS):
        assert model in out
    cat = Catalog()
    for model in API_MODELS:  # each price's own date is shown
        assert cat.prices(model).as_of in out, model
    assert "huggingface.co" in out and "openai.com" in out


def test_catalog_gpus(cli):
    data = json.loads(cli("catalog", "gpus", "--json").stdout)["gpus"]
    assert set(GPUS) <= set(data)
    result = cli("catalog", "gpus")
    assert result.exit_code == 0
    for gpu in GPUS:
        assert gpu in result.stdout


USER_CATALOG = """
[models.my-model.price]
input = 1.0
output = 3.0
as_of = "2026-11-01"
source = "our contract"

[models.gpt-4o.price]
input = 2.0

[gpus.h100-sxm]
price_per_hour = 2.0
"""


def test_user_catalog_flag_overrides_and_extends(cli, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_CATALOG)
    data = json.loads(
        cli("cost", "--qps", "1", "--model", "my-model", "--catalog", str(path), "--json").stdout
    )
    # 1000 x $1 + 250 x $3 per 1M = $0.00175
    assert data["llm"]["per_query"] == pytest.approx(0.00175)
    over = json.loads(
        cli("cost", "--qps", "1", "--model", "gpt-4o", "--catalog", str(path), "--json").stdout
    )
    # input overridden to $2, output still the shipped $10: 0.002 + 0.0025
    assert over["llm"]["per_query"] == pytest.approx(0.0045)


def test_home_catalog_is_picked_up(cli, genai_home):
    (genai_home / "catalog.toml").write_text(USER_CATALOG)
    data = json.loads(
        cli(
            "capacity", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--qps", "1", "--json"
        ).stdout
    )
    assert data["cost_per_replica_month"] == pytest.approx(2.0 * 720)  # $2/h x 720 h


def test_bad_user_catalog_is_a_clear_error(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[models.x\nprice = 1")
    result = cli("cost", "--qps", "1", "--model", "gpt-4o", "--catalog", str(path))
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "not valid TOML" in result.output
    path.write_text("[prices]\nx = 1")
    result = cli("cost", "--qps", "1", "--model", "gpt-4o", "--catalog", str(path))
    assert result.exit_code == 2 and "unknown table [prices]" in result.output


def test_bad_figure_in_user_catalog_is_located(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[models.gpt-4o.price]\ninput = "cheap"\n')
    with pytest.raises(CatalogError) as info:
        Catalog([path]).prices("gpt-4o")
    assert info.value.where == f"{path}:1: models.gpt-4o.price"  # the user's file and line


LITELLM_SAMPLE = {
    "sample_spec": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
    "gpt-4o": {
        "input_cost_per_token": 2.5e-06,
        "output_cost_per_token": 1e-05,
        "cache_read_input_token_cost": 1.25e-06,
        "litellm_provider": "openai",
        "mode": "chat",
    },
    "groq/llama-3.1-8b-instant": {
        "input_cost_per_token": 5e-08,
        "output_cost_per_token": 8e-08,
        "litellm_provider": "groq",
        "mode": "chat",
    },
    "dall-e-3": {"output_cost_per_image": 0.04, "mode": "image_generation"},
}


def test_litellm_conversion_per_token_to_per_million():
    models = litellm_to_catalog(LITELLM_SAMPLE, as_of="2026-11-26", source="test")
    assert set(models) == {"gpt-4o", "groq/llama-3.1-8b-instant"}
    assert models["gpt-4o"]["price"]["input"] == 2.5
    assert models["gpt-4o"]["price"]["cached_input"] == 1.25
    assert models["gpt-4o"]["price"]["output"] == 10.0
    # no cache price: cached input costs the same as input
    assert models["groq/llama-3.1-8b-instant"]["price"]["cached_input"] == 0.05


def test_import_litellm_writes_the_user_catalog_and_keeps_entries(cli, genai_home, tmp_path):
    (genai_home / "catalog.toml").write_text(
        '[models.ours.price]\ninput = 9.0\noutput = 9.0\nas_of = "2026-01-01"\nsource = "us"\n'
    )
    sample = tmp_path / "prices.json"
    sample.write_text(json.dumps(LITELLM_SAMPLE))
    result = cli("catalog", "import-litellm", str(sample))
    assert result.exit_code == 0, result.output
    assert "Imported 2 model prices" in result.output
    cat = Catalog([genai_home / "catalog.toml"])
    assert cat.prices("ours").input == 9.0
    assert cat.prices("groq/llama-3.1-8b-instant").output == 0.08
    data = json.loads(
        cli("cost", "--qps", "1", "--model", "groq/llama-3.1-8b-instant", "--json").stdout
    )
    assert data["llm"]["per_query"] == pytest.approx((1000 * 0.05 + 250 * 0.08) / 1e6)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"dall-e-3": {"output_cost_per_image": 0.04}}', "no chat/completion entries"),
    ],
)
def test_import_litellm_bad_files(cli, tmp_path, content, expected):
    path = tmp_path / "x.json"
    path.write_text(content)
    result = cli("catalog", "import-litellm", str(path))
    assert result.exit_code == 2
    assert expected in result.output
    missing = cli("catalog", "import-litellm", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_a_gpu_name_without_its_variant_suggests_the_variant_first():
    from genai_design_cli.calc.catalog import near_matches

    assert near_matches("h100", ["a100-80gb", "h100-sxm", "h200", "l4"])[0] == "h100-sxm"
