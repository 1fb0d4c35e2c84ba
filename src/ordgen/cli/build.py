"""`ordgen build`: a recipe into a draft."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, LibraryOption, Rationale, State, app, report, say, split_outputs


@app.command(epilog=GLOBAL_HELP)
def build(
    recipe: Annotated[Path, typer.Argument(help="The recipe YAML file.", show_default=False)],
    output: Annotated[list[Path], typer.Option("--output", "-o",
                                               help="Output file (.md, .docx, .pdf or "
                                                    ".html); repeat for several. '-' prints "
                                                    "Markdown.")],
    library: LibraryOption = None,
    rationale: Annotated[Rationale | None, typer.Option(
        help="Where rationales go: none, inline, memo, or comments (Word).")] = None,
    template: Annotated[Path | None, typer.Option(
        help="Reference .docx whose styles the Word output uses.")] = None,
    line_numbers: Annotated[bool, typer.Option("--line-numbers",
                                               help="Number lines in the Word margin.")] = False,
    tracked: Annotated[bool, typer.Option(
        "--tracked", help="Amending ordinances: write the redline into the Word file as "
                          "tracked changes instead of struck and underlined text.")] = False,
) -> None:
    """Build a draft from a recipe.

    Example: ordgen build examples/minneapolis.yaml -o minneapolis.md -o minneapolis.docx
    """
    from .. import api
    from ..render import render

    files, to_stdout = split_outputs(output)
    result = api.build(recipe, files, library=library,
                       rationale=rationale.value if rationale else None, template=template,
                       line_numbers=line_numbers, tracked=tracked)
    report(result.warnings)
    if State.verbose:  # what went into the draft, and why
        for s in result.selection:
            section = result.document.section(s.id)
            where = section.label if section else "recitals"
            say(f"{where}: {s.id} ({s.variant}), {s.reason}, from {s.loaded.layer}")
        for cid, why in result.left_out.items():
            say(f"left out: {cid}: {why}")
    if to_stdout:
        sys.stdout.write(render(result.document, "markdown").decode())
    for path in files:
        say(f"wrote {path}")
