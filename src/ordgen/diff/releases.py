"""What changed in a clause library between two git revisions, for publishing a release.

Files are read from git (`git ls-tree`, `git cat-file`), never from the working tree,
and with no network. Clause files are compared as data: a clause's template text per
variant and its rationale are shown in redline; other changed fields are named.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from msgspec import Struct

from ..diagnostics import Diagnostic, OrdgenError, display_path, file_diagnostic
from ..document import Block, Paragraph, Redline
from ..git import Repository
from ..library import META_FILES
from ..paragraphs import StructureError, split
from ..source import MAX_BYTES, parse
from .sections import TextParagraph
from .words import added, diff_paragraphs, diff_words, elide, removed

TEXT_FIELDS = ("id", "title", "variants", "text", "default_variant", "rationale")


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


def read_clauses(git: Repository, commit: str, label: str
                 ) -> tuple[dict[str, dict[str, Any]], str]:
    """Clause id -> the clause file's data at a commit, and the library's version line."""
    clauses: dict[str, dict[str, Any]] = {}
    version = ""
    errors: list[Diagnostic] = []
    for raw_name, raw in sorted(git.files(commit).items()):
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


def clause_blocks(cid: str, old: dict[str, Any], new: dict[str, Any]) -> list[Block]:
    """One changed clause: its heading, then each variant's text and the rationale."""
    blocks = [Block(diff_words(_title(cid, old), _title(cid, new)), ())]
    before, after = variant_texts(old), variant_texts(new)
    for name in [*after, *(n for n in before if n not in after)]:
        if before.get(name) == after.get(name):
            continue
        if name not in before:
            paras = [added(p) for p in text_paragraphs(after[name])]
            heading = f"Variant {name} (new)"
        elif name not in after:
            paras = [removed(p) for p in text_paragraphs(before[name])]
            heading = f"Variant {name} (removed)"
        else:
            paras = diff_paragraphs(text_paragraphs(before[name]), text_paragraphs(after[name]))
            heading = f"Variant {name}"
        blocks.append(Block((heading,), tuple(paras), 3))
    old_why, new_why = str(old.get("rationale", "")), str(new.get("rationale", ""))
    if old_why != new_why:
        blocks.append(Block(("Rationale",), tuple(diff_paragraphs(
            _blocks(old_why), _blocks(new_why))), 3))
    others = sorted(k for k in {*old, *new} - set(TEXT_FIELDS) if old.get(k) != new.get(k))
    if old.get("default_variant") != new.get("default_variant"):
        others.insert(0, "default_variant")
    if others:
        blocks.append(Block(("Other changes",),
                            (_note("Also changed: " + ", ".join(others) + "."),), 3))
    return blocks


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
    old, old_version = read_clauses(git, commits[revs.old] or "", revs.old)
    new, new_version = read_clauses(git, commits[revs.new] or "", revs.new)
    gone = sorted(set(old) - set(new))
    came = sorted(set(new) - set(old))
    moved = sorted(cid for cid in set(old) & set(new) if old[cid] != new[cid])

    blocks: list[Block] = []
    for heading, ids, side in (("Added clauses", came, new), ("Removed clauses", gone, old)):
        if ids:
            blocks.append(Block((heading,), tuple(_note(_title(cid, side[cid]))
                                                  for cid in ids)))
    changed_blocks: list[Block] = []
    for cid in moved:  # each clause's heading stays, whatever is elided below it
        top, *parts = clause_blocks(cid, old[cid], new[cid])
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
