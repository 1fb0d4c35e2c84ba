"""The public API: what the CLI and Python users call."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import Struct, field

from .assemble import assemble
from .diagnostics import Diagnostic, OrdgenError, display_path, file_error
from .document import Document
from .government import resolve
from .library import Library, bundled_library, load_library
from .recipe import LoadedRecipe, load_recipe
from .select import Selected, Selection, select

if TYPE_CHECKING:
    from .redline import Redline

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx"}
RATIONALE_MODES = ("none", "inline", "memo", "comments")


class Draft(Struct):
    """A recipe turned into a document, with what was found on the way."""

    document: Document
    recipe: LoadedRecipe
    library: Library
    selection: list[Selected]
    warnings: list[Diagnostic] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # clause id -> why it is out


def library_paths(recipe: LoadedRecipe | None, library: list[Path] | None) -> list[Path]:
    """Which library layers to use: --library, else the recipe's, else the bundled one.

    A recipe's own library path that is not a folder is an error located in the recipe.
    """
    if library:
        return library
    if recipe is not None and (paths := recipe.library_paths()):
        for i, path in enumerate(paths):
            if not path.is_dir():
                loc = ("library", i) if isinstance(recipe.recipe.library, list) else ("library",)
                what = "is not a folder" if path.exists() else "does not exist"
                raise OrdgenError([recipe.source.diag(loc, "no-library",
                                                      f"library '{display_path(path)}' {what}",
                                                      "paths are relative to the recipe's folder")])
        return paths
    return [bundled_library()]


def draft(recipe_path: Path, *, library: list[Path] | None = None,
          rationale: str | None = None, recipe_text: str | None = None,
          loaded: dict[tuple[Path, ...], Library] | None = None) -> Draft:
    """Load, validate, select and assemble a recipe into a Document.

    `loaded` holds libraries already loaded, by their resolved layer paths, so that
    several recipes over one library (as `check` builds) load it once.
    """
    recipe = load_recipe(recipe_path, recipe_text)
    paths = library_paths(recipe, library)
    commit = start_git_commit(paths[-1])
    key = tuple(p.resolve() for p in paths)
    lib = loaded[key] if loaded and key in loaded else load_library(paths)
    if loaded is not None:
        loaded[key] = lib
    selection, document, notes = compose(lib, recipe, rationale=rationale, commit=commit())
    warnings = list(lib.warnings) + state_law_warnings(recipe, document) + notes
    return Draft(document, recipe, lib, selection.clauses, warnings, selection.left_out)


def compose(lib: Library, recipe: LoadedRecipe, *, rationale: str | None = None,
            commit: str = "") -> tuple[Selection, Document, list[Diagnostic]]:
    """Select and assemble a loaded recipe against a loaded library (and amend, if asked)."""
    government, found = resolve(recipe.recipe.jurisdiction)
    notes = [recipe.source.diag(n.loc, n.code, n.message, n.hint, severity="warning")
             for n in found]
    selection = select(lib, recipe.choices, recipe.source, recipe.recipe.instrument, government)
    settings = recipe.recipe
    if rationale:
        settings = msgspec.structs.replace(settings, rationale=rationale)
    document = assemble(lib, selection.clauses, settings, recipe.source, recipe.sha256, commit,
                        government)
    if recipe.recipe.amends is not None:  # an amending ordinance: clauses become code
        from .amend import amend

        document, changes = amend(document, recipe)
        notes += changes
    return selection, document, notes


def state_law_warnings(recipe: LoadedRecipe, document: Document) -> list[Diagnostic]:
    """A located warning for each state law that may forbid sections of the draft."""
    found = []
    for note in document.state_laws:
        law = note.law
        sections = ", ".join(f"Section {n} ({cid})" for n, cid in zip(note.sections,
                                                                       note.clause_ids,
                                                                       strict=True))
        found.append(recipe.source.diag(
            ("jurisdiction", "state"), "state-law",
            f"{law.name} ({law.citation}, {law.confidence}) may forbid or penalize: {sections}",
            "have counsel review these sections against state law; see each section's rationale",
            severity="warning"))
    return found


def render(document: Document, fmt: str, *, rationale: str | None = None,
           template: Path | None = None, line_numbers: bool = False,
           tracked: bool = False) -> bytes:
    """A Document as the bytes of one output format."""
    if fmt == "markdown":
        from .render import markdown

        return markdown.render(document, rationale).encode("utf-8")
    from .render import docx

    return docx.render(document, rationale=rationale, template=template,
                       line_numbers=line_numbers, tracked=tracked)


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise file_error(path, "unknown-format",
                                      f"cannot tell the output format from '{path.suffix}'",
                                      "name the output .md or .docx")
    return fmt


def build(recipe_path: Path, outputs: list[Path], *, library: list[Path] | None = None,
          rationale: str | None = None, template: Path | None = None,
          line_numbers: bool = False, tracked: bool = False) -> Draft:
    """Build a recipe into each output file; nothing is written unless all succeed."""
    for path in outputs:
        check_writable(path)
    formats = [(path, output_format(path)) for path in outputs]
    result = draft(recipe_path, library=library, rationale=rationale)
    if template is None and result.recipe.recipe.template:
        template = result.recipe.folder / result.recipe.recipe.template
    rendered = [(path, render(result.document, fmt, rationale=rationale, template=template,
                              line_numbers=line_numbers, tracked=tracked))
                for path, fmt in formats]
    for path, data in rendered:
        write_atomic(path, data)
    return result


def diff(old: Path, new: Path, outputs: list[Path], *, context: int | None = None,
         tracked: bool = False, template: Path | None = None) -> Redline:
    """Compare two drafts (recipes or Markdown) into each output, all or nothing."""
    from .compare import diff_files

    formats = _outputs(outputs)
    redline = diff_files(old, new, context=context)
    _write_redline(redline, formats, tracked, template)
    return redline


def library_diff(revisions: str, folder: Path, outputs: list[Path], *,
                 context: int | None = None, tracked: bool = False,
                 template: Path | None = None) -> Redline:
    """What changed in a clause library between two git revisions, into each output."""
    from .changelog import library_changes

    formats = _outputs(outputs)
    redline = library_changes(revisions, folder, context=context)
    _write_redline(redline, formats, tracked, template)
    return redline


def render_redline(redline: Redline, fmt: str, *, tracked: bool = False,
                   template: Path | None = None) -> bytes:
    """A comparison as the bytes of one output format."""
    from .render import redline as render_it

    if fmt == "markdown":
        return render_it.markdown(redline).encode("utf-8")
    return render_it.docx(redline, tracked=tracked, template=template)


def _outputs(outputs: list[Path]) -> list[tuple[Path, str]]:
    for path in outputs:
        check_writable(path)
    return [(path, output_format(path)) for path in outputs]


def _write_redline(redline: Redline, formats: list[tuple[Path, str]], tracked: bool,
                   template: Path | None) -> None:
    rendered = [(path, render_redline(redline, fmt, tracked=tracked, template=template))
                for path, fmt in formats]
    for path, data in rendered:
        write_atomic(path, data)


def check_writable(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    shown = display_path(path)
    if path.is_dir():
        raise file_error(shown, "output-is-folder",
                                      "output path is a folder", "give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise file_error(shown, "no-output-folder",
                                      f"folder '{display_path(parent)}' does not exist",
                                      "create it first or write elsewhere")
    # try it: permission bits do not bind root, and read-only file systems ignore them
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=parent)
        os.close(fd)
        os.unlink(probe)
        writable = not path.exists() or os.access(path, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        raise file_error(shown, "output-not-writable",
                                      "cannot write here (permission denied)",
                                      "choose a folder you can write to")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file renamed over the target."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise file_error(path, "write-failed",
                                      f"cannot write output: {exc.strerror or exc}",
                                      "check the folder's permissions and free space") from None


def git_commit(folder: Path) -> str:
    """The commit of the repository holding `folder` (with -dirty when it has changes)."""
    return start_git_commit(folder)()


def start_git_commit(folder: Path) -> Callable[[], str]:
    """Start asking git for `folder`'s commit; call the result to wait for the answer.

    One `git status` names the commit and the changes, and it runs while the caller
    goes on (loading the library, say).
    """
    try:
        top = folder.resolve()
        if not any((p / ".git").exists() for p in (top, *top.parents)):
            return str
        proc = subprocess.Popen(
            ["git", "-C", str(top), "status", "--porcelain=v2", "--branch", "--", "."],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            text=True, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except OSError:
        return str

    def answer() -> str:
        try:
            out, _ = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return ""
        lines = out.splitlines()
        oid = next((line.split()[2] for line in lines if line.startswith("# branch.oid ")), "")
        if proc.returncode or oid in ("", "(initial)"):
            return ""
        return oid + ("-dirty" if any(not line.startswith("#") for line in lines) else "")

    return answer


def check(libraries: list[Path] | None = None, recipes: list[Path] | None = None, *,
          examples: bool = True) -> list[Diagnostic]:
    """Every problem in a library (and its example recipes): errors and warnings."""
    from .lint import lint_library

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
    from .browse import explanation

    return explanation(recipe_path, library)
