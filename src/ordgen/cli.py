"""The `ordgen` command: options and output only; the work is in ordgen.api.

No `from __future__ import annotations` here: typer reads every command's annotations
when it starts, and evaluating them from strings costs more than the rest of start-up.
"""

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

# Most commands live for a fraction of a second, most of it importing modules: collect
# cyclic garbage every 50,000 allocations, not every 700, so start-up does not walk every
# object again and again. Commands that run long go back to the usual rate (see `steady`).
USUAL_GC = gc.get_threshold()
gc.set_threshold(50_000, 20, 100)

import typer  # noqa: E402

from . import __version__  # noqa: E402

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

app = typer.Typer(
    name="ordgen",
    help="Draft model local ordinances that separate city services from federal civil "
         "immigration enforcement, from a YAML clause library, to Markdown and Word.",
    epilog="Start with `ordgen new draft.yaml`, then `ordgen build draft.yaml -o draft.md`. "
           "Tab completion of commands, options and clause ids: run "
           "`ordgen --install-completion` once (bash, zsh, fish or PowerShell), then open a "
           "new shell; `ordgen --show-completion` prints the script instead.",
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


class SchemaKind(str, Enum):
    clause = "clause"
    recipe = "recipe"


class BatchFormat(str, Enum):
    md = "md"
    docx = "docx"
    both = "both"


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
    State.quiet, State.verbose = quiet, verbose


def report(diagnostics: "list[Diagnostic]", fmt: Format = Format.text) -> None:
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
    library: Annotated[list[Path] | None, typer.Option(
        "--library", "-l", help="Clause library folder; repeat to layer libraries.")] = None,
    rationale: Annotated[Rationale | None, typer.Option(
        help="Where rationales go: none, inline, memo, or comments (DOCX).")] = None,
    template: Annotated[Path | None, typer.Option(
        help="Reference .docx whose styles the Word output uses.")] = None,
    line_numbers: Annotated[bool, typer.Option("--line-numbers",
                                               help="Number lines in the DOCX margin.")] = False,
    tracked: Annotated[bool, typer.Option(
        "--tracked", help="Amending ordinances: write the redline into the DOCX as Word "
                          "tracked changes instead of struck and underlined text.")] = False,
) -> None:
    """Build a draft from a recipe.

    Example: ordgen build examples/minneapolis.yaml -o minneapolis.md -o minneapolis.docx
    """
    from . import api

    mode = rationale.value if rationale else None
    to_stdout = [p for p in output if str(p) == "-"]
    files = [p for p in output if str(p) != "-"]
    result = api.build(recipe, files, library=library, rationale=mode, template=template,
                       line_numbers=line_numbers, tracked=tracked)
    report(result.warnings)
    if State.verbose:  # what went into the draft, and why
        for s in result.selection:
            where = f"Section {s.number}" if s.number else "recitals"
            say(f"{where}: {s.id} ({s.variant}), {s.reason}, from {s.loaded.layer}")
    if to_stdout:
        sys.stdout.write(api.render(result.document, "markdown", rationale=mode).decode())
    for path in files:
        say(f"wrote {path}")


@app.command()
def diff(
    output: Annotated[list[Path], typer.Option(
        "--output", "-o", help="Output file (.md or .docx); repeat for several. '-' prints "
                               "Markdown.", show_default=False)],
    paths: Annotated[list[Path] | None, typer.Argument(
        help="OLD NEW: each a recipe (.yaml) or Markdown text (a draft, or code text). "
             "With --library: the library folder (default clauses/).",
        show_default=False)] = None,
    library: Annotated[str | None, typer.Option(
        "--library", help="REV1..REV2: list the clauses a library's git history added, "
                          "removed and changed between two revisions, with redlines.",
        show_default=False)] = None,
    context: Annotated[int | None, typer.Option(
        min=0, help="Keep N words around each change and elide the rest with * * *. "
                    "Default: show everything.", show_default=False)] = None,
    tracked: Annotated[bool, typer.Option(
        "--tracked", help="Write .docx changes as Word tracked changes instead of struck and "
                          "underlined text.")] = False,
    template: Annotated[Path | None, typer.Option(
        help="Reference .docx whose styles the Word output uses.")] = None,
) -> None:
    """Compare two drafts, or two releases of a clause library, as a redline.

    Sections are matched by title, then by wording, so a moved or renumbered section shows
    as a change to its heading. Deleted words are stricken, new ones underscored.

    \b
    Example: ordgen diff old.md new.md -o changes.docx
    Recipes: ordgen diff examples/minneapolis.yaml examples/minneapolis-v2.yaml -o redline.md
    Library: ordgen diff --library v1.0..v1.1 clauses/ -o changes.md
    """
    from . import api

    given = list(paths or [])
    to_stdout = [p for p in output if str(p) == "-"]
    files = [p for p in output if str(p) != "-"]
    if library is not None:
        if len(given) > 1:
            raise _usage_error("with --library, give at most one path: the library folder")
        from .changelog import parse_range

        try:
            parse_range(library)
        except ValueError as exc:
            raise _usage_error(f"--library: {exc}") from None
        redline = api.library_diff(library, given[0] if given else Path("clauses"), files,
                                   context=context, tracked=tracked, template=template)
    else:
        if len(given) != 2:
            raise _usage_error("give two files to compare, OLD and NEW (or --library "
                               "REV1..REV2 to compare library releases)")
        redline = api.diff(given[0], given[1], files, context=context, tracked=tracked,
                           template=template)
    if to_stdout:
        sys.stdout.write(api.render_redline(redline, "markdown").decode())
    for path in files:
        say(f"wrote {path}")


