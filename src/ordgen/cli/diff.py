"""`ordgen diff`: two drafts, or two releases of a clause library, as a redline."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, app, say, split_outputs, usage_error


@app.command(epilog=GLOBAL_HELP)
def diff(
    output: Annotated[list[Path], typer.Option(
        "--output", "-o", help="Output file (.md, .docx, .pdf or .html); repeat for several. "
                               "'-' prints Markdown.", show_default=False)],
    paths: Annotated[list[Path] | None, typer.Argument(
        help="OLD NEW: each a recipe (.yaml), a Word file (.docx), a web page (.html) or "
             "Markdown text (a draft, or code text). With --revisions: the library folder "
             "(default clauses/).",
        show_default=False)] = None,
    revisions: Annotated[str | None, typer.Option(
        "--revisions", "-r", help="REV1..REV2: the clauses a library's git history added, "
                                  "removed and changed between two revisions, with redlines.",
        show_default=False)] = None,
    library: Annotated[str | None, typer.Option(
        "--library", hidden=True, help="The former name of --revisions.")] = None,
    context: Annotated[int | None, typer.Option(
        min=0, help="Keep N words around each change and elide the rest with * * *. "
                    "Default: show everything.", show_default=False)] = None,
    tracked: Annotated[bool, typer.Option(
        "--tracked", help="Write Word changes as tracked changes instead of struck and "
                          "underlined text.")] = False,
    template: Annotated[Path | None, typer.Option(
        help="Reference .docx whose styles the Word output uses.")] = None,
    as_sent: Annotated[bool, typer.Option(
        "--as-sent", help="Read Word files' tracked changes as rejected (the text as sent) "
                          "instead of accepted.")] = False,
) -> None:
    """Compare two drafts, or two releases of a clause library, as a redline.

    Sections are matched by title, then by wording, so a moved or renumbered section shows
    as a change to its heading. Deleted words are stricken, new ones underscored.

    \b
    Example: ordgen diff old.md new.md -o changes.docx
    Returned: ordgen diff sent.docx returned.docx -o changes.docx
    Recipes: ordgen diff examples/minneapolis.yaml examples/minneapolis-v2.yaml -o redline.md
    Library: ordgen diff --revisions HEAD~1..HEAD clauses/ -o changes.md
    """
    from .. import api
    from ..diff.releases import parse_range
    from ..render import render_redline

    given = list(paths or [])
    files, to_stdout = split_outputs(output)
    if library is not None:
        say("ordgen: --library REV1..REV2 is now --revisions REV1..REV2")
        revisions = revisions or library
    if revisions is not None:
        if len(given) > 1:
            raise usage_error("with --revisions, give at most one path: the library folder")
        try:
            parse_range(revisions)
        except ValueError as exc:
            raise usage_error(f"--revisions: {exc}") from None
        redline = api.library_diff(revisions, given[0] if given else Path("clauses"), files,
                                   context=context, tracked=tracked, template=template)
    else:
        if len(given) != 2:
            raise usage_error("give two files to compare, OLD and NEW (or --revisions "
                              "REV1..REV2 to compare library releases)")
        redline = api.diff(given[0], given[1], files, context=context, tracked=tracked,
                           template=template, as_sent=as_sent)
    if to_stdout:
        sys.stdout.write(render_redline(redline, "markdown").decode())
    for path in files:
        say(f"wrote {path}")
