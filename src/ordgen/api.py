"""The public API: one function per workflow, what the CLI and Python users call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from . import batch as batching
from . import browse, git, output, wizard
from .compose import compose, library_paths
from .diagnostics import Diagnostic, OrdgenError, file_error
from .diff import drafts, releases, sections
from .document import Document, Redline
from .library import Library, bundled_library, load_library
from .lint import lint_library
from .recipe import LoadedRecipe, load_recipe
from .render import markdown, render, render_redline
from .select import Selected

if TYPE_CHECKING:
    from .diff.wordfile import WordText

RECIPE_SUFFIXES = (".yaml", ".yml")
WORD_SUFFIXES = (".docx",)
WEB_SUFFIXES = (".html", ".htm")


class Draft(Struct):
    """A recipe turned into a document, with what was found on the way."""

    document: Document
    recipe: LoadedRecipe
    library: Library
    selection: list[Selected]
    warnings: list[Diagnostic] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # clause id -> why it is out


def draft(recipe_path: Path, *, library: list[Path] | None = None,
          rationale: str | None = None, recipe_text: str | None = None,
          loaded: dict[tuple[Path, ...], Library] | None = None) -> Draft:
    """Load, validate, select and assemble a recipe into a Document.

    `rationale` (none, inline, memo or comments) overrides the recipe's; it is settled here,
    once, and renderers read it from the Document. `loaded` holds libraries already loaded,
    by their resolved layer paths, so that several recipes over one library (as `check`
    builds) load it once.
    """
    recipe = load_recipe(recipe_path, recipe_text)
    paths = library_paths(recipe, library)
    commit = git.start_commit(paths[-1])
    key = tuple(p.resolve() for p in paths)
    lib = loaded[key] if loaded and key in loaded else load_library(paths)
    if loaded is not None:
        loaded[key] = lib
    composed = compose(lib, recipe, rationale=rationale, commit=commit())
    return Draft(composed.document, recipe, lib, composed.selection.clauses,
                 list(lib.warnings) + composed.warnings, composed.selection.left_out)


def build(recipe_path: Path, outputs: list[Path], *, library: list[Path] | None = None,
          rationale: str | None = None, template: Path | None = None,
          line_numbers: bool = False, tracked: bool = False) -> Draft:
    """Build a recipe into each output file; nothing is written unless all succeed."""
    formats = output.prepare(outputs, [recipe_path])
    result = draft(recipe_path, library=library, rationale=rationale)
    if template is None and result.recipe.recipe.template:
        template = result.recipe.folder / result.recipe.recipe.template
    inputs = [recipe_path, *([template] if template else [])]
    if result.recipe.recipe.amends is not None:
        inputs.append(result.recipe.folder / result.recipe.recipe.amends.code)
    output.refuse_inputs(outputs, inputs)
    output.write_all([(path, render(result.document, fmt, template=template,
                                    line_numbers=line_numbers, tracked=tracked, target=path))
                      for path, fmt in formats])
    return result


def read_side(path: Path, *, as_sent: bool = False) -> WordText:
    """One side of a comparison as sections, with its comments: a recipe built and
    rendered without rationale, a Word file (its tracked changes accepted, or rejected
    `as_sent`), a web page, or a Markdown file (a draft, or code text)."""
    from .diff import wordfile

    suffix = path.suffix.lower()
    if suffix in RECIPE_SUFFIXES:
        document = draft(path, rationale="none").document
        return wordfile.WordText(sections.parse(markdown.render(document), path), ())
    if suffix in WORD_SUFFIXES:
        return wordfile.read(path, as_sent=as_sent)
    if suffix in WEB_SUFFIXES:
        from .diff import html as webpage

        return wordfile.WordText(webpage.load(path), ())
    return wordfile.WordText(sections.load(path), ())


def diff(old: Path, new: Path, outputs: list[Path], *, context: int | None = None,
         tracked: bool = False, template: Path | None = None, as_sent: bool = False
         ) -> Redline:
    """Compare two drafts (recipes, Markdown, Word files or web pages) into each output,
    all or nothing. The new side's comments that the old side does not have are listed
    at the end."""
    from .diff import wordfile

    formats = output.prepare(outputs, [old, new, *([template] if template else [])])
    before, after = read_side(old, as_sent=as_sent), read_side(new, as_sent=as_sent)
    redline = drafts.compare(before.code, after.code, context=context)
    known = {(c.author, c.text) for c in before.comments}
    redline = wordfile.with_comments(
        redline, tuple(c for c in after.comments if (c.author, c.text) not in known), new)
    _write_redline(redline, formats, tracked, template)
    return redline


def library_diff(revisions: str, folder: Path, outputs: list[Path], *,
                 context: int | None = None, tracked: bool = False,
                 template: Path | None = None) -> Redline:
    """What changed in a clause library between two git revisions, into each output."""
    formats = output.prepare(outputs, [*([template] if template else [])])
    redline = releases.library_changes(revisions, folder, context=context)
    _write_redline(redline, formats, tracked, template)
    return redline


def _write_redline(redline: Redline, formats: list[tuple[Path, str]], tracked: bool,
                   template: Path | None) -> None:
    output.write_all([(path, render_redline(redline, fmt, tracked=tracked, template=template,
                                            target=path))
                      for path, fmt in formats])


def check(libraries: list[Path] | None = None, recipes: list[Path] | None = None, *,
          examples: bool = True) -> list[Diagnostic]:
    """Every problem in a library (and its example recipes): errors and warnings."""
    paths = libraries or [bundled_library()]
    try:
        lib = load_library(paths)
    except OrdgenError as exc:
        return exc.diagnostics
    found = list(lib.warnings) + lint_library(lib)
    recipe_paths = list(recipes or [])
    if examples:
        folder = paths[-1].resolve().parent / "examples"
        if folder.is_dir():
            recipe_paths += sorted(p for p in folder.glob("*.yaml") if p.is_file())
    loaded = {tuple(p.resolve() for p in paths): lib}
    for recipe_path in dict.fromkeys(recipe_paths):
        try:
            result = draft(recipe_path, loaded=loaded)
            found += [w for w in result.warnings if w not in lib.warnings]
        except OrdgenError as exc:
            found += exc.diagnostics
    return sorted(set(found), key=lambda d: (d.path, d.line, d.col, d.code, d.message))


def explain(recipe_path: Path, *, library: list[Path] | None = None) -> dict[str, Any]:
    """Why each clause is in a draft, what it keeps out, and what state law says about it."""
    result = draft(recipe_path, library=library)
    return browse.explanation(result.document, result.recipe, result.library, result.selection,
                              result.warnings, result.left_out)


def clauses(library: list[Path] | None = None, category: str | None = None
            ) -> list[dict[str, Any]]:
    """The library's clauses in draft order, as rows of plain data."""
    return browse.clause_rows(load_library(library or None), category)


