"""`ordgen diff`: two drafts (recipes, rendered drafts or code text) compared by section.

Sections are matched by title first, whatever their numbers, then by how alike their
words are, so a moved or renumbered section shows as a small change to its heading
rather than as one section deleted and another added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..diagnostics import display_path
from ..document import Block, Redline
from .sections import CodeText, TextSection
from .words import (
    PAIR_CUTOFF,
    added,
    changed,
    deleted,
    diff_paragraphs,
    diff_words,
    elide,
    inserted,
    likely_pairs,
    removed,
    similarity,
)

Pair = tuple[TextSection | None, TextSection | None]


def _title_key(section: TextSection) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", section.title.casefold()).split())


def align(old: Sequence[TextSection], new: Sequence[TextSection]) -> list[Pair]:
    """Old and new sections paired, in the new order; unmatched old ones where they stood."""
    match: dict[int, int] = {}  # new index -> old index
    by_title: dict[str, list[int]] = {}
    for i, section in enumerate(old):
        if _title_key(section):
            by_title.setdefault(_title_key(section), []).append(i)
    for j, section in enumerate(new):
        candidates = by_title.get(_title_key(section))
        if candidates:
            match[j] = candidates.pop(0)
    taken = set(match.values())
    free_old = [i for i in range(len(old)) if i not in taken]
    free_new = [j for j in range(len(new)) if j not in match]
    words_old = [old[i].words() for i in free_old]
    words_new = [new[j].words() for j in free_new]
    scored = []
    for j, i in likely_pairs(words_old, words_new):  # not every pair, when there are many
        score = similarity(words_old[i], words_new[j])
        if score >= PAIR_CUTOFF:
            scored.append((-score, free_new[j], free_old[i]))
    for _, j, i in sorted(scored):
        if j not in match and i not in taken:
            match[j] = i
            taken.add(i)

    pairs: list[Pair] = []
    shown: set[int] = set()

    def gone_before(limit: int) -> None:
        """Old sections that went away, where they stood: before what followed them."""
        for k in range(limit):
            if k not in taken and k not in shown:
                pairs.append((old[k], None))
                shown.add(k)

    for j, section in enumerate(new):
        found = match.get(j)
        if found is None:  # a new section goes after what was removed before the next match
            later = [match[x] for x in range(j + 1, len(new)) if x in match]
            gone_before(later[0] if later else len(old))
        else:
            gone_before(found)
        pairs.append((old[found] if found is not None else None, section))
    gone_before(len(old))
    return pairs


def section_block(old: TextSection | None, new: TextSection | None) -> Block:
    """One section in redline: changed, wholly new or wholly struck."""
    if old is not None and new is not None:
        return Block(diff_words(old.heading, new.heading),
                     tuple(diff_paragraphs(old.paragraphs, new.paragraphs)))
    if new is not None:
        return Block(inserted(new.heading), tuple(added(p) for p in new.paragraphs))
    assert old is not None
    return Block(deleted(old.heading), tuple(removed(p) for p in old.paragraphs))


def compare(old: CodeText, new: CodeText, *, context: int | None = None,
            title: str = "") -> Redline:
    """Two texts compared section by section; `context` words kept around each change."""
    blocks: list[Block] = []
    if old.preamble or new.preamble:
        blocks.append(Block((), tuple(diff_paragraphs(old.preamble, new.preamble))))
    counts = {"changed": 0, "added": 0, "removed": 0, "renumbered": 0}
    for before, after in align(old.sections, new.sections):
        block = section_block(before, after)
        blocks.append(block)
        if before is None:
            counts["added"] += 1
        elif after is None:
            counts["removed"] += 1
        else:
            if before.number != after.number:
                counts["renumbered"] += 1
            if any(changed(p.content) for p in block.paragraphs) or (
                    _title_key(before) != _title_key(after)):
                counts["changed"] += 1
    if context is not None:
        blocks = elide(blocks, context)
    return Redline(title or f"Changes from {display_path(old.path)} to "
                            f"{display_path(new.path)}", summary(counts), tuple(blocks))


def summary(counts: dict[str, int]) -> str:
    """"2 sections changed, 1 added, 1 renumbered." or "No changes.\""""
    parts = [f"{n} {what}" for what, n in counts.items() if n]
    if not parts:
        return "No sections changed."
    noun = "section" if sum(counts.values()) == 1 else "sections"
    return f"{noun.capitalize()}: {', '.join(parts)}."
