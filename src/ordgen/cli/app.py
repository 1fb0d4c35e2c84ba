"""The `ordgen` application: global options, how problems are printed, and what every
command shares. The commands, one module each, register themselves on `app`.

No `from __future__ import annotations` in the command modules: typer reads every
command's annotations when it starts, and evaluating them from strings costs more than the
rest of start-up.
"""

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..options import RATIONALE_MODES
from ..version import __version__

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..library import Library

# Most commands live for a fraction of a second, most of it importing modules: collect
# cyclic garbage every 50,000 allocations, not every 700, so start-up does not walk every
# object again and again. Commands that run long go back to the usual rate (`steady`), and
# `main` freezes what is alive at exit, so shutdown need not search it for cycles.
USUAL_GC = gc.get_threshold()
gc.set_threshold(50_000, 20, 100)

GLOBAL_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose"}
GLOBAL_HELP = "Global options, before or after the command: -q/--quiet, -v/--verbose."

app = typer.Typer(
    name="ordgen",
    help="Draft model local ordinances that separate local government services from federal "
         "civil immigration enforcement, from a YAML clause library, to Markdown and Word.",
    epilog="Start with `ordgen new draft.yaml`, then `ordgen build draft.yaml -o draft.md`. "
           "Tab completion of commands, options and clause ids: run "
           "`ordgen --install-completion` once (bash, zsh, fish or PowerShell), then open a "
           "new shell; `ordgen --show-completion` prints the script instead.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

Rationale = Enum("Rationale", {mode: mode for mode in RATIONALE_MODES}, type=str)  # type: ignore[misc]

LibraryOption = Annotated[list[Path] | None, typer.Option(
    "--library", "-l", help="Clause library folder; repeat to layer libraries. "
                            "Default: the recipe's, else the bundled library.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


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
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Print more detail (build: each clause, its "
                                               "variant and why it is in).")] = False,
) -> None:
    """Draft model separation ordinances from a clause library."""
    State.quiet, State.verbose = State.quiet or quiet, State.verbose or verbose


def hoist_global_flags(argv: list[str]) -> list[str]:
    """Global flags given after the command (`ordgen build r.yaml -q`) are taken as if
    given before it, as git and gh take theirs."""
    args = list(argv)
    if "--" in args:
        end = args.index("--")
        head, tail = args[:end], args[end:]
    else:
        head, tail = args, []
    first = next((i for i, a in enumerate(head) if not a.startswith("-")), len(head))
    moved = [a for a in head[first + 1:] if a in GLOBAL_FLAGS]
    kept = head[:first + 1] + [a for a in head[first + 1:] if a not in GLOBAL_FLAGS]
    return moved + kept + tail if moved else args


def report(diagnostics: "list[Diagnostic]", fmt: str = "text") -> None:
    """Print diagnostics to standard error (or standard output for json/github)."""
    shown = [d for d in diagnostics if d.is_error or not State.quiet]
    if fmt == "json":
        import json

        print(json.dumps([d.to_dict() for d in diagnostics], indent=2))
        return
    if fmt == "github":
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


def usage_error(message: str) -> typer.Exit:
    """Bad command usage: a one-line message and exit code 2."""
    print(f"ordgen: {message}", file=sys.stderr)
    return typer.Exit(2)


def steady() -> None:
    """Collect garbage at the usual rate: for commands that build many drafts, whose
    memory would otherwise grow by hundreds of megabytes between collections."""
    gc.set_threshold(*USUAL_GC)


def split_outputs(output: list[Path]) -> tuple[list[Path], bool]:
    """The output files, and whether Markdown also goes to standard output ('-')."""
    return [p for p in output if str(p) != "-"], any(str(p) == "-" for p in output)


def print_json(data: Any) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def completion_library(ctx: typer.Context) -> "Library | None":
    """The library named by --library (raw text while completing) or the bundled one."""
    from ..library import load_library

    try:
        return load_library([Path(p) for p in ctx.params.get("library") or ()] or None)
    except Exception:  # completion must never fail loudly
        return None


def complete_clause(ctx: typer.Context, incomplete: str) -> list[str]:
    """Clause ids for shell completion, from --library or the bundled library."""
    lib = completion_library(ctx)
    return [cid for cid in sorted(lib.clauses) if cid.startswith(incomplete)] if lib else []


def complete_category(ctx: typer.Context, incomplete: str) -> list[str]:
    lib = completion_library(ctx)
    return [c.id for c in lib.categories if c.id.startswith(incomplete)] if lib else []
