"""Commands: cost, latency and capacity. Thin: the option types parse the numbers, the
calculators check them, and the views print the result.

Only typer and the standard library at top level: the calculators, the catalog and Rich load
inside the command that uses them, so `genai-design cost` starts fast (DESIGN.md "Budgets").
"""

from __future__ import annotations

from typing import Annotated

import typer

from genai_design_cli.cli import options
from genai_design_cli.cli.common import load_catalog
from genai_design_cli.cli.options import (
    BUDGET,
    MODEL,
    MODEL_ID,
    PIPELINE,
    ROUTING,
    SERVING,
    TRAFFIC,
    CatalogOpt,
    InputTokensOpt,
    JsonOpt,
    OutputTokensOpt,
    calculator_errors,
    gpu_count_option,
    number_option,
    share_option,
)


def _bad_flags(message: str, flag: str, hint: str | None = None):
    from genai_design_cli.errors import UserError

    return UserError(message, where=flag, hint=hint)


def _print_tables(results: dict) -> None:
    from genai_design_cli.tui.calc_views import rich_tables
    from genai_design_cli.tui.console import console

    out = console()
    for item in rich_tables(results):
        out.print(item)


def _print_json(result: dict) -> None:
    from genai_design_cli.cli.output import print_json

    print_json(result)


# --- cost -------------------------------------------------------------------------------------


