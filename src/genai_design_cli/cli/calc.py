"""Commands: cost, latency, capacity and catalog (models, gpus, import-litellm).

Only typer and the standard library at top level: the calculators, the catalog and Rich load
inside the command that uses them, so `genai-design cost` starts fast (DESIGN.md "Budgets").
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

TRAFFIC = "Traffic"
MODEL = "Model and prices"
ROUTING = "Hybrid, caching and routing"
BUDGET = "Budget"
SERVING = "Serving"
PIPELINE = "Pipeline and SLO"
OUTPUT = "Output"

CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="Your own catalog TOML, merged over the shipped one "
        "(and over GENAI_DESIGN_HOME/catalog.toml).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON object on stdout.", rich_help_panel=OUTPUT)
]
# --model in cost (optional) and latency (required): one option, two types
MODEL_ID = typer.Option(
    metavar="MODEL", help="A model id from `genai-design catalog models`.", rich_help_panel=MODEL
)
# --input-tokens and --output-tokens of latency and capacity (cost's help names its defaults)
InputTokensOpt = Annotated[
    str, typer.Option(metavar="NUMBER", help="Input tokens per query.", rich_help_panel=MODEL)
]
OutputTokensOpt = Annotated[
    str, typer.Option(metavar="NUMBER", help="Output tokens per query.", rich_help_panel=MODEL)
]


def _error(message: str, flag: str | None = None, hint: str | None = None):
    from genai_design_cli.errors import UserError

    return UserError(message, where=flag, hint=hint)


def _num(
    value: str | None,
    flag: str,
    *,
    minimum: float | None = 0.0,
    maximum: float | None = None,
    positive: bool = False,
) -> float | None:
    """Parse a number flag (`10M`, `2.5k`, `1_000`, `15%`) or exit 2 naming the flag."""
    if value is None:
        return None
    from genai_design_cli.model.numbers import parse_number

    try:
        number = parse_number(value)
    except ValueError as exc:
        raise _error(str(exc), flag) from None
    if positive and number <= 0:
        raise _error(f"must be greater than 0 (got {value})", flag)
    if minimum is not None and number < minimum:
        raise _error(f"must not be negative (got {value})", flag)
    if maximum is not None and number > maximum:
        raise _error(f"must be between 0 and {maximum:g} (got {value})", flag)
    return number


def _catalog(path: Path | None):
    from genai_design_cli.calc.catalog import Catalog

    try:
        return Catalog.default(path)
    except ValueError as exc:  # CatalogError: the --catalog file does not exist
        raise _calc_error(exc) from None


def _calc_error(exc: Exception):
    """Calculator input errors carry the flag to blame; catalog errors the entry."""
    from genai_design_cli.calc.catalog import CatalogError

    if isinstance(exc, CatalogError):
        return _error(exc.message, exc.where, exc.hint)
    field = getattr(exc, "field", None)
    flag = "--" + field.replace("_", "-") if field else None
    message = getattr(exc, "message", str(exc))
    return _error(message, flag)


def _too_large():
    return _error(
        "the figures are too large to compute with; give realistic traffic and token counts",
        hint="e.g. --qps 100 --input-tokens 1000 --output-tokens 250",
    )


def _print(renderables: list) -> None:
    from genai_design_cli.tui.console import console

    out = console()
    for item in renderables:
        out.print(item)


# --- cost -------------------------------------------------------------------------------------


def cost(
    qps: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Average queries per second (suffixes ok: 2.5k).",
            rich_help_panel=TRAFFIC,
        ),
    ] = None,
    queries_per_month: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Queries per month, instead of --qps (10M).",
            rich_help_panel=TRAFFIC,
        ),
    ] = None,
    model: Annotated[str | None, MODEL_ID] = None,
    price_in: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Input price, $ per 1M tokens (instead of --model).",
            rich_help_panel=MODEL,
        ),
    ] = None,
    price_out: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Output price, $ per 1M tokens (with --price-in).",
            rich_help_panel=MODEL,
        ),
    ] = None,
    cost_per_query: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="LLM cost per query in $, instead of tokens x prices.",
            rich_help_panel=MODEL,
        ),
    ] = None,
    input_tokens: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER", help="Input tokens per query (default 1,000).", rich_help_panel=MODEL
        ),
    ] = None,
    output_tokens: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER", help="Output tokens per query (default 250).", rich_help_panel=MODEL
        ),
    ] = None,
    baseline_cost_per_query: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="Non-LLM baseline $ per query (default: a typical XGBoost classifier).",
            rich_help_panel=ROUTING,
        ),
    ] = "0.000001",
    llm_fraction: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="Hybrid route: share of queries sent to the LLM, 0-1.",
            rich_help_panel=ROUTING,
        ),
    ] = "1",
    cache_hit_rate: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="Response cache: share of queries answered from cache, 0-1.",
            rich_help_panel=ROUTING,
        ),
    ] = "0",
    cached_prefix_tokens: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="Prompt-prefix tokens billed at the cached-input price.",
            rich_help_panel=ROUTING,
        ),
    ] = "0",
    cheap_model: Annotated[
        str | None,
        typer.Option(
            metavar="MODEL",
            help="Routing: the cheaper model for easy queries.",
            rich_help_panel=ROUTING,
        ),
    ] = None,
    cheap_fraction: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Routing: share of LLM calls sent to --cheap-model, 0-1.",
            rich_help_panel=ROUTING,
        ),
    ] = None,
    budget_per_query: Annotated[
        str | None,
        typer.Option(metavar="NUMBER", help="Budget in $ per query.", rich_help_panel=BUDGET),
    ] = None,
    budget_per_month: Annotated[
        str | None,
        typer.Option(metavar="NUMBER", help="Budget in $ per month.", rich_help_panel=BUDGET),
    ] = None,
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """What the LLM costs per query, per day and per month, beside a baseline and a hybrid.

    The LLM path from tokens x the model's prices (or a given $/query), beside a non-LLM
    baseline and a hybrid route, with response caching, prompt-prefix caching, routing between
    two models and a budget verdict.

    A month is 30 days. Cached prefix tokens are billed once, at the cached-input price.

    [bold]Examples[/bold]

      genai-design cost --qps 100 --model gpt-4o

      genai-design cost --queries-per-month 10M --cost-per-query 0.01   [dim]# $100,000 vs $10[/dim]

      genai-design cost --qps 50 --model gpt-4o --cheap-model gpt-4o-mini --cheap-fraction 0.7

      genai-design cost --qps 50 --model gpt-4o --cache-hit-rate 20% --budget-per-month 20k --json
    """
    from genai_design_cli.calc import cost as calc

    values = {
        "qps": _num(qps, "--qps"),
        "queries_per_month": _num(queries_per_month, "--queries-per-month"),
        "input_tokens": _num(input_tokens, "--input-tokens"),
        "output_tokens": _num(output_tokens, "--output-tokens"),
        "cost_per_query": _num(cost_per_query, "--cost-per-query"),
        "baseline_cost_per_query": _num(baseline_cost_per_query, "--baseline-cost-per-query"),
        "llm_fraction": _num(llm_fraction, "--llm-fraction", maximum=1),
        "cache_hit_rate": _num(cache_hit_rate, "--cache-hit-rate", maximum=1),
        "cached_prefix_tokens": _num(cached_prefix_tokens, "--cached-prefix-tokens"),
        "budget_per_query": _num(budget_per_query, "--budget-per-query"),
        "budget_per_month": _num(budget_per_month, "--budget-per-month"),
    }
    fraction = _num(cheap_fraction, "--cheap-fraction", maximum=1)
    price_in_value = _num(price_in, "--price-in")
    price_out_value = _num(price_out, "--price-out")
    if values["qps"] is None and values["queries_per_month"] is None:
        raise _error(
            "give the traffic: --qps or --queries-per-month",
            "--qps",
            hint="e.g. genai-design cost --qps 100 --model gpt-4o",
        )
    if values["qps"] is not None and values["queries_per_month"] is not None:
        raise _error("give --qps or --queries-per-month, not both", "--queries-per-month")
    if (price_in_value is None) != (price_out_value is None):
        raise _error("give both --price-in and --price-out", "--price-in")
    chosen = [model is not None, price_in_value is not None, values["cost_per_query"] is not None]
    if sum(chosen) == 0:
        raise _error(
            "give the LLM's price: --model, --price-in/--price-out, or --cost-per-query",
            "--model",
            hint="See `genai-design catalog models` for the model ids.",
        )
    if sum(chosen) > 1:
        raise _error(
            "give only one of --model, --price-in/--price-out, --cost-per-query", "--model"
        )
    if cheap_model is not None and values["cost_per_query"] is not None:
        raise _error(
            "routing needs token prices; it does not apply with --cost-per-query", "--cheap-model"
        )
    if fraction is not None and cheap_model is None:
        raise _error("--cheap-fraction needs --cheap-model", "--cheap-fraction")

    prices = cheap_prices = None
    try:
        if model is not None or cheap_model is not None:
            cat = _catalog(catalog)
            if model is not None:
                prices = cat.prices(model)
            if cheap_model is not None:
                cheap_prices = cat.prices(cheap_model)
        if price_in_value is not None and price_out_value is not None:
            prices = calc.custom_prices(price_in_value, price_out_value)
        if cheap_prices is not None and fraction is None:
            fraction = 0.5
        result = calc.estimate(
            calc.CostInputs(**values, cheap_fraction=fraction or 0.0), prices, cheap_prices
        )
    except ValueError as exc:  # CatalogError, CostInputError
        raise _calc_error(exc) from None
    except ArithmeticError:
        raise _too_large() from None
    if cheap_prices is not None and cheap_fraction is None:
        result["assumptions"].append("--cheap-fraction not given: assumed 0.5.")
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json(result)
        return
    # plain text, not Rich: Rich's import alone would break the startup budget of `cost`
    import os
    import sys

    from genai_design_cli.render.text_tables import cost_text

    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
    styled = (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    )
    typer.echo(cost_text(result, unicode="utf" in encoding, bold=styled))


# --- latency ----------------------------------------------------------------------------------

GPUS_PER_NODE = 8  # as calc.capacity.GPUS_PER_NODE (not imported: startup budget)


def _gpu_count(value: str | None) -> int | None:
    """--gpus: a whole number of GPUs per replica, 1 to 8 (tensor parallel within one node)."""
    count = _num(value, "--gpus", positive=True)
    if count is None:
        return None
    if count != int(count):
        raise _error(f"must be a whole number (got {value})", "--gpus")
    if count > GPUS_PER_NODE:
        raise _error(
            f"at most {GPUS_PER_NODE} GPUs per replica (tensor parallel within one node; got "
            f"{value})",
            "--gpus",
            hint="For more throughput add replicas; for a model that does not fit one node, "
            "use a GPU with more memory or lower precision.",
        )
    return int(count)


def latency(
    model: Annotated[str, MODEL_ID],
    gpu: Annotated[
        str | None,
        typer.Option(
            metavar="GPU",
            help="Self-host on this GPU (see `catalog gpus`); else API figures.",
            rich_help_panel=SERVING,
        ),
    ] = None,
    gpus: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="GPUs per replica (tensor parallel, 1-8 in one node); default: the fewest "
            "that fit.",
            rich_help_panel=SERVING,
        ),
    ] = None,
    input_tokens: InputTokensOpt = "1000",
    output_tokens: OutputTokensOpt = "250",
    retrieval_ms: Annotated[
        str,
        typer.Option(
            metavar="NUMBER", help="Retrieval time (RAG) in ms.", rich_help_panel=PIPELINE
        ),
    ] = "0",
    guardrail_ms: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="One guardrail pass in ms (run on input and on output).",
            rich_help_panel=PIPELINE,
        ),
    ] = "0",
    network_ms: Annotated[
        str,
        typer.Option(metavar="NUMBER", help="Network round trip in ms.", rich_help_panel=PIPELINE),
    ] = "50",
    stream: Annotated[
        bool,
        typer.Option(
            "--stream/--no-stream", help="Stream tokens to the user.", rich_help_panel=PIPELINE
        ),
    ] = True,
    slo_ms: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Latency SLO in ms, compared with the perceived latency.",
            rich_help_panel=PIPELINE,
        ),
    ] = None,
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Time to first token, per output token, end to end and as perceived, against an SLO.

    Every figure is a low-high range.

    With --gpu, the model is self-hosted: prefill is compute-bound (2 x active parameters x
    input tokens FLOPs), decode is memory-bandwidth-bound (weights + KV cache read per token).
    Without, the catalog's typical API figures are used. Against --slo-ms the verdict is
    "meets" when the high end of the perceived latency is within the SLO (meets_slo true),
    "misses" when even the low end is above it, and "at risk" in between.

    [bold]Examples[/bold]

      genai-design latency --model gpt-4o-mini --retrieval-ms 120 --slo-ms 1500

      genai-design latency --model llama-3.1-70b --gpu h100-sxm --no-stream --json
    """
    from genai_design_cli.calc import latency as calc

    gpu_count = _gpu_count(gpus)
    inputs_kwargs = {
        "input_tokens": _num(input_tokens, "--input-tokens"),
        "output_tokens": _num(output_tokens, "--output-tokens"),
        "retrieval_ms": _num(retrieval_ms, "--retrieval-ms"),
        "guardrail_ms": _num(guardrail_ms, "--guardrail-ms"),
        "network_ms": _num(network_ms, "--network-ms"),
        "streaming": stream,
        "slo_ms": _num(slo_ms, "--slo-ms", positive=True),
        "gpus": gpu_count,
    }
    try:
        cat = _catalog(catalog)
        cat.model_table(model)  # unknown model -> near matches
        arch = gpu_spec = api = None
        if gpu is not None:
            gpu_spec = cat.gpu(gpu)
            arch = cat.architecture(model)
            if arch is None:
                raise _error(
                    f"{model!r} has no published architecture in the catalog, so it cannot be "
                    "estimated self-hosted",
                    "--gpu",
                    hint="Drop --gpu for its API figures, or pick an open-weight model.",
                )
        else:
            api = cat.api_latency(model)
            if api is None:
                raise _error(
                    f"{model!r} is an open-weight model without typical API figures",
                    "--gpu",
                    hint="Give a GPU to self-host it: --gpu h100-sxm "
                    "(see `genai-design catalog gpus`).",
                )
            arch = cat.architecture(model)  # API figures; the architecture's context window
        result = calc.estimate(
            calc.LatencyInputs(**inputs_kwargs), model=model, api=api, arch=arch, gpu=gpu_spec
        )
    except ValueError as exc:
        raise _calc_error(exc) from None
    except ArithmeticError:
        raise _too_large() from None
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json(result)
        return
    from genai_design_cli.render.calc_tables import rich_tables

    _print(rich_tables({"latency": result}))


