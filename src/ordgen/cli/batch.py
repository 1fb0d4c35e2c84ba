"""`ordgen batch`: one draft per jurisdiction in a list."""

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .app import GLOBAL_HELP, JsonOption, LibraryOption, State, app, print_json, steady


class BatchFormat(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"
    both = "both"
    all = "all"


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    from ..batch import parse_shard

    try:
        return parse_shard(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command(epilog=GLOBAL_HELP)
def batch(
    recipe: Annotated[Path, typer.Argument(help="The recipe YAML file.", show_default=False)],
    jurisdictions: Annotated[Path, typer.Option(
        "--jurisdictions", help="CSV (or YAML list) of jurisdictions: columns name, kind, "
                                "state, any other jurisdiction field, and "
                                "<clause.id>.<param> for values.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the drafts.",
                                         show_default=False)],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Worker processes; 0 for one per CPU.")] = 1,
    shard: Annotated[str | None, typer.Option(
        help="i/n: build every n-th row starting at row i, to share a run between CI runners.",
        callback=_shard)] = None,
    fmt: Annotated[BatchFormat, typer.Option(
        "--format", "-f", help="md, docx, pdf, both (md and docx) or all (md, docx and pdf). "
                               "PDFs need LibreOffice; one LibreOffice run converts them all.")
                   ] = BatchFormat.md,
    library: LibraryOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild drafts that are up to date.")
                     ] = False,
    as_json: JsonOption = False,
) -> None:
    """Build one draft per jurisdiction in a list.

    Each row fills the recipe's jurisdiction and values. A row that fails does not stop the
    others; the summary lists failures and state-law warnings. Rerunning skips drafts whose
    recipe, row and library are unchanged. Exits 1 if any row failed.

    \b
    Example: ordgen batch draft.yaml --jurisdictions cities.csv -o drafts/ --jobs 4
    In CI:   ordgen batch draft.yaml --jurisdictions cities.csv -o drafts/ --shard 2/4
    """
    from .. import api, terminal

    steady()
    shard_of: tuple[int, int] = shard or (1, 1)  # type: ignore[assignment]
    runner = api.batch(recipe, jurisdictions, output, library=library, shard=shard_of,
                       fmt=fmt.value, force=force, jobs=jobs or os.cpu_count() or 1)
    # the runner forks its workers on entry, before the progress display starts a thread
    with runner, terminal.progress(len(runner.plan.rows), State.quiet) as advance:
        for result in runner:
            advance(result)
    summary = runner.summary()
    if as_json:
        print_json(summary)
    elif not State.quiet or summary["failed"]:
        i, n = shard_of
        plan = runner.plan
        note = f" (shard {i}/{n}: {len(plan.rows)} of {plan.total} rows)" if n > 1 else ""
        terminal.show_batch(summary, str(output), note)
    if summary["failed"]:
        raise typer.Exit(1)
