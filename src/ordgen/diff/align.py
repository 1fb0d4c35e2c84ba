"""Align two sequences (of words, or of paragraphs' texts) in near-linear time.

difflib compares every element of one side with the other's and can take the square of
their lengths, or worse; it is given at most MAX_PAIRS elements against each other at
once. A longer stretch keeps its common ends and is cut at the elements both sides hold
exactly once, in the longest run that keeps both orders (as patience diff does); a stretch
that still cannot be weighed is shown as replaced whole.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Sequence

MAX_PAIRS = 1_000_000  # elements difflib weighs against each other in one call
MAX_DEPTH = 8  # times a stretch too long for difflib is cut at its unique elements
Opcode = tuple[str, int, int, int, int]


def _matcher(a: Sequence[str], b: Sequence[str]) -> difflib.SequenceMatcher[str]:
    # autojunk would treat common words ("the", "of") as noise in long texts
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


def opcodes(a: Sequence[str], b: Sequence[str]) -> Sequence[Opcode]:
    """difflib's opcodes for `a` and `b` (equal, replace, delete, insert) in near-linear
    time: difflib's own when the two are short enough, else common ends kept, the rest
    cut at the elements both hold once, and a stretch that still cannot be weighed shown
    as replaced whole."""
    if len(a) * len(b) <= MAX_PAIRS:
        return _matcher(a, b).get_opcodes()
    out: list[Opcode] = []
    _align(a, b, 0, len(a), 0, len(b), out, 0)
    return out


def _align(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int,
           out: list[Opcode], depth: int) -> None:
    start = alo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    if alo > start:
        out.append(("equal", start, alo, blo - (alo - start), blo))
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi, bhi = ahi - tail, bhi - tail
    if alo == ahi or blo == bhi:
        if alo < ahi:
            out.append(("delete", alo, ahi, blo, blo))
        elif blo < bhi:
            out.append(("insert", alo, alo, blo, bhi))
    elif (ahi - alo) * (bhi - blo) <= MAX_PAIRS:
        out += [(tag, i1 + alo, i2 + alo, j1 + blo, j2 + blo) for tag, i1, i2, j1, j2
                in _matcher(a[alo:ahi], b[blo:bhi]).get_opcodes()]
    elif depth < MAX_DEPTH and (anchors := _anchors(a, b, alo, ahi, blo, bhi)):
        for i, j in anchors:
            _align(a, b, alo, i, blo, j, out, depth + 1)
            out.append(("equal", i, i + 1, j, j + 1))
            alo, blo = i + 1, j + 1
        _align(a, b, alo, ahi, blo, bhi, out, depth + 1)
    else:
        out.append(("replace", alo, ahi, blo, bhi))
    if tail:
        out.append(("equal", ahi, ahi + tail, bhi, bhi + tail))


def _anchors(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
             ) -> list[tuple[int, int]]:
    """Positions (i, j) of elements that `a[alo:ahi]` and `b[blo:bhi]` each hold exactly
    once, the longest run of them that keeps both orders."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi)
             if count_a[a[i]] == 1 and a[i] in where_b]
    # the longest increasing run of j, by patience sorting
    tops: list[int] = []  # the smallest last j of a run of each length
    ends: list[int] = []  # index into pairs of that run's last element
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tops, j)
        if at == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[at], ends[at] = j, k
        back[k] = ends[at - 1] if at else -1
    run: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]
