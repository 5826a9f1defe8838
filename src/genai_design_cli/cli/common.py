"""What several commands share: loading a session's design with its case and catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from genai_design_cli.calc.catalog import Catalog
    from genai_design_cli.design import Design
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.framework import Framework
    from genai_design_cli.model.session import Session


def load_catalog(extra: str | None = None) -> Catalog:
    """The shipped catalog merged with the user's own; a broken user catalog is bad input
    (exit 2) naming its file and line, for `export` and `score` as for `cost`."""
    from genai_design_cli.calc.catalog import Catalog, CatalogError
    from genai_design_cli.errors import UserError

    try:
        return Catalog.default(extra)
    except CatalogError as exc:
        raise UserError(exc.message, where=exc.where, hint=exc.hint) from None


def session_case(session: Session) -> Case | None:
    """The session's case, or None (with a note on stderr) when it names one that is gone."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.model.case import load_case

    ref = session.session.case if session.session else None
    if not ref:
        return None
    try:
        return load_case(ref)
    except UserError as exc:
        typer.echo(f"Note: case {ref!r} not found ({exc.message}); going on without it.", err=True)
        return None


def load_design(fw: Framework, session: Session, case: Case | None = None) -> Design:
    """The Design of a session: its case (unless given), the catalog, calculators and coach."""
    from genai_design_cli.calc.catalog import CatalogError
    from genai_design_cli.design import build_design
    from genai_design_cli.errors import UserError

    catalog = load_catalog()
    try:
        return build_design(fw, session, catalog=catalog, case=case or session_case(session))
    except CatalogError as exc:
        raise UserError(exc.message, where=exc.where, hint=exc.hint) from None
