"""What changed in a clause library between two git revisions, for publishing a release.

Files are read from git (`git ls-tree`, `git cat-file`), never from the working tree,
and with no network. Clause files are compared as data: a clause's template text per
variant and its rationale are shown in redline; other changed fields are named.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from msgspec import Struct

from ..assemble import Assembler
from ..diagnostics import Diagnostic, OrdgenError, display_path, file_diagnostic
from ..document import Block, Paragraph, Redline
from ..git import Repository
from ..government import SAMPLE
from ..library import META_FILES, Library, load_library
from ..model import Recipe
from ..numbering import number
from ..paragraphs import StructureError, split
from ..select import sample_selection
from ..source import MAX_BYTES, parse
from .sections import TextParagraph
from .words import added, diff_paragraphs, diff_words, elide, removed


class Revisions(Struct, frozen=True):
    """`REV1..REV2` as given: the older and the newer revision."""

    old: str
    new: str


def parse_range(spec: str) -> Revisions:
    """`REV1..REV2` (an empty side is HEAD); ValueError for anything else."""
    if spec.count("..") != 1 or "..." in spec:
        raise ValueError(f"expected REV1..REV2 (two revisions joined by '..'), got '{spec}'")
    old, new = (side.strip() or "HEAD" for side in spec.split(".."))
    for rev in (old, new):
        if rev.startswith("-") or any(c.isspace() or c in "\0:" for c in rev):
            raise ValueError(f"'{rev}' is not a revision name")
    return Revisions(old, new)


@contextmanager
def _checkout(files: dict[bytes, bytes]) -> Iterator[Library | None]:
    """A revision's library, loaded from its files written into a private folder; None
    when it does not load (then clauses are compared as template source)."""
    with tempfile.TemporaryDirectory(prefix="ordgen-revision-") as tmp:
        root = Path(tmp)
        for raw_name, data in files.items():
            parts = PurePosixPath(os.fsdecode(raw_name)).parts
            if not parts or any(p in ("", ".", "..") or "\\" in p or "\n" in p for p in parts):
                continue  # a name that could leave the folder is never written
            target = root.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            library: Library | None = load_library([root])
        except OrdgenError:
            library = None
        yield library


def read_clauses(git: Repository, files: dict[bytes, bytes], label: str
                 ) -> tuple[dict[str, dict[str, Any]], str]:
    """Clause id -> the clause file's data at a commit, and the library's version line."""
    clauses: dict[str, dict[str, Any]] = {}
    version = ""
    errors: list[Diagnostic] = []
    for raw_name, raw in sorted(files.items()):
        rel = os.fsdecode(raw_name)
        shown = Path(f"{label}:{display_path(git.folder / rel)}")
        if len(raw) > MAX_BYTES:
            errors.append(file_diagnostic(str(shown), "file-too-large",
                                     f"file is larger than {MAX_BYTES:,} bytes",
                                     "check that this is a clause file"))
            continue
        try:
            source = parse(shown, raw.decode("utf-8"))
        except UnicodeDecodeError:
            errors.append(file_diagnostic(str(shown), "not-utf8",
                                     "file is not UTF-8 text", "save it as UTF-8"))
            continue
        except OrdgenError as exc:
            errors += exc.diagnostics
            continue
        data = source.data
        if "/" not in rel and rel in META_FILES:
            if rel == "library.yaml" and isinstance(data, dict):
                version = f"{data.get('name', '')} {data.get('version', '')}".strip()
            continue
        if not isinstance(data, dict):
            continue
        cid = data.get("id")
        key = cid if isinstance(cid, str) else PurePosixPath(rel).with_suffix("").as_posix()
        clauses[key] = data
    if errors:
        raise OrdgenError(errors)
    return clauses, version


def variant_texts(data: dict[str, Any]) -> dict[str, str]:
    """Variant name -> template text, `standard` for a clause with one text."""
    variants = data.get("variants")
    if isinstance(variants, dict):
        return {str(k): str(v.get("text", "")) if isinstance(v, dict) else ""
                for k, v in variants.items()}
    text = data.get("text")
    return {"standard": str(text)} if text is not None else {}


def text_paragraphs(text: str) -> list[TextParagraph]:
    """A clause template as paragraphs at their outline levels."""
    try:
        return [TextParagraph(level, "", body) for level, body, _ in split(text)]
    except StructureError:  # an outline ordgen would refuse still compares as plain blocks
        return [TextParagraph(0, "", " ".join(block.split()))
                for block in text.split("\n\n") if block.strip()]


def _title(cid: str, data: dict[str, Any]) -> str:
    return f"{cid}: {data.get('title', '')}".rstrip(": ")


def clause_blocks(cid: str, old: dict[str, Any], new: dict[str, Any],
                  libraries: tuple[Library | None, Library | None] = (None, None)
                  ) -> list[Block]:
    """One changed clause: its heading, each changed variant's text as a draft shows it with
    the clause's example values (the template's source where a revision's library does not
    load or render), the rationale, and every other field named with its old and new value."""
    blocks = [Block(diff_words(_title(cid, old), _title(cid, new)), ())]
    before, after = variant_texts(old), variant_texts(new)
    for name in [*after, *(n for n in before if n not in after)]:
        old_text = rendered(libraries[0], cid, name) if name in before else []
        new_text = rendered(libraries[1], cid, name) if name in after else []
        if before.get(name) == after.get(name) and old_text == new_text:
            continue
        shown = "as drafted with its example values"
        if (name in before and old_text is None) or (name in after and new_text is None):
            shown = "template source; the draft could not be rendered"
            old_text = text_paragraphs(before[name]) if name in before else []
            new_text = text_paragraphs(after[name]) if name in after else []
        if name not in before:
            paras = [added(p) for p in new_text or []]
            heading = f"Variant {name} (new, {shown})"
        elif name not in after:
            paras = [removed(p) for p in old_text or []]
            heading = f"Variant {name} (removed, {shown})"
        else:
            paras = diff_paragraphs(old_text or [], new_text or [])
            heading = f"Variant {name} ({shown})"
        blocks.append(Block((heading,), tuple(paras), 3))
    old_why, new_why = str(old.get("rationale", "")), str(new.get("rationale", ""))
    if old_why != new_why:
        blocks.append(Block(("Rationale",), tuple(diff_paragraphs(
            _blocks(old_why), _blocks(new_why))), 3))
    changes = field_changes(old, new)
    if changes:
        blocks.append(Block(("Other changes",), tuple(_note(c) for c in changes), 3))
    return blocks


def rendered(library: Library | None, cid: str, variant: str) -> list[TextParagraph] | None:
    """A clause variant as a sample draft shows it, with the clause's example values; None
    when that revision's library does not have it or cannot render it."""
    if library is None or cid not in library.clauses:
        return None
    if variant not in library.clauses[cid].clause.variant_texts():
        return None
    selection = sample_selection(library, cid, variant)
    recipe = Recipe(jurisdiction=SAMPLE, title="Release review", clauses=[cid])
    try:
        document = number(Assembler(library, selection, recipe).run())
    except OrdgenError:
        return None
    section = document.section(cid)
    paragraphs = section.paragraphs if section is not None else document.recitals
    return [TextParagraph(p.level, p.label, p.plain()) for p in paragraphs]


