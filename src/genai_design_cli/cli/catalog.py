"""Commands: catalog models | gpus | import-litellm. Thin: the catalog reads, the views draw,
io/user_catalog writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from genai_design_cli.cli.common import load_catalog
from genai_design_cli.cli.options import CatalogOpt, JsonOpt, calculator_errors

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


def _print(renderables: list) -> None:
    from genai_design_cli.tui.console import console

    out = console()
    for item in renderables:
        out.print(item)


@catalog_app.command("models")
def models(catalog: CatalogOpt = None, json_output: JsonOpt = False) -> None:
    """Models: prices, typical latency and architectures, each with its source and date.

    API models: $ per 1M tokens (input, cached input, output), typical time to first token and
    output tokens/s. Open-weight models: the architecture from their config.json.

    [bold]Example[/bold]

      genai-design catalog models --json
    """
    with calculator_errors():
        tables = load_catalog(catalog).models()
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json({"models": tables})
        return
    from genai_design_cli.tui.catalog_views import models_tables

    _print(models_tables(tables))


@catalog_app.command("gpus")
def gpus(catalog: CatalogOpt = None, json_output: JsonOpt = False) -> None:
    """GPUs: memory, bandwidth, dense BF16 TFLOPS and $/hour, with sources and dates.

    Datasheets often print TFLOPS with 2:4 sparsity; the catalog keeps the dense figure.
    Memory is what the driver reports (nvidia-smi), in GiB: a marketed "80 GB" H100 has
    79.6 GiB.

    [bold]Example[/bold]

      genai-design catalog gpus
    """
    with calculator_errors():
        cat = load_catalog(catalog)
        tables = cat.gpus()
        memory_gib = {gpu_id: cat.gpu(gpu_id).memory_gib for gpu_id in tables}
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json({"gpus": tables})
        return
    from genai_design_cli.tui.catalog_views import gpus_tables

    _print(gpus_tables(tables, memory_gib))


@catalog_app.command("import-litellm")
def import_litellm(
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
    from datetime import date

    from genai_design_cli.calc.catalog import CatalogError
    from genai_design_cli.calc.litellm import litellm_to_catalog
    from genai_design_cli.errors import UserError
    from genai_design_cli.io.user_catalog import import_models, read_json_file

    data = read_json_file(file)
    try:
        imported = litellm_to_catalog(
            data, as_of=date.today().isoformat(), source=f"LiteLLM price file {file.name}"
        )
    except CatalogError as exc:
        raise UserError(exc.message, where=str(file), hint=exc.hint) from None
    if not imported:
        raise UserError(
            "no chat/completion entries with input_cost_per_token and output_cost_per_token",
            where=str(file),
            hint="Is this LiteLLM's model_prices_and_context_window.json format?",
        )
    target = import_models(imported)
    typer.echo(f"Imported {len(imported):,} model prices into {target}.")


def register(app: typer.Typer) -> None:
    """Add the `catalog` command group to the main app."""
    app.add_typer(catalog_app, name="catalog")