def show(clause: str, *, variant: str | None = None, library: list[Path] | None = None
         ) -> dict[str, Any]:
    """One clause in full, with its variant rendered in a sample draft."""
    return browse.clause_detail(load_library(library or None), clause, variant)


def batch(recipe: Path, jurisdictions: Path, out: Path, *, library: list[Path] | None = None,
          shard: tuple[int, int] = (1, 1), fmt: str = "md", force: bool = False,
          jobs: int = 1) -> batching.Runner:
    """Plan one draft per jurisdiction in a list and return the runner that builds them:
    enter it (that starts the workers), iterate it for each row's result, then ask it for
    its summary."""
    plan = batching.plan(recipe, jurisdictions, out, library=library, shard=shard, fmt=fmt,
                         force=force)
    return batching.Runner(plan, jobs)


def new(path: Path, ask: wizard.Prompter, preset: dict[str, str] | None = None, *,
        library: list[Path] | None = None, confirm: wizard.Prompter | None = None,
        replace: bool = False) -> bool:
    """Write a recipe from a person's answers (or from every default), checked to build.

    `confirm`, when given, is asked before an existing file is replaced and before the
    recipe is written; without it an existing file is replaced only when `replace` is
    set. Returns whether the recipe was written."""
    output.check_writable(path)
    if path.exists() and not replace:
        if confirm is None:
            raise file_error(path, "output-exists", "the file exists", "pass --yes to replace it")
        if not confirm.confirm(f"{path} exists. Replace it once the questions are answered?",
                               False):
            return False
    text = wizard.new(path, load_library(library or None), library, ask, preset)
    draft(path, recipe_text=text)  # raises OrdgenError if the recipe would not build
    if confirm is not None and not confirm.confirm(f"Write {path}?", True):
        return False
    output.write_atomic(path, text.encode("utf-8"))
    return True


def git_commit(folder: Path) -> str:
    """The commit of the repository holding `folder` (with -dirty when it has changes)."""
    return git.commit(folder)
