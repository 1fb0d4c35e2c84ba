"""`ordgen check`: everything wrong with a clause library, for people and for CI."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, app, report, say, steady


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
    """Check a clause library: schema, every variant renders, references, terms, examples.

    Example: ordgen check clauses/ --format github
    """
    from .. import api

    steady()
    diagnostics = api.check(libraries, recipe, examples=not no_examples)
    report(diagnostics, fmt.value)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt is Format.text:
        say(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors:
        raise typer.Exit(1)