# --- capacity ---------------------------------------------------------------------------------


def capacity(
    model: Annotated[
        str,
        typer.Option(
            metavar="MODEL",
            help="An open-weight model id (see `catalog models`).",
            rich_help_panel=MODEL,
        ),
    ],
    gpu: Annotated[
        str,
        typer.Option(metavar="GPU", help="A GPU id (see `catalog gpus`).", rich_help_panel=SERVING),
    ],
    qps: Annotated[
        str,
        typer.Option(metavar="NUMBER", help="Average queries per second.", rich_help_panel=TRAFFIC),
    ],
    input_tokens: InputTokensOpt = "1000",
    output_tokens: OutputTokensOpt = "250",
    dtype: Annotated[
        str,
        typer.Option(
            metavar="DTYPE", help="Weights: fp16, bf16, fp8, int8 or int4.", rich_help_panel=SERVING
        ),
    ] = "bf16",
    gpus: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="GPUs per replica (tensor parallel, 1-8); default: the cheapest that fits.",
            rich_help_panel=SERVING,
        ),
    ] = None,
    kv_dtype: Annotated[
        str | None,
        typer.Option(
            metavar="DTYPE",
            help="KV cache dtype (default: the weights' for 16/8-bit floats, else bf16).",
            rich_help_panel=SERVING,
        ),
    ] = None,
    context: Annotated[
        str | None,
        typer.Option(
            metavar="NUMBER",
            help="Tokens of KV cache per sequence (default input + output).",
            rich_help_panel=SERVING,
        ),
    ] = None,
    gpu_memory_utilization: Annotated[
        str,
        typer.Option(
            metavar="NUMBER",
            help="Share of GPU memory the server may use (vLLM).",
            rich_help_panel=SERVING,
        ),
    ] = "0.9",
    vs_model: Annotated[
        str,
        typer.Option(
            metavar="MODEL", help="API model for the break-even QPS.", rich_help_panel=MODEL
        ),
    ] = "gpt-4o-mini",
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """GPUs, replicas and $ to self-host an open-weight model, and its break-even QPS.

    Weight memory, KV cache per token (with grouped-query attention), sequences per replica,
    tensor-parallel degree (within one 8-GPU node), replicas for the QPS (throughput and
    Little's law), $/month (30 days = 720 GPU-hours), $/1M output tokens, and the break-even
    QPS against an API model (--vs-model). Memory is in binary units (GiB).

    [bold]Examples[/bold]

      genai-design capacity --model llama-3.1-70b --gpu h100-sxm --qps 20

      genai-design capacity --model mixtral-8x7b --gpu a100-80gb --qps 5 --dtype fp8 --json
    """
    from genai_design_cli.calc import capacity as calc

    allowed = ", ".join(calc.BYTES_PER_PARAM)
    if dtype not in calc.BYTES_PER_PARAM:
        raise _error(f"unknown dtype {dtype!r}; use one of {allowed}", "--dtype")
    if kv_dtype is not None and kv_dtype not in calc.BYTES_PER_PARAM:
        raise _error(f"unknown dtype {kv_dtype!r}; use one of {allowed}", "--kv-dtype")
    qps_value = _num(qps, "--qps")
    utilization = _num(gpu_memory_utilization, "--gpu-memory-utilization", positive=True, maximum=1)
    inputs = calc.CapacityInputs(
        qps=qps_value,
        input_tokens=_num(input_tokens, "--input-tokens"),
        output_tokens=_num(output_tokens, "--output-tokens"),
        dtype=dtype,
        kv_dtype=kv_dtype,
        context=_num(context, "--context", positive=True),
        gpu_memory_utilization=utilization,
        tensor_parallel=_gpu_count(gpus),
    )
    try:
        cat = _catalog(catalog)
        cat.model_table(model)
        arch = cat.architecture(model)
        if arch is None:
            raise _error(
                f"{model!r} has no published architecture in the catalog (it is API-only)",
                "--model",
                hint="Pick an open-weight model: see `genai-design catalog models`.",
            )
        gpu_spec = cat.gpu(gpu)
        api_prices = cat.prices(vs_model)
        result = calc.estimate(inputs, arch, gpu_spec, api_prices)
    except ValueError as exc:
        raise _calc_error(exc) from None
    except ArithmeticError:
        raise _too_large() from None
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json(result)
        return
    from genai_design_cli.render.calc_tables import rich_tables

    _print(rich_tables({"capacity": result}))


