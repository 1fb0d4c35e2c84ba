"""`ordgen site`: publish a clause library as a static site."""

from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, app, report, say


@app.command(epilog=GLOBAL_HELP)
def site(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The folder to write the site into: a new or empty folder, "
                               "or one an earlier `ordgen site` wrote, which is replaced.",
        show_default=False)],
    libraries: Annotated[list[Path] | None, typer.Argument(
        help="Library folders (layers, in order). Default: the bundled library.",
        show_default=False)] = None,
    recipe: Annotated[list[Path] | None, typer.Option(
        "--recipe", "--recipes", "-r",
        help="Also draft this recipe for the jurisdictions page; repeatable.")] = None,
    no_examples: Annotated[bool, typer.Option(
        "--no-examples", help="Leave out the examples/ folder beside the library.")] = False,
) -> None:
    """Publish a library as a static site: the clause catalogue, state laws, example drafts.

    One page per clause (its variants side by side, a redline from each strength to the
    next, params, rationale, authorities, state laws), a map of the state laws, a matrix of
    the example recipes, and search. It works opened from disk or from any static host.

    Example: ordgen site clauses -o site/
    """
    from .. import api

    result = api.site(libraries, output, recipes=recipe, examples=not no_examples)
    report(result.warnings)
    pages = sum(name.endswith(".html") for name in result.files)
    say(f"wrote {result.folder}/ ({pages} pages, {len(result.recipes)} drafts); "
        f"open {result.folder / 'index.html'}")
