"""`ordgen check`: everything wrong with a clause library, for people and for CI."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, app, print_json, report, say, steady


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command(epilog=GLOBAL_HELP)
def check(
    libraries: Annotated[list[Path] | None, typer.Argument(
        help="Library folders (layers, in order). Default: the bundled library.",
        show_default=False)] = None,
    recipe: Annotated[list[Path] | None, typer.Option(
        "--recipe", "-r", help="Also build this recipe; repeatable.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, json or github.")
                   ] = Format.text,
    no_examples: Annotated[bool, typer.Option(
        "--no-examples", help="Skip the examples/ folder beside the library.")] = False,
) -> None:
    """Check a clause library: every branch of every template, for every kind of jurisdiction.

    Schema, references, requirements, authorities and citations; every name in every
    template; every variant rendered over a covering set of values, sample jurisdictions
    and instruments; and every recipe in the examples/ folder beside the library built.

    Example: ordgen check clauses/ --format github
    """
    from .. import api

    steady()
    checked = api.check(libraries, recipe, examples=not no_examples)
    if fmt is Format.json:
        print_json({"diagnostics": [d.to_dict() for d in checked],
                    "renders": checked.summary(), "layers": checked.layers})
    else:
        report(checked, fmt.value)
    errors = sum(d.is_error for d in checked)
    warnings = len(checked) - errors
    if fmt is Format.text and len(checked.layers) > 1:  # which layer each entry came from
        for layer, entries in checked.layers.items():
            say(f"layer {layer}: " + "; ".join(
                f"{len(names)} {kind.replace('_', ' ')} ({', '.join(names[:6])}"
                f"{', ...' if len(names) > 6 else ''})" for kind, names in entries.items()))
    if fmt is Format.text:
        say(f"rendered {checked.combinations:,} combination{'s' * (checked.combinations != 1)} "
            f"of {checked.variants:,} variant{'s' * (checked.variants != 1)}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors:
        raise typer.Exit(1)