# --- catalog ----------------------------------------------------------------------------------

catalog_app = typer.Typer(
    help=(
        "The model and GPU catalog: prices, architectures and GPU figures, with sources.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  genai-design catalog models\n\n"
        "  genai-design catalog gpus --json\n\n"
        "  genai-design catalog import-litellm model_prices_and_context_window.json"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@catalog_app.command("models")
def catalog_models(catalog: CatalogOpt = None, json_output: JsonOpt = False) -> None:
    """Models: prices, typical latency and architectures, each with its source and date.

    API models: $ per 1M tokens (input, cached input, output), typical time to first token and
    output tokens/s. Open-weight models: the architecture from their config.json.

    [bold]Example[/bold]

      genai-design catalog models --json
    """
    try:
        models = _catalog(catalog).models()
    except ValueError as exc:
        raise _calc_error(exc) from None
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json({"models": models})
        return
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
    _print([prices, arch, notes.render()])


@catalog_app.command("gpus")
def catalog_gpus(catalog: CatalogOpt = None, json_output: JsonOpt = False) -> None:
    """GPUs: memory, bandwidth, dense BF16 TFLOPS and $/hour, with sources and dates.

    Datasheets often print TFLOPS with 2:4 sparsity; the catalog keeps the dense figure.
    Memory is what the driver reports (nvidia-smi), in GiB: a marketed "80 GB" H100 has
    79.6 GiB.

    [bold]Example[/bold]

      genai-design catalog gpus
    """
    try:
        cat = _catalog(catalog)
        gpus = cat.gpus()
        memory = {gpu_id: cat.gpu(gpu_id).memory_gib for gpu_id in gpus}
    except ValueError as exc:
        raise _calc_error(exc) from None
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json({"gpus": gpus})
        return
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
            f"{memory[gpu_id]:.1f}",
            _fmt(spec.get("bandwidth_gb_s")),
            _fmt(spec.get("bf16_tflops")),
            _fmt(spec.get("price_per_hour")),
            f"{spec_date}\nprice {price_date}",
            notes.ref(spec.get("spec_source", spec.get("source")))
            + ","
            + notes.ref(spec.get("price_source", spec.get("source"))),
        )
    _print([table, notes.render()])


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


@catalog_app.command("import-litellm")
def catalog_import_litellm(
    file: Annotated[
        Path,
        typer.Argument(help="A file in LiteLLM's model_prices_and_context_window.json format."),
    ],
) -> None:
    """Import prices from a LiteLLM price file into your own catalog.

    Reads LiteLLM's model_prices_and_context_window.json format; per-token costs become $ per
    1M tokens in GENAI_DESIGN_HOME/catalog.toml. Entries already there are kept; imported ids
    are updated.

    [bold]Example[/bold]

      genai-design catalog import-litellm model_prices_and_context_window.json
    """
    import json
    from datetime import date

    from genai_design_cli.calc.catalog import CatalogError
    from genai_design_cli.calc.litellm import litellm_to_catalog
    from genai_design_cli.io.paths import user_catalog_file

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise _error(f"cannot read the file ({exc.strerror or exc})", str(file)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            str(file),
            hint="Give LiteLLM's model_prices_and_context_window.json or a file in its format.",
        ) from None
    try:
        imported = litellm_to_catalog(
            data, as_of=date.today().isoformat(), source=f"LiteLLM price file {file.name}"
        )
    except CatalogError as exc:
        raise _error(exc.message, str(file)) from None
    if not imported:
        raise _error(
            "no chat/completion entries with input_cost_per_token and output_cost_per_token",
            str(file),
            hint="Is this LiteLLM's model_prices_and_context_window.json format?",
        )
    target = user_catalog_file()
    existing: dict = {}
    if target.is_file():
        import sys

        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            existing = tomllib.loads(target.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise _error(
                f"your catalog cannot be read, so nothing was imported: {exc}",
                str(target),
                hint="Fix or remove that file, then import again.",
            ) from None
    models = dict(existing.get("models", {}))
    for model_id, table in imported.items():
        merged = dict(models.get(model_id, {}))
        merged.update({k: v for k, v in table.items() if k != "price"})
        merged["price"] = table["price"]
        models[model_id] = merged
    existing["models"] = models
    import tomli_w

    from genai_design_cli.io.atomic import atomic_write

    atomic_write(target, tomli_w.dumps(existing))
    typer.echo(f"Imported {len(imported):,} model prices into {target}.")


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _span(value) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0]:g}–{value[1]:g}"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return "—"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("cost")(cost)
    app.command("latency")(latency)
    app.command("capacity")(capacity)
    app.add_typer(catalog_app, name="catalog")