def cost(
    qps: Annotated[
        float | None, number_option("Average queries per second (suffixes ok: 2.5k).", TRAFFIC)
    ] = None,
    queries_per_month: Annotated[
        float | None, number_option("Queries per month, instead of --qps (10M).", TRAFFIC)
    ] = None,
    model: Annotated[str | None, MODEL_ID] = None,
    price_in: Annotated[
        float | None, number_option("Input price, $ per 1M tokens (instead of --model).", MODEL)
    ] = None,
    price_out: Annotated[
        float | None, number_option("Output price, $ per 1M tokens (with --price-in).", MODEL)
    ] = None,
    cost_per_query: Annotated[
        float | None, number_option("LLM cost per query in $, instead of tokens x prices.", MODEL)
    ] = None,
    input_tokens: Annotated[
        float | None, number_option("Input tokens per query (default 1,000).", MODEL)
    ] = None,
    output_tokens: Annotated[
        float | None, number_option("Output tokens per query (default 250).", MODEL)
    ] = None,
    baseline_cost_per_query: Annotated[
        float,
        number_option(
            "Non-LLM baseline $ per query (default: a typical XGBoost classifier).", ROUTING
        ),
    ] = "0.000001",  # as typed on the command line (the parser reads it; help shows 0.000001)
    llm_fraction: Annotated[
        float, share_option("Hybrid route: share of queries sent to the LLM, 0-1.", ROUTING)
    ] = 1,
    cache_hit_rate: Annotated[
        float,
        share_option("Response cache: share of queries answered from cache, 0-1.", ROUTING),
    ] = 0,
    reasoning_tokens: Annotated[
        float | None,
        number_option(
            "Hidden reasoning tokens per call, billed as output (default: the model's, e.g. "
            "1,000 assumed for gpt-5; 0 for models that do not reason).",
            MODEL,
        ),
    ] = None,
    cached_prefix_tokens: Annotated[
        float,
        number_option(
            "Prompt-prefix tokens billed at the cached-input price (part of --input-tokens).",
            ROUTING,
        ),
    ] = 0,
    cache_write_rate: Annotated[
        float | None,
        share_option(
            "Share of calls that miss the prompt cache and write the prefix, 0-1 (default "
            "0.1: 1 write per 9 reads).",
            ROUTING,
        ),
    ] = None,
    cheap_model: Annotated[
        str | None,
        typer.Option(
            metavar="MODEL",
            help="Routing: the cheaper model for easy queries.",
            rich_help_panel=ROUTING,
        ),
    ] = None,
    cheap_fraction: Annotated[
        float | None,
        share_option("Routing: share of LLM calls sent to --cheap-model, 0-1.", ROUTING),
    ] = None,
    budget_per_query: Annotated[
        float | None, number_option("Budget in $ per query.", BUDGET)
    ] = None,
    budget_per_month: Annotated[
        float | None, number_option("Budget in $ per month.", BUDGET)
    ] = None,
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """What the LLM costs per query, per day and per month, beside a baseline.

    The LLM path from tokens x the model's prices (or a given $/query),
    beside a non-LLM baseline and a hybrid route, with response caching,
    prompt-prefix caching, routing between two models and a budget verdict.

    Billed as the provider bills: hidden reasoning tokens as output (the
    catalog's default for reasoning models, stated; --reasoning-tokens to
    override), the long-context tier on the whole request once the prompt
    is past it, and the prompt cache's minimum prefix and write premium. A
    prompt over the model's context window, or an answer over its output
    limit, is refused. Prices older than six months and retired models are
    warned about on stderr (in "warnings" with --json).

    A month is 30 days. Cached prefix tokens are billed once: read at the
    cached-input price, or written (--cache-write-rate of calls) at the
    input price plus any write premium.

    [bold]Examples[/bold]

      genai-design cost --qps 100 --model gpt-4o

      genai-design cost --qps 100 --model gpt-5 --reasoning-tokens 4000

      genai-design cost --queries-per-month 10M --cost-per-query 0.01

      genai-design cost --qps 50 --model gpt-4o \\
          --cheap-model gpt-4o-mini --cheap-fraction 0.7

      genai-design cost --qps 50 --model gpt-4o --cache-hit-rate 20% \\
          --budget-per-month 20k --json
    """
    from genai_design_cli.calc import cost as calc

    # which flags go together; the calculator checks the values and the missing inputs
    if qps is not None and queries_per_month is not None:
        raise _bad_flags("give --qps or --queries-per-month, not both", "--queries-per-month")
    if (price_in is None) != (price_out is None):
        raise _bad_flags("give both --price-in and --price-out", "--price-in")
    if sum(given is not None for given in (model, price_in, cost_per_query)) > 1:
        raise _bad_flags(
            "give only one of --model, --price-in/--price-out, --cost-per-query", "--model"
        )
    if cheap_model is not None and cost_per_query is not None:
        raise _bad_flags(
            "routing needs token prices; it does not apply with --cost-per-query", "--cheap-model"
        )
    if cheap_fraction is not None and cheap_model is None:
        raise _bad_flags("--cheap-fraction needs --cheap-model", "--cheap-fraction")
    for given, flag in (
        (reasoning_tokens, "--reasoning-tokens"),
        (cache_write_rate, "--cache-write-rate"),
    ):
        if given is not None and cost_per_query is not None:
            raise _bad_flags(f"{flag} prices tokens; it does not apply with --cost-per-query", flag)

    with calculator_errors():
        prices = cheap_prices = None
        if model is not None or cheap_model is not None:
            cat = load_catalog(catalog)
            prices = cat.api_model(model) if model is not None else None
            cheap_prices = cat.api_model(cheap_model) if cheap_model is not None else None
        if price_in is not None and price_out is not None:
            prices = calc.custom_prices(price_in, price_out)
        half_assumed = cheap_prices is not None and cheap_fraction is None
        inputs = calc.CostInputs(
            qps=qps,
            queries_per_month=queries_per_month,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_per_query=cost_per_query,
            baseline_cost_per_query=baseline_cost_per_query,
            llm_fraction=llm_fraction,
            cache_hit_rate=cache_hit_rate,
            cached_prefix_tokens=cached_prefix_tokens,
            cheap_fraction=0.5 if half_assumed else cheap_fraction or 0.0,
            budget_per_query=budget_per_query,
            budget_per_month=budget_per_month,
            reasoning_tokens=reasoning_tokens,
            cache_write_rate=cache_write_rate,
        )
        result = calc.estimate(inputs, prices, cheap_prices, today=options.today())
    if half_assumed:
        result["assumptions"].append("--cheap-fraction not given: assumed 0.5.")
    if json_output:
        _print_json(result)
        return
    for warning in result["warnings"]:
        typer.echo(f"Warning: {warning}", err=True)
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

DtypeOpt = Annotated[
    str,
    typer.Option(
        metavar="DTYPE", help="Weights: fp16, bf16, fp8, int8 or int4.", rich_help_panel=SERVING
    ),
]
KvDtypeOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DTYPE",
        help="KV cache dtype (default 16-bit, as vLLM; fp8 halves it).",
        rich_help_panel=SERVING,
    ),
]