# fields whose changes the redlines above show
TEXT_KEYS = {"variants", "text", "recitals", "rationale", "id", "title"}


def field_changes(old: Any, new: Any, path: str = "") -> list[str]:
    """Each changed field, named with its old and new value: "params.days.default: 30 -> 14",
    "requires: added savings.final"."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            if not path and key in TEXT_KEYS:
                if key == "variants":
                    out += _variant_fields(old.get(key), new.get(key))
                continue
            out += field_changes(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if old == new:
        return []
    if isinstance(old, list) and isinstance(new, list):
        gone = [str(x) for x in old if x not in new]
        came = [str(x) for x in new if x not in old]
        parts = ([f"added {', '.join(came)}"] if came else []) + (
            [f"removed {', '.join(gone)}"] if gone else [])
        return [f"{path}: {'; '.join(parts) or 'reordered'}"]
    return [f"{path}: {_shown(old)} \u2192 {_shown(new)}"]


def _variant_fields(old: Any, new: Any) -> list[str]:
    """Changes to a variant's fields other than its text: its summary, its state rules."""
    old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
    out = []
    for name in [*old, *(n for n in new if n not in old)]:
        a = old.get(name) if isinstance(old.get(name), dict) else {}
        b = new.get(name) if isinstance(new.get(name), dict) else {}
        out += field_changes({k: v for k, v in a.items() if k != "text"},
                             {k: v for k, v in b.items() if k != "text"}, f"variants.{name}")
    return out


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:117] + "..."


def _blocks(text: str) -> list[TextParagraph]:
    return [TextParagraph(0, "", " ".join(b.split())) for b in text.split("\n\n") if b.strip()]


def _note(text: str) -> Paragraph:
    return Paragraph(0, "", (text,))


def library_changes(spec: str, folder: Path, *, context: int | None = None) -> Redline:
    """The clauses added, removed and changed in a library between two revisions."""
    revs = parse_range(spec)
    git = Repository(folder)
    commits = {rev: git.commit(rev) for rev in (revs.old, revs.new)}
    bad = [rev for rev, sha in commits.items() if sha is None]
    if bad:
        raise OrdgenError([file_diagnostic(git.shown, "bad-revision",
                                      f"'{rev}' is not a commit of the repository at "
                                      f"{display_path(git.top)}",
                                      "give a branch, tag or commit that `git log` shows")
                           for rev in bad])
    old_files = git.files(commits[revs.old] or "")
    new_files = git.files(commits[revs.new] or "")
    old, old_version = read_clauses(git, old_files, revs.old)
    new, new_version = read_clauses(git, new_files, revs.new)
    gone = sorted(set(old) - set(new))
    came = sorted(set(new) - set(old))
    moved = sorted(cid for cid in set(old) & set(new) if old[cid] != new[cid])

    blocks: list[Block] = []
    for heading, ids, side in (("Added clauses", came, new), ("Removed clauses", gone, old)):
        if ids:
            blocks.append(Block((heading,), tuple(_note(_title(cid, side[cid]))
                                                  for cid in ids)))
    changed_blocks: list[Block] = []
    with _checkout(old_files) as before, _checkout(new_files) as after:
        for cid in moved:  # each clause's heading stays, whatever is elided below it
            top, *parts = clause_blocks(cid, old[cid], new[cid], (before, after))
            changed_blocks += [top, *(parts if context is None else elide(parts, context))]
    if moved:
        blocks.append(Block(("Changed clauses",), ()))
    blocks += changed_blocks
    counts = [f"{len(ids)} {what}" for what, ids in (("added", came), ("removed", gone),
                                                      ("changed", moved)) if ids]
    summary = f"Clauses: {', '.join(counts)}." if counts else "No clauses changed."
    if old_version != new_version and (old_version or new_version):
        summary = f"{old_version or revs.old} to {new_version or revs.new}. {summary}"
    title = f"Changes to {display_path(folder)} from {revs.old} to {revs.new}"
    return Redline(title, summary, tuple(blocks))
