"""The public API: one function per workflow, what the CLI and Python users call."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from . import batch as batching
from . import browse, git, output, wizard
from .compose import compose, library_paths
from .diagnostics import Diagnostic, OrdgenError, display_path, file_error
from .diff import drafts, releases, sections
from .document import Document, Redline
from .library import META_FILES, Library, bundled_library, load_library
from .lint import lint_library
from .model import INSTRUMENT_KINDS
from .recipe import LoadedRecipe, load_recipe, readable_choices
from .render import markdown, render, render_redline
from .select import Selected, select
from .source import load

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
    if result.document.rationale_mode == "comments":
        result.warnings += [Diagnostic(display_path(path), 0, 0, "warning", "no-comments",
                                       "Markdown has no comments: --rationale comments puts "
                                       "the rationale inline here",
                                       "use a .docx output for comments, or --rationale "
                                       "inline or memo")
                            for path, fmt in formats if fmt == "markdown"]
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


class Checked(list[Diagnostic]):
    """What `check` found: every diagnostic, errors and warnings, in file order (a list),
    and how many combinations of values, jurisdictions and instruments each clause
    variant was rendered with."""

    def __init__(self, diagnostics: list[Diagnostic],
                 renders: dict[str, dict[str, int]] | None = None,
                 definitions: dict[str, int] | None = None) -> None:
        super().__init__(sorted(set(diagnostics),
                                key=lambda d: (d.path, d.line, d.col, d.code, d.message)))
        self.renders = renders or {}  # clause id -> variant -> combinations rendered
        self.definitions = definitions or {}  # clause id -> renders of its definitions
        self.layers: dict[str, dict[str, list[str]]] = {}  # layer -> its entries, by kind

    @property
    def combinations(self) -> int:
        return sum(n for variants in self.renders.values() for n in variants.values())

    @property
    def variants(self) -> int:
        return sum(len(variants) for variants in self.renders.values())

    def summary(self) -> dict[str, Any]:
        """The render counts as plain data."""
        return {"combinations": self.combinations, "variants": self.variants,
                "clauses": {cid: {"variants": dict(v), "definitions": self.definitions.get(cid, 0)}
                            for cid, v in sorted(self.renders.items())}}


def check(libraries: list[Path] | None = None, recipes: list[Path] | None = None, *,
          examples: bool = True) -> Checked:
    """Every problem in a library (and its example recipes), all in one run.

    Each stage checks all it can: a clause file that does not validate keeps only its own
    templates from being checked, a library error does not stop the templates or the
    recipes, and a recipe that does not validate still has its clauses checked; what a
    stage could not check is named, with the error that stopped it."""
    paths = libraries or [bundled_library()]
    try:
        lib = load_library(paths, keep_going=True)
    except OrdgenError as exc:  # not a library at all: nothing else can be checked
        return Checked(exc.diagnostics)
    found = list(lib.warnings) + _unchecked_clauses(lib)
    linted, analysis = lint_library(lib)
    found += linted
    recipe_paths = list(recipes or []) + (example_recipes(paths) if examples else [])
    loaded = {tuple(p.resolve() for p in paths): lib}
    broken = _broken_clauses(lib)
    for recipe_path in dict.fromkeys(recipe_paths):
        found += _check_recipe(recipe_path, loaded, broken)
    checked = Checked(found, analysis.renders, analysis.defines)
    checked.layers = browse.layer_entries(lib)
    return checked


def _unchecked_clauses(lib: Library) -> list[Diagnostic]:
    """A note on each clause file that did not load: its templates were not checked."""
    loaded = {c.source.shown for c in lib.clauses.values()}
    first: dict[str, Diagnostic] = {}
    for d in sorted(d for d in lib.warnings if d.is_error):
        if (d.path.endswith((".yaml", ".yml")) and d.path not in loaded
                and Path(d.path).name not in META_FILES):
            first.setdefault(d.path, d)
    return [Diagnostic(path, d.line, d.col, "warning", "not-checked",
                       f"the templates of this clause were not checked: the file did not load "
                       f"(error[{d.code}] at line {d.line})", "fix that error, then check again")
            for path, d in first.items()]


def _broken_clauses(lib: Library) -> dict[str, str]:
    """Clause id -> where its first error is, for each clause with an error in its file,
    loaded or not (a file that did not load, as far as its id can be read)."""
    first: dict[str, Diagnostic] = {}
    for d in sorted(d for d in lib.warnings if d.is_error):
        first.setdefault(d.path, d)
    found = {cid: f"{c.source.shown}:{first[c.source.shown].line}"
             for cid, c in lib.clauses.items() if c.source.shown in first}
    for d in _unchecked_clauses(lib):
        try:
            data = load(Path(d.path)).data
        except OrdgenError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], f"{d.path}:{d.line}")
    return found


def _check_recipe(path: Path, loaded: dict[tuple[Path, ...], Library],
                  broken: dict[str, str]) -> list[Diagnostic]:
    """A recipe's problems: its own, its clauses' against its library even when the rest
    of it does not validate, and those of the draft it builds. A draft that would hold a
    clause with errors is not built; a note says which."""
    lib = next(iter(loaded.values()))
    try:
        recipe = load_recipe(path)
    except OrdgenError as exc:
        return exc.diagnostics + _choice_problems(path, loaded, exc.diagnostics)
    try:
        if broken and loaded.get(tuple(p.resolve() for p in library_paths(recipe, None))) is lib:
            chosen = select(lib, recipe.choices, recipe.source, recipe.recipe.instrument).clauses
            stopped = [s.id for s in chosen if s.id in broken]
            if stopped:
                return [recipe.source.diag(("clauses",), "not-built", f"the draft was not built: "
                                           f"clause '{stopped[0]}' has errors "
                                           f"({broken[stopped[0]]})",
                                           "fix that file, then check again", severity="warning")]
        result = draft(path, loaded=loaded)
    except OrdgenError as exc:
        found = []
        for d in exc.diagnostics:
            cid = re.fullmatch(r"unknown clause '(.+)'", d.message)
            if d.code == "unknown-clause" and cid and cid[1] in broken:
                found.append(dataclasses.replace(
                    d, severity="warning", code="not-built",
                    message=f"the draft was not built: clause '{cid[1]}' did not load "
                            f"({broken[cid[1]]})", hint="fix that file, then check again"))
            else:
                found.append(d)
        return found
    return [w for w in result.warnings if w not in lib.warnings]


def _choice_problems(path: Path, loaded: dict[tuple[Path, ...], Library],
                     errors: list[Diagnostic]) -> list[Diagnostic]:
    """The clause choices of a recipe that does not validate, checked against its library,
    and a note that its draft was not built."""
    try:
        source = load(path)
    except OrdgenError:
        return []  # the file itself cannot be read: that is the error already reported
    data = source.data if isinstance(source.data, dict) else {}
    instrument = data.get("instrument", "ordinance")
    known = instrument in INSTRUMENT_KINDS
    named = data.get("library")
    layers = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    paths = ([path.parent / layer for layer in layers if isinstance(layer, str)]
             or [bundled_library()])
    found = []
    try:
        lib = loaded.get(tuple(p.resolve() for p in paths)) or load_library(paths)
        select(lib, readable_choices(source), source, instrument if known else "ordinance")
    except OrdgenError as exc:  # a library that does not load was reported where it is named
        found = [d for d in exc.diagnostics if d.path == source.shown
                 and (known or d.code != "wrong-instrument")]
    first = min((d for d in errors if d.is_error), default=None)
    if first is not None:
        found.append(Diagnostic(first.path, first.line, first.col, "warning", "not-built",
                                f"the draft was not built: the recipe does not validate "
                                f"(error[{first.code}] at line {first.line})",
                                "fix the recipe's errors, then check again"))
    return found


def example_recipes(libraries: list[Path]) -> list[Path]:
    """The recipes of the `examples/` folder beside the last library layer, by name."""
    folder = libraries[-1].resolve().parent / "examples"
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


class Site(Struct):
    """A published library: where it went, what it holds, and what it was built from."""

    folder: Path
    files: list[str]  # paths relative to the folder
    library: Library
    recipes: list[Path]
    warnings: list[Diagnostic] = field(default_factory=list)


def site(libraries: list[Path] | None, out: Path, *, recipes: list[Path] | None = None,
         examples: bool = True) -> Site:
    """Publish a library as a static site in the folder `out`, whole or not at all.

    Every recipe given, then every recipe in the `examples/` folder beside the library, is
    drafted against the library for the jurisdictions page; a recipe that does not build
    stops the site, with every problem of every recipe reported at once. A folder an earlier
    site was written to is replaced; any other folder must be new or empty."""
    from .site import adoption
    from .site import build as pages

    paths = libraries or [bundled_library()]
    recipe_paths = list(dict.fromkeys([*(recipes or []),
                                       *(example_recipes(paths) if examples else [])]))
    output.check_folder(out, pages.MARKER, [*paths, *recipe_paths])
    commit = git.start_commit(paths[-1])
    lib = load_library(paths)
    loaded = {tuple(p.resolve() for p in paths): lib}
    adopted: list[adoption.Adopted] = []
    problems: list[Diagnostic] = []
    for path in recipe_paths:
        try:
            result = draft(path, library=paths, loaded=loaded)
        except OrdgenError as exc:
            problems += exc.diagnostics
            continue
        adopted.append(adoption.Adopted(path.name, result.document, result.selection,
                                        result.left_out))
    if problems:
        raise OrdgenError(problems)
    files = pages.build(lib, adopted, commit=commit())
    output.write_folder(out, files)
    return Site(Path(display_path(out)), list(files), lib, recipe_paths, list(lib.warnings))


def explain(recipe_path: Path, *, library: list[Path] | None = None) -> dict[str, Any]:
    """Why each clause is in a draft, what it keeps out, and what state law says about it."""
    result = draft(recipe_path, library=library)
    return browse.explanation(result.document, result.recipe, result.library, result.selection,
                              result.warnings, result.left_out)


def clauses(library: list[Path] | None = None, category: str | None = None
            ) -> list[dict[str, Any]]:
    """The library's clauses in draft order, as rows of plain data."""
    return browse.clause_rows(load_library(library or None), category)


def show(clause: str, *, variant: str | None = None, library: list[Path] | None = None,
         settings: list[str] | None = None, kind: str | None = None,
         instrument: str | None = None) -> dict[str, Any]:
    """One clause in full, with its variant rendered in a sample draft: with its example
    values or the `settings` ("name=value"), for a sample jurisdiction of `kind`, as
    `instrument`. Raises browse.OptionError for a setting that does not fit the clause."""
    return browse.clause_detail(load_library(library or None), clause, variant,
                                settings or [], kind, instrument)


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
    # the round-trip YAML writer costs start-up time: only `ordgen new` needs it
    from .recipe_yaml import recipe_text

    answers = wizard.interview(load_library(library or None), ask, preset)
    text = recipe_text(answers, path, library)
    draft(path, recipe_text=text)  # raises OrdgenError if the recipe would not build
    if confirm is not None and not confirm.confirm(f"Write {path}?", True):
        return False
    output.write_atomic(path, text.encode("utf-8"))
    return True


def git_commit(folder: Path) -> str:
    """The commit of the repository holding `folder` (with -dirty when it has changes)."""
    return git.commit(folder)
