"""`ordgen clauses`, `ordgen show` and `ordgen explain`: look into a library and a draft."""

from pathlib import Path
from typing import Annotated

import typer

from .app import (
    GLOBAL_HELP,
    JsonOption,
    LibraryOption,
    app,
    complete_category,
    complete_clause,
    print_json,
    usage_error,
)


@app.command(epilog=GLOBAL_HELP)
def clauses(
    category: Annotated[str | None, typer.Option(
        "--category", "-c", help="Only this category, e.g. alpr.",
        autocompletion=complete_category)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the library's clauses.

    One row per clause, in draft order: id, variants (* marks the default), params, title and
    summary.

    Example: ordgen clauses --category alpr
    """
    from .. import api, terminal

    rows = api.clauses(library, category)
    if as_json:
        print_json(rows)
    else:
        terminal.show_clauses(rows)


@app.command(epilog=GLOBAL_HELP)
def show(
    clause: Annotated[str, typer.Argument(help="A clause id, e.g. alpr.retention.",
                                          show_default=False, autocompletion=complete_clause)],
    variant: Annotated[str | None, typer.Option(
        "--variant", "-V", help="The variant to render (default: the clause's default).")
                       ] = None,
    settings: Annotated[list[str] | None, typer.Option(
        "--set", "-s", help="A param's value, name=value (as a recipe would set it; lists as "
                            "'a | b', yes/no); repeatable. Default: the clause's example.",
        show_default=False)] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help="The sample jurisdiction: city (the default), county, "
                             "texas-county, village or town.", show_default=False)] = None,
    instrument: Annotated[str | None, typer.Option(
        "--instrument", "-i", help="ordinance, resolution, order or executive-order "
                                   "(default: the first the clause is written for).",
        show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one clause in full.

    Its text rendered in a sample draft (with its example values, or those --set gives,
    for the sample jurisdiction --kind names), its rationale, authorities, params,
    variants, requirements and the state laws it runs into. `ordgen check` names the
    options that reproduce a combination it found broken.

    Example: ordgen show alpr.retention --variant strong --set retention_days=30 --kind county
    """
    from .. import api, terminal
    from ..browse import OptionError

    try:
        detail = api.show(clause, variant=variant, library=library, settings=settings,
                          kind=kind, instrument=instrument)
    except OptionError as exc:
        raise usage_error(str(exc)) from None
    if as_json:
        print_json(detail)
    else:
        terminal.show_clause(detail)


@app.command(epilog=GLOBAL_HELP)
def explain(
    recipe: Annotated[Path, typer.Argument(help="The recipe YAML file.", show_default=False)],
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Explain why each clause is in a draft.

    For each clause: chosen, or required by another; its variant and the library layer it
    comes from. Then what conflicts keep out, and which state laws may forbid which sections.

    Example: ordgen explain examples/austin.yaml
    """
    from .. import api, terminal

    data = api.explain(recipe, library=library)
    if as_json:
        print_json(data)
    else:
        terminal.show_explanation(data)
