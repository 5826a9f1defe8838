"""The shipped catalog: required entries, figures from their primary sources, the user's own
overrides, and `catalog models | gpus | import-litellm`."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest
from fixtures import API_MODELS, GPUS, OPEN_MODELS

from genai_design_cli.calc.catalog import Catalog, CatalogError
from genai_design_cli.calc.litellm import litellm_to_catalog


@pytest.fixture(autouse=True)
def catalog_day(monkeypatch):
    """Judge retirements and stale prices on the catalog's own day (its prices are dated
    2026-11-20), not on the machine's clock, so these tests do not age."""
    day = date(2026, 11, 30)
    monkeypatch.setattr("genai_design_cli.cli.options.today", lambda: day)
    return day


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
    data = json.loads(cli("catalog", "models", "--all", "--json").stdout)["models"]
    for model in set(API_MODELS + OPEN_MODELS):
        assert model in data
    for model_id, table in data.items():
        for section in ("price", "latency", "architecture"):
            if section in table:
                assert table[section]["as_of"], (model_id, section)
                assert table[section]["source"], (model_id, section)
    result = cli("catalog", "models", "--all")
    assert result.exit_code == 0
    out = result.stdout
    for model in set(API_MODELS + OPEN_MODELS):
        assert model in out
    cat = Catalog()
    for model in API_MODELS:  # each price's own date is shown
        assert cat.prices(model).as_of in out, model
    assert "huggingface.co" in out and "openai.com" in out


RETIRED = ["claude-3-5-haiku", "claude-sonnet-4", "gemini-2.0-flash", "o3-mini"]


def test_catalog_models_hides_retired_models_unless_all(cli):
    shown = json.loads(cli("catalog", "models", "--json").stdout)
    for model in RETIRED:
        assert model not in shown["models"] and model in shown["retired"]
    assert "gpt-4o" in shown["models"] and "llama-3.3-70b" in shown["models"]
    everything = json.loads(cli("catalog", "models", "--all", "--json").stdout)["models"]
    assert set(RETIRED) <= set(everything)
    text = cli("catalog", "models").stdout
    rows = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert not set(RETIRED) & rows
    assert "Retired, not shown (--all shows them" in text
    # announced shutdowns are listed, with the date
    assert "Shutting down on 2027-01-14:" in text and "gpt-4o" in text
    marked = cli("catalog", "models", "--all").stdout
    assert "claude-sonnet-4 *" in marked and "* retired:" in marked


def test_catalog_models_shows_context_windows(cli):
    text = cli("catalog", "models").stdout
    gpt_4o = next(line for line in text.splitlines() if line.split()[:1] == ["gpt-4o"])
    assert "128k" in gpt_4o and "16.4k" in gpt_4o


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
    result = cli("catalog", "import-litellm", str(sample), "--model", "groq/llama-3.1-8b-instant")
    assert result.exit_code == 0, result.output
    assert "Imported 2 model prices" in result.output
    # gpt-4o is a shipped id: refreshed; the others of the catalog are not in this small file
    assert "Refreshed 1 of the catalog's" in result.output
    assert "Not in the file, kept as they were: claude-" in result.output
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


# --- import-litellm: what changed, and the data's own date ------------------------------------

GEMINI_FILE = {
    "gemini/gemini-2.5-pro": {
        "input_cost_per_token": 1.25e-06,
        "output_cost_per_token": 1e-05,
        "cache_read_input_token_cost": 1.25e-07,
        "max_input_tokens": 1048576,
        "max_output_tokens": 65536,
    },
    "gemini/gemini-9-2026-09-29": {"input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
}


def _file(tmp_path, data, modified: date | None = None):
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(data))
    if modified is not None:
        stamp = datetime(modified.year, modified.month, modified.day, 12).timestamp()
        os.utime(path, (stamp, stamp))
    return path