@app.command()
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
    from . import api

    steady()
    diagnostics = api.check(libraries, recipe, examples=not no_examples)
    report(diagnostics, fmt)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt is Format.text:
        say(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors:
        raise typer.Exit(1)


def steady() -> None:
    """Collect garbage at the usual rate: for commands that build many drafts, whose
    memory would otherwise grow by hundreds of megabytes between collections."""
    gc.set_threshold(*USUAL_GC)


def _library(paths: list[Path] | None) -> Any:
    from .library import load_library

    return load_library(paths or None)


def _print_json(data: Any) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _completion_library(ctx: typer.Context) -> Any:
    """The library named by --library (raw text while completing) or the bundled one."""
    try:
        return _library([Path(p) for p in ctx.params.get("library") or ()])
    except Exception:  # completion must never fail loudly
        return None


def _complete_clause(ctx: typer.Context, incomplete: str) -> list[str]:
    """Clause ids for shell completion, from --library or the bundled library."""
    lib = _completion_library(ctx)
    if lib is None:
        return []
    return [cid for cid in sorted(lib.clauses) if cid.startswith(incomplete)]


def _complete_category(ctx: typer.Context, incomplete: str) -> list[str]:
    lib = _completion_library(ctx)
    if lib is None:
        return []
    return [c.id for c in lib.categories if c.id.startswith(incomplete)]


def _usage_error(message: str) -> typer.Exit:
    print(f"ordgen: {message}", file=sys.stderr)
    return typer.Exit(2)


@app.command()
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
    kind: Annotated[str | None, typer.Option(help="city, county, town, village, township or "
                                                  "borough (default: guessed from the name).")
                    ] = None,
    state: Annotated[str | None, typer.Option(help="State code or name, e.g. MN.")] = None,
) -> None:
    """Write a new recipe by answering questions.

    Asks for the jurisdiction, then offers the measures category by category, each with its
    variants and values. The recipe's comments explain each choice; it is checked to build
    before it is written.

    \b
    Example: ordgen new draft.yaml
    Scripted: ordgen new draft.yaml --defaults --yes --name "City of Duluth" --state MN
    """
    from . import api, wizard
    from .diagnostics import file_error
    from .values import parse_kind, parse_line, parse_state

    terminal_in = sys.stdin.isatty()
    if not terminal_in and not (defaults or yes):
        raise _usage_error("`ordgen new` asks questions, but standard input is not a terminal; "
                           "run it in a terminal, or pass --defaults --yes with --name and "
                           "--state to take every default")
    interactive = terminal_in and not defaults
    if not interactive and (name is None or state is None):
        raise _usage_error("without questions, `ordgen new` needs the jurisdiction: give "
                           "--name and --state (e.g. --name 'City of Duluth' --state MN)")
    preset: dict[str, str] = {}
    for key, value, parse in (("name", name, parse_line), ("kind", kind, parse_kind),
                              ("state", state, parse_state)):
        if value is not None:
            try:
                preset[key] = parse(value)
            except ValueError as exc:
                raise _usage_error(f"--{key}: {exc}") from None
    api.check_writable(path)
    prompter = None
    if terminal_in:
        from .terminal import TerminalPrompter

        prompter = TerminalPrompter()
    ask: Any = prompter if interactive else wizard.Defaults()
    if path.exists() and not yes:
        if prompter is None:
            raise file_error(path, "output-exists",
                                          "the file exists", "pass --yes to replace it")
        if not prompter.confirm(f"{path} exists. Replace it once the questions are answered?",
                                False):
            say("nothing written")
            return
    lib = _library(library)
    try:
        text = wizard.new(path, lib, library, ask, preset)
        if prompter is not None and not yes and not prompter.confirm(f"Write {path}?", True):
            say("nothing written")
            return
    except EOFError:
        print("\nordgen: input ended before every question was answered; nothing written",
              file=sys.stderr)
        raise typer.Exit(1) from None
    except wizard.Unanswered as exc:
        raise _usage_error(f"no default for '{exc}'; run `ordgen new` in a terminal") from None
    api.write_atomic(path, text.encode("utf-8"))
    say(f"wrote {path}\nnext: ordgen build {path} -o {path.with_suffix('.md').name}"
        f"   (ordgen explain {path} tells why each clause is in)")