def _count(value: float) -> int | float:
    """A whole number as an int (the calculators refuse a fraction by name)."""
    return int(value) if float(value).is_integer() else value


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
        int | None,
        gpu_count_option(
            "GPUs per replica (tensor parallel, 1-8 in one node); default: the fewest that fit."
        ),
    ] = None,
    dtype: DtypeOpt = "bf16",
    kv_dtype: KvDtypeOpt = None,
    concurrency: Annotated[
        float,
        number_option("Requests decoding together on one replica (self-hosted).", SERVING),
    ] = 1,
    input_tokens: InputTokensOpt = 1000,
    output_tokens: OutputTokensOpt = 250,
    retrieval_ms: Annotated[float, number_option("Retrieval time (RAG) in ms.", PIPELINE)] = 0,
    guardrail_ms: Annotated[
        float, number_option("One guardrail pass in ms (run on input and on output).", PIPELINE)
    ] = 0,
    pipeline_ms: Annotated[
        float, number_option("Fixed stages in ms: speech-to-text, text-to-speech, tools.", PIPELINE)
    ] = 0,
    llm_calls: Annotated[
        float, number_option("Sequential LLM calls per request (e.g. plan, then answer).", PIPELINE)
    ] = 1,
    network_ms: Annotated[float, number_option("Network round trip in ms.", PIPELINE)] = 50,
    stream: Annotated[
        bool,
        typer.Option(
            "--stream/--no-stream", help="Stream tokens to the user.", rich_help_panel=PIPELINE
        ),
    ] = True,
    slo_ms: Annotated[
        float | None,
        number_option("SLO for the full response in ms, judged on the end-to-end time.", PIPELINE),
    ] = None,
    ttft_slo_ms: Annotated[
        float | None,
        number_option("SLO for the first token in ms, judged on the first token.", PIPELINE),
    ] = None,
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Time to first token, per output token, one LLM call, end to end and as perceived, with
    a verdict per SLO.

    Every figure is a low-high range. With --gpu the model is self-hosted: prefill and decode
    come from the GPU's datasheet and efficiencies fitted to published measurements, at
    --concurrency requests decoding together, in --dtype with a --kv-dtype cache. Without, the
    catalog's typical API figures, the first token later for longer prompts.

    End to end = network + guardrails + retrieval + --pipeline-ms + --llm-calls x (first token
    + output x per token). --slo-ms is judged on the end-to-end time, --ttft-slo-ms on the
    first token: "meets" when the high end is within it, "misses" when even the low end is
    above it, "at risk" in between.

    [bold]Examples[/bold]

      genai-design latency --model gpt-4o-mini --retrieval-ms 120 \\
          --ttft-slo-ms 800

      genai-design latency --model llama-3.1-70b --gpu h100-sxm --gpus 4 \\
          --slo-ms 2000

      genai-design latency --model llama-3.1-8b --gpu l40s --dtype fp8 \\
          --concurrency 32 --json
    """
    from genai_design_cli.calc import latency as calc

    inputs = calc.LatencyInputs(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        retrieval_ms=retrieval_ms,
        guardrail_ms=guardrail_ms,
        network_ms=network_ms,
        streaming=stream,
        slo_ms=slo_ms,
        ttft_slo_ms=ttft_slo_ms,
        gpus=gpus,
        dtype=dtype,
        kv_dtype=kv_dtype,
        concurrency=_count(concurrency),
        llm_calls=_count(llm_calls),
        pipeline_ms=pipeline_ms,
    )
    with calculator_errors():
        cat = load_catalog(catalog)
        arch = cat.architecture(model)  # self-hosted figures; else the context-window check
        gpu_spec = api = None
        if gpu is None:
            api = cat.api_latency(model)
        elif arch is None:
            raise _bad_flags(
                f"{model!r} has no published architecture in the catalog, so it cannot be "
                "estimated self-hosted",
                "--gpu",
                hint="Drop --gpu for its API figures, or pick an open-weight model.",
            )
        else:
            gpu_spec = cat.gpu(gpu)
        result = calc.estimate(inputs, model=model, api=api, arch=arch, gpu=gpu_spec)
    if json_output:
        _print_json(result)
    else:
        _print_tables({"latency": result})


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
    qps: Annotated[float, number_option("Average queries per second.", TRAFFIC)],
    peak_qps: Annotated[
        float | None,
        number_option("Peak queries per second (default: 2x the average).", TRAFFIC),
    ] = None,
    utilization: Annotated[
        float, share_option("Share of a replica's throughput used at the peak.", TRAFFIC)
    ] = 0.7,
    min_replicas: Annotated[
        float, number_option("Fewest replicas, for availability.", TRAFFIC)
    ] = 2,
    input_tokens: InputTokensOpt = 1000,
    output_tokens: OutputTokensOpt = 250,
    dtype: DtypeOpt = "bf16",
    gpus: Annotated[
        int | None,
        gpu_count_option(
            "GPUs per replica (tensor parallel, 1-8); default: the cheapest that fits."
        ),
    ] = None,
    kv_dtype: KvDtypeOpt = None,
    context: Annotated[
        float | None,
        number_option("Tokens of KV cache per sequence (default input + output).", SERVING),
    ] = None,
    gpu_memory_utilization: Annotated[
        float, share_option("Share of GPU memory the server may use (vLLM).", SERVING)
    ] = 0.9,
    max_batch: Annotated[
        float, number_option("Most sequences decoded together (vLLM max_num_seqs).", SERVING)
    ] = 256,
    tpot_slo_ms: Annotated[
        float | None,
        number_option("Cap the batch so time per output token stays within this, ms.", SERVING),
    ] = None,
    vs_model: Annotated[
        str | None,
        typer.Option(
            metavar="MODEL",
            help="API model for the break-even QPS (default: one of the model's size class).",
            rich_help_panel=MODEL,
        ),
    ] = None,
    catalog: CatalogOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """GPUs, replicas and $ to self-host an open-weight model, and its break-even QPS.

    Weight memory (int4 with its scales), KV cache per token (grouped-query, sliding-window
    and latent attention), sequences per replica, tensor-parallel degree (within one 8-GPU
    node), the batch (capped by --max-batch and by --tpot-slo-ms), replicas for the peak
    (--peak-qps, default 2x the average) at --utilization, at least --min-replicas, $/month
    (30 days = 720 GPU-hours), $ per 1M input and output tokens at the average traffic, and
    the break-even QPS against an API model of the same class (or --vs-model). Memory is in
    binary units (GiB).

    [bold]Examples[/bold]

      genai-design capacity --model llama-3.1-70b --gpu h100-sxm --qps 20

      genai-design capacity --model llama-3.1-8b --gpu l40s --qps 5 \\
          --peak-qps 30 --tpot-slo-ms 50

      genai-design capacity --model mixtral-8x7b --gpu a100-80gb --qps 5 \\
          --dtype fp8 --json
    """
    from genai_design_cli.calc import capacity as calc

    inputs = calc.CapacityInputs(
        qps=qps,
        peak_qps=peak_qps,
        utilization=utilization,
        min_replicas=_count(min_replicas),
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        dtype=dtype,
        kv_dtype=kv_dtype,
        context=context,
        gpu_memory_utilization=gpu_memory_utilization,
        tensor_parallel=gpus,
        max_batch=_count(max_batch),
        tpot_slo_ms=tpot_slo_ms,
    )
    with calculator_errors():
        cat = load_catalog(catalog)
        arch = cat.architecture(model)
        if arch is None:
            raise _bad_flags(
                f"{model!r} has no published architecture in the catalog (it is API-only)",
                "--model",
                hint="Pick an open-weight model: see `genai-design catalog models`.",
            )
        vs = cat.prices(vs_model) if vs_model else calc.comparable_api_model(arch, cat)
        result = calc.estimate(
            inputs, arch, cat.gpu(gpu), vs, references=calc.resolve_references(cat)
        )
    if json_output:
        _print_json(result)
    else:
        _print_tables({"capacity": result})


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("cost")(cost)
    app.command("latency")(latency)
    app.command("capacity")(capacity)