def test_import_litellm_lists_each_change_with_old_and_new(cli, genai_home, tmp_path):
    # the audit's stale figure: gemini-2.5-pro's cached input at $0.31 (now $0.125)
    (genai_home / "catalog.toml").write_text(
        '[models."gemini-2.5-pro".price]\ninput = 1.25\ncached_input = 0.31\noutput = 10.0\n'
        'as_of = "2025-06-01"\nsource = "old"\n'
    )
    path = _file(tmp_path, GEMINI_FILE)
    result = cli("catalog", "import-litellm", str(path), "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stdout.splitlines() if "price.cached_input" in ln)
    assert line.split() == ["gemini-2.5-pro", "price.cached_input", "0.31", "→", "0.125"]
    assert "Changed: 1 field(s) of 1 model(s)" in result.stdout
    assert "Dated 2026-11-20: given with --as-of." in result.stdout
    assert "2025-06-01 → 2026-11-20" in result.stdout  # its price re-dated
    assert Catalog([genai_home / "catalog.toml"]).prices("gemini-2.5-pro").cached_input == 0.125


def test_import_litellm_json_carries_the_same_report(cli, genai_home, tmp_path):
    path = _file(tmp_path, GEMINI_FILE)
    report = json.loads(
        cli(
            "catalog", "import-litellm", str(path), "--as-of", "2026-11-20", "--all", "--json"
        ).stdout
    )
    assert report["as_of"] == "2026-11-20" and report["dated_by"] == "given with --as-of"
    assert report["imported"] == 3  # two LiteLLM names + our gemini-2.5-pro
    assert report["added"] == 2
    assert report["refreshed"] == ["gemini-2.5-pro"]
    assert "gpt-4o" in report["not_in_file"]
    assert report["target"].endswith("catalog.toml")
    for change in report["changes"]:
        assert set(change) == {"model", "field", "old", "new"}


def test_import_litellm_stamps_the_file_date_not_the_import_date(
    cli, genai_home, tmp_path, catalog_day
):
    month_ago = catalog_day - timedelta(days=30)
    path = _file(
        tmp_path, {"acme": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}, month_ago
    )
    result = cli("catalog", "import-litellm", str(path), "--model", "acme")
    assert result.exit_code == 0, result.output
    assert f"Dated {month_ago}: the file's modification date." in result.stdout
    assert Catalog([genai_home / "catalog.toml"]).prices("acme").as_of == month_ago.isoformat()


def test_import_litellm_takes_only_the_models_a_person_prices(cli, genai_home, tmp_path):
    """LiteLLM's file has thousands of entries: by default only the catalog's API models and
    the user's own come in (every command that reads the catalog parses what is imported);
    others by name with --model, or all with --all."""
    (genai_home / "catalog.toml").write_text(
        "# my catalog\n[models.acme.price]\ninput = 9.0\noutput = 9.0\n"
    )
    data = {
        **GEMINI_FILE,
        "acme": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6},
        "other-vendor/x": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6},
    }
    path = _file(tmp_path, data)
    result = cli("catalog", "import-litellm", str(path), "--as-of", "2026-11-20", "--json")
    assert result.exit_code == 0, result.output
    text = (genai_home / "catalog.toml").read_text()
    assert "# my catalog" in text
    catalog = Catalog([genai_home / "catalog.toml"])
    assert catalog.prices("acme").input == 1.0  # the user's own model: refreshed
    assert catalog.prices("gemini-2.5-pro").as_of == "2026-11-20"  # a shipped one, by its alias
    assert "other-vendor/x" not in text and "gemini-9-2026-09-29" not in text
    named = cli("catalog", "import-litellm", str(path), "--as-of", "2026-11-20",
                "--model", "other-vendor/x")  # fmt: skip
    assert named.exit_code == 0 and "other-vendor/x" in (genai_home / "catalog.toml").read_text()
    unknown = cli("catalog", "import-litellm", str(path), "--model", "nope")
    assert unknown.exit_code == 2 and "not a priced entry of the file: nope" in unknown.output


def test_a_wheel_extracted_file_is_dated_by_the_newest_model_it_names(cli, genai_home, tmp_path):
    # files unzipped from a wheel carry the zip epoch, 1980-01-01, as their modification date
    path = _file(tmp_path, GEMINI_FILE, date(1980, 1, 1))
    result = cli("catalog", "import-litellm", str(path))
    assert result.exit_code == 0, result.output
    assert "Dated 2026-09-29: the newest date in the file's model names" in result.stdout
    assert "1980-01-01 cannot be the data's" in result.stdout
    assert "Pass --as-of DATE" in result.stdout


@pytest.mark.parametrize(
    ("as_of", "message"), [("last week", "YYYY-MM-DD"), ("2999-01-01", "after today")]
)
def test_a_bad_as_of_is_refused_naming_the_flag(cli, tmp_path, as_of, message):
    result = cli("catalog", "import-litellm", str(_file(tmp_path, GEMINI_FILE)), "--as-of", as_of)
    assert result.exit_code == 2
    assert "--as-of:" in result.output and message in result.output


def test_catalog_models_warns_about_stale_prices_with_the_refresh_command(cli, genai_home):
    assert "Warning" not in cli("catalog", "models").stderr  # current on the catalog's day
    (genai_home / "catalog.toml").write_text(
        '[models.old-one.price]\ninput = 1.0\noutput = 2.0\nas_of = "2024-01-01"\nsource = "x"\n'
    )
    result = cli("catalog", "models")
    assert result.exit_code == 0
    assert "old-one (2024-01-01)" in result.stderr and "import-litellm" in result.stderr
