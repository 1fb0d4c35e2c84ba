"""`ordgen new`: a recipe written by answering questions."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, LibraryOption, app, say, usage_error


@app.command(epilog=GLOBAL_HELP)
def new(
    path: Annotated[Path, typer.Argument(help="The recipe file to write.", show_default=False)],
    library: LibraryOption = None,
    defaults: Annotated[bool, typer.Option(
        "--defaults", help="Ask nothing: every clause the library offers (leaving out "
                           "conflicts), each in its default variant with default values. "
                           "Needs --name and --state.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation; "
                                      "replace PATH if it exists. Without a terminal, implies "
                                      "--defaults.")] = False,
    name: Annotated[str | None, typer.Option(help="Jurisdiction name, e.g. 'City of Duluth'.")
                    ] = None,
    kind: Annotated[str | None, typer.Option(help="city, town, village, borough, township, "
                                                  "county, city-county, parish or metro "
                                                  "(default: guessed from the name).")] = None,
    state: Annotated[str | None, typer.Option(help="State code or name, e.g. MN.")] = None,
) -> None:
    """Write a new recipe by answering questions.

    Asks the kind of government, its name and state (warning at once of a state law that
    forbids such measures), the offices it has, the instrument and title; then the measures
    from one list, their strength, and values only for the measures you ask to set. Enter
    takes the suggestion in brackets; `<` goes back a question. The recipe's comments explain
    each choice; it is checked to build before it is written.

    \b
    Example: ordgen new draft.yaml
    Scripted: ordgen new draft.yaml --defaults --yes --name "City of Duluth" --state MN
    """
    from .. import api, wizard
    from ..values import parse_kind, parse_line, parse_state

    terminal_in = sys.stdin.isatty()
    if not terminal_in and not (defaults or yes):
        raise usage_error("`ordgen new` asks questions, but standard input is not a terminal; "
                          "run it in a terminal, or pass --defaults --yes with --name and "
                          "--state to take every default")
    interactive = terminal_in and not defaults
    if not interactive and (name is None or state is None):
        raise usage_error("without questions, `ordgen new` needs the jurisdiction: give "
                          "--name and --state (e.g. --name 'City of Duluth' --state MN)")
    preset: dict[str, str] = {}
    for key, value, parse in (("name", name, parse_line), ("kind", kind, parse_kind),
                              ("state", state, parse_state)):
        if value is not None:
            try:
                preset[key] = parse(value)
            except ValueError as exc:
                raise usage_error(f"--{key}: {exc}") from None
    prompter = None
    if terminal_in:
        from ..terminal import TerminalPrompter

        prompter = TerminalPrompter()
    try:
        ask = prompter if interactive and prompter is not None else wizard.Defaults()
        written = api.new(path, ask, preset,
                          library=library, confirm=None if yes else prompter, replace=yes)
    except EOFError:
        print("\nordgen: input ended before every question was answered; nothing written",
              file=sys.stderr)
        raise typer.Exit(1) from None
    except wizard.Unanswered as exc:
        raise usage_error(f"no default for '{exc}'; run `ordgen new` in a terminal") from None
    if not written:
        say("nothing written")
        return
    say(f"wrote {path}\nnext: ordgen build {path} -o {path.with_suffix('.md').name}"
        f"   (ordgen explain {path} tells why each clause is in)")
