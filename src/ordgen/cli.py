"""The `ordgen` command: options and output only; the work is in ordgen.api."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

app = typer.Typer(
    name="ordgen",
    help="Draft model local ordinances that separate city services from federal civil "
         "immigration enforcement, from a YAML clause library, to Markdown and Word.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


class Rationale(str, Enum):
    none = "none"
    inline = "inline"
    memo = "memo"
    comments = "comments"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class State:
    quiet = False
    verbose = False


def _version(value: bool) -> None:
    if value:
        print(f"ordgen {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print more detail.")] = False,
) -> None:
    """Draft model separation ordinances from a clause library."""
    State.quiet, State.verbose = quiet, verbose


def report(diagnostics: list[Diagnostic], fmt: Format = Format.text) -> None:
    """Print diagnostics to standard error (or standard output for json/github)."""
    shown = [d for d in diagnostics if d.is_error or not State.quiet]
    if fmt is Format.json:
        import json

        print(json.dumps([d.to_dict() for d in diagnostics], indent=2))
        return
    if fmt is Format.github:
        for d in shown:
            print(d.github())
        return
    color = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    for d in shown:
        text = d.format()
        if color:
            mark = "\x1b[31m" if d.is_error else "\x1b[33m"
            text = text.replace(f"{d.severity}[", f"{mark}{d.severity}\x1b[0m[", 1)
        print(text, file=sys.stderr)


def say(message: str) -> None:
    if not State.quiet:
        print(message, file=sys.stderr)


@app.command()
def build(
    recipe: Annotated[Path, typer.Argument(help="The recipe YAML file.", show_default=False)],
    output: Annotated[list[Path], typer.Option("--output", "-o",
                                               help="Output file (.md or .docx); repeat for "
                                                    "several. '-' prints Markdown.")],
    library: Annotated[Optional[list[Path]], typer.Option(
        "--library", "-l", help="Clause library folder; repeat to layer libraries.")] = None,
    rationale: Annotated[Optional[Rationale], typer.Option(
        help="Where rationales go: none, inline, memo, or comments (DOCX).")] = None,
    template: Annotated[Optional[Path], typer.Option(
        help="Reference .docx whose styles the Word output uses.")] = None,
    line_numbers: Annotated[bool, typer.Option("--line-numbers",
                                               help="Number lines in the DOCX margin.")] = False,
) -> None:
    """Build a draft from a recipe.

    Example: ordgen build examples/minneapolis.yaml -o minneapolis.md -o minneapolis.docx
    """
    from . import api

    mode = rationale.value if rationale else None
    to_stdout = [p for p in output if str(p) == "-"]
    files = [p for p in output if str(p) != "-"]
    result = api.build(recipe, files, library=library, rationale=mode, template=template,
                       line_numbers=line_numbers)
    report(result.warnings)
    if to_stdout:
        sys.stdout.write(api.render(result.document, "markdown", rationale=mode).decode())
    for path in files:
        say(f"wrote {path}")


@app.command()
def check(
    libraries: Annotated[Optional[list[Path]], typer.Argument(
        help="Library folders (layers, in order). Default: the bundled library.",
        show_default=False)] = None,
    recipe: Annotated[Optional[list[Path]], typer.Option(
        "--recipe", "-r", help="Also build this recipe; repeatable.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, json or github.")
                   ] = Format.text,
    no_examples: Annotated[bool, typer.Option(
        "--no-examples", help="Skip the examples/ folder beside the library.")] = False,
) -> None:
    """Check a clause library: schema, every variant renders, references, terms, examples.

    Example: ordgen check clauses/ --format github
    """
    from . import api

    diagnostics = api.check(libraries, recipe, examples=not no_examples)
    report(diagnostics, fmt)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt is Format.text:
        say(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors:
        raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app, turning bad input into diagnostics and exit code 1."""
    from .diagnostics import OrdgenError

    try:
        app()
    except OrdgenError as exc:
        report(exc.diagnostics)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: say so plainly, without a traceback
        print(f"ordgen: internal error: {type(exc).__name__}: {exc}\n"
              "Please report this with the command you ran.", file=sys.stderr)
        sys.exit(3)