@app.command()
def clauses(
    category: Annotated[str | None, typer.Option(
        "--category", "-c", help="Only this category, e.g. alpr.",
        autocompletion=_complete_category)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the library's clauses.

    One row per clause, in draft order: id, variants (* marks the default), params, title and
    summary.

    Example: ordgen clauses --category alpr
    """
    from . import browse

    rows = browse.clause_rows(_library(library), category)
    if as_json:
        _print_json(rows)
        return
    from . import terminal

    terminal.show_clauses(rows)


@app.command()
def show(
    clause: Annotated[str, typer.Argument(help="A clause id, e.g. alpr.retention.",
                                          show_default=False, autocompletion=_complete_clause)],
    variant: Annotated[str | None, typer.Option(
        "--variant", "-V", help="The variant to render (default: the clause's default).")
                       ] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one clause in full.

    Its text rendered with example values in a sample draft, its rationale, authorities,
    params, variants, requirements and the state laws it runs into.

    Example: ordgen show alpr.retention --variant strong
    """
    from . import browse

    detail = browse.clause_detail(_library(library), clause, variant)
    if as_json:
        _print_json(detail)
        return
    from . import terminal

    terminal.show_clause(detail)


@app.command()
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
    from . import browse

    data = browse.explanation(recipe, library)
    if as_json:
        _print_json(data)
        return
    from . import terminal

    terminal.show_explanation(data)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="clause or recipe.", show_default=False)],
) -> None:
    """Print the JSON Schema of clause or recipe files, for editors.

    Example: ordgen schema recipe > schema/recipe.json
    """
    from .schema import schema_text

    sys.stdout.write(schema_text(kind.value))


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    from .batch import parse_shard

    try:
        return parse_shard(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def batch(
    recipe: Annotated[Path, typer.Argument(help="The recipe YAML file.", show_default=False)],
    jurisdictions: Annotated[Path, typer.Option(
        "--jurisdictions", help="CSV (or YAML list) with columns name, short_name, kind, state, "
                                "governing_body, executive, police_agency, code_name, and "
                                "<clause.id>.<param> for values.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the drafts.",
                                         show_default=False)],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Worker processes; 0 for one per CPU.")] = 1,
    shard: Annotated[str | None, typer.Option(
        help="i/n: build every n-th row starting at row i, to share a run between CI runners.",
        callback=_shard)] = None,
    fmt: Annotated[BatchFormat, typer.Option("--format", "-f", help="md, docx or both.")
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
    from . import batch as batching
    from . import terminal

    steady()
    shard_of: Any = shard or (1, 1)
    workers = jobs or os.cpu_count() or 1
    plan = batching.plan(recipe, jurisdictions, output, library=library, shard=shard_of,
                         fmt=fmt.value, force=force)
    results = []
    with batching.Runner(plan, workers) as runner, \
            terminal.progress(len(plan.rows), State.quiet) as advance:
        for result in runner:
            results.append(result)
            advance(result)
    summary = batching.summary(results)
    if as_json:
        _print_json(summary)
    elif not State.quiet or summary["failed"]:
        i, n = shard_of
        note = f" (shard {i}/{n}: {len(plan.rows)} of {plan.total} rows)" if n > 1 else ""
        terminal.show_batch(summary, str(output), note)
    if summary["failed"]:
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
    finally:
        # the process is ending: what is alive now goes with it, so the interpreter's
        # shutdown need not search it all for cycles (about 15 ms for a build)
        gc.freeze()
