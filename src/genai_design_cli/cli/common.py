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


def usable_answers(fw: Framework, session: Session, path: object) -> Session:
    """The session to export or score. A saved session keeps answers its framework no
    longer accepts (a question's max lowered, a choice removed): they are left out of this
    output with a note on stderr, and stay in the file to answer again on `resume`. A
    hand-written answers file (no [session] table) with such answers is refused (exit 2),
    as it always was: its author is there to fix it."""
    from genai_design_cli.model.answers import require_valid_answers, without_invalid_answers
    from genai_design_cli.tui.terminal_text import clean

    saved = session.session is not None
    problems = require_valid_answers(fw, session.answers, str(path), saved=saved)
    if not problems:
        return session
    ref = session.id or str(path)
    plural = "s" if len(problems) != 1 else ""
    typer.echo(
        f"Note: {len(problems)} saved answer{plural} no longer fit {fw.id} {fw.version}; "
        "they are kept in the session and left out here:\n"
        + "\n".join(f"  {clean(p, one_line=True)}" for p in problems[:20])
        + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        + f"\nAnswer them again with: genai-design resume {ref}",
        err=True,
    )
    return session.model_copy(update={"answers": without_invalid_answers(fw, session.answers)})
