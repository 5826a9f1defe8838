"""Commands: catalog models | gpus | import-litellm. Thin: the catalog reads, the views draw,
io/user_catalog writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from genai_design_cli.cli import options
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
def models(
    catalog: CatalogOpt = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Show retired models too (hidden by default)."),
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    """Models: prices, limits, typical latency and architectures, with sources.

    API models: $ per 1M tokens (input, cached input, output), the context
    window and output limit, typical time to first token and output
    tokens/s. Open-weight models: the architecture from their config.json.
    Models their provider has retired are hidden (they still load for old
    sessions and `cost`); --all shows them, marked. Announced shutdown dates
    are listed under the table.

    [bold]Examples[/bold]

      genai-design catalog models

      genai-design catalog models --all --json
    """
    today = options.today()
    with calculator_errors():
        cat = load_catalog(catalog)
        tables = cat.models()
        offered = set(cat.offered_model_ids(today))
        stale = cat.stale_prices(today)
    retired = sorted(m for m in tables if m not in offered)
    if stale:
        from genai_design_cli.calc.catalog import REFRESH_HINT, STALE_AFTER_MONTHS

        dated = ", ".join(f"{m} ({as_of or 'undated'})" for m, as_of in stale)
        typer.echo(
            f"Warning: prices more than {STALE_AFTER_MONTHS} months old on {today}: {dated}. "
            + REFRESH_HINT,
            err=True,
        )
    shown = tables if show_all else {m: t for m, t in tables.items() if m in offered}
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json({"models": shown, "retired": retired})
        return
    from genai_design_cli.tui.catalog_views import models_tables

    _print(models_tables(shown, retired=retired, today=today.isoformat(), show_all=show_all))


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
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The data's own date, YYYY-MM-DD (the LiteLLM release or commit it is from). "
            "Default: the file's modification date, or the newest date in its model names.",
            show_default=False,
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            metavar="NAME",
            help="Also import this LiteLLM entry by its name (repeat for more).",
            show_default=False,
        ),
    ] = None,
    import_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Import every priced entry of the file (thousands; every command that reads "
            "your catalog then parses them all).",
        ),
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    """Import prices from a LiteLLM price file, and show what changed.

    Reads LiteLLM's model_prices_and_context_window.json format; per-token
    costs become $ per 1M tokens in GENAI_DESIGN_HOME/catalog.toml. Every
    shipped API model is refreshed through the LiteLLM keys it lists
    (claude-sonnet-4-5-20250929 updates claude-sonnet-4-5), and so is every
    model your catalog already has. Other entries of the file come in only
    when named with --model, or all of them with --all. Entries already
    there are kept; imported ids are updated.

    The prices are stamped with the data's date, not today's: --as-of, else
    the file's modification date when plausible, else the newest date in
    its model names (a lower bound: prices then look older than they are,
    never fresher). Each changed price, context window, output limit,
    long-context tier and cache-write premium is listed: model, field,
    old → new.

    [bold]Examples[/bold]

      genai-design catalog import-litellm model_prices_and_context_window.json

      genai-design catalog import-litellm prices.json --as-of 2026-11-20 --json
    """
    from datetime import date

    from genai_design_cli.calc.catalog import Catalog, CatalogError
    from genai_design_cli.calc.litellm import data_date, import_summary, litellm_to_catalog
    from genai_design_cli.errors import UserError
    from genai_design_cli.io.paths import user_catalog_file
    from genai_design_cli.io.user_catalog import import_models, read_json_file, read_user_catalog

    data = read_json_file(file)
    today = options.today()
    try:
        modified: date | None = date.fromtimestamp(file.stat().st_mtime)
    except (OSError, OverflowError, ValueError):
        modified = None
    try:
        stamp, dated_by = data_date(data, given=as_of, modified=modified, today=today)
    except CatalogError as exc:
        raise UserError(
            exc.message, where="--as-of" if as_of else str(file), hint=exc.hint
        ) from None
    try:
        imported = litellm_to_catalog(
            data, as_of=stamp, source=f"LiteLLM price file {file.name}, imported {today}"
        )
    except CatalogError as exc:
        raise UserError(exc.message, where=str(file), hint=exc.hint) from None
    if not imported:
        raise UserError(
            "no chat/completion entries with input_cost_per_token and output_cost_per_token",
            where=str(file),
            hint="Is this LiteLLM's model_prices_and_context_window.json format?",
        )
    yours = read_user_catalog(user_catalog_file())  # a broken one stops here: nothing imported
    with calculator_errors():
        current = load_catalog().models()  # before the import: shipped + your catalog
        shipped = Catalog()
        api_ids = [m for m in shipped.model_ids() if shipped.has_price(m)]
    if not import_all:
        # the models a person prices: the shipped API models, their own, and those they name
        wanted = set(api_ids) | set(yours.get("models", {})) | set(include or [])
        unknown = sorted(set(include or []) - set(imported))
        if unknown:
            raise UserError(
                f"not a priced entry of the file: {', '.join(unknown)}",
                where=str(file),
                hint="Names are LiteLLM's keys, e.g. claude-sonnet-4-5-20250929.",
            )
        imported = {name: table for name, table in imported.items() if name in wanted}
    summary = import_summary(current, imported, api_ids)
    target = import_models(imported)
    report = {"file": str(file), "as_of": stamp, "dated_by": dated_by, "target": str(target)}
    report.update(summary)
    if json_output:
        from genai_design_cli.cli.output import print_json

        print_json(report)
        return
    from genai_design_cli.tui.catalog_views import import_lines

    for line in import_lines(report):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add the `catalog` command group to the main app."""
    app.add_typer(catalog_app, name="catalog")
