"""Compare texts word by word, and paragraphs by similarity, into redline inlines.

A redline is ordinary document content (`Paragraph`s of `str` and `Change`s), so the
Markdown and Word renderers show it like any other text. Whitespace always falls
between a mark and its neighbours, never inside a mark.

Texts of any length, however unlike, are compared in near-linear time: words are
aligned as align.py says, and paragraphs and sections are weighed pair by pair only while
that is less than MAX_WORK words of work.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..document import Block, Change, Inline, Paragraph
from .align import opcodes
from .sections import TextParagraph

GAP = "* * *"  # the legislative mark for language left out
PAIR_CUTOFF = 0.5  # how alike two paragraphs must be to be shown as one, changed
CONTAINED = 0.3  # a short text 80% contained in a longer one scores 0.5
MIN_CONTAINED = 5  # words a text needs before containment counts
MAX_ALIGN = 40_000  # paragraph pairs worth weighing one by one (200 by 200)
MAX_WORK = 2_000_000  # words read in weighing every pair of paragraphs (or sections)
RARE = 8  # words of a section that find the sections it may be paired with
MAX_CANDIDATES = 10  # sections weighed against each section, when not all can be
MAX_SHARED = 50  # sections a word may be in and still tell them apart
LOOKAHEAD = 3  # paragraphs looked ahead for a match, when not every pair can be weighed
_PUNCT = re.compile(r"^\W+|\W+$")


def diff_words(old: str, new: str) -> tuple[Inline, ...]:
    """`new` with the words of `old` it drops struck and the words it adds underscored."""
    a, b = old.split(), new.split()
    segments: list[tuple[str, list[str]]] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            segments.append(("=", a[i1:i2]))
            continue
        if i2 > i1:
            segments.append(("-", a[i1:i2]))
        if j2 > j1:
            segments.append(("+", b[j1:j2]))
    return _inlines(_fold(segments))


def _fold(segments: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Merge each run of changes into one deletion then one insertion, and fold a lone
    unchanged word between two replacements into both: "~~a b c~~ <ins>x b y</ins>" reads
    better than a redline that alternates word by word."""
    items: list[tuple[str, list[str], list[str]]] = []  # ("=", same, []) | ("~", gone, new)
    for op, ws in segments:
        if op == "=":
            items.append(("=", ws, []))
        else:
            if not items or items[-1][0] == "=":
                items.append(("~", [], []))
            (items[-1][1] if op == "-" else items[-1][2]).extend(ws)
    out: list[tuple[str, list[str], list[str]]] = []
    i = 0
    while i < len(items):
        op, first, second = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (op == "=" and len(first) == 1 and out and out[-1][0] == "~" and out[-1][1]
                and out[-1][2] and nxt is not None and nxt[1] and nxt[2]):
            _, gone, new = out[-1]
            out[-1] = ("~", gone + first + nxt[1], new + first + nxt[2])
            i += 2
            continue
        out.append(items[i])
        i += 1
    flat: list[tuple[str, list[str]]] = []
    for op, first, second in out:
        if op == "=":
            flat.append(("=", first))
            continue
        if first:
            flat.append(("-", first))
        if second:
            flat.append(("+", second))
    return flat


def _inlines(segments: list[tuple[str, list[str]]]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for k, (op, ws) in enumerate(segments):
        text = " ".join(ws)
        if k:
            _append(out, " ")
        if op == "=":
            _append(out, text)
        else:
            out.append(Change("del" if op == "-" else "ins", text))
    return tuple(out)


def _append(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def inserted(text: str) -> tuple[Inline, ...]:
    """Text that is wholly new."""
    text = " ".join(text.split())
    return (Change("ins", text),) if text else ()


def deleted(text: str) -> tuple[Inline, ...]:
    """Text that is wholly struck."""
    text = " ".join(text.split())
    return (Change("del", text),) if text else ()


def changed(content: Sequence[Inline]) -> bool:
    """Whether content holds any insertion or deletion."""
    return any(isinstance(c, Change) for c in content)


def _key(p: TextParagraph) -> str:
    return " ".join(p.text.split())


def _weighable(old: Sequence[TextParagraph], new: Sequence[TextParagraph]) -> bool:
    """Whether weighing every pair is little enough work (each pair reads both)."""
    if len(old) * len(new) > MAX_ALIGN:
        return False
    return (len(new) * sum(len(p.full) for p in old)
            + len(old) * sum(len(p.full) for p in new)) // 6 <= MAX_WORK  # ~6 chars a word


def diff_paragraphs(old: Sequence[TextParagraph], new: Sequence[TextParagraph]
                    ) -> list[Paragraph]:
    """Paragraphs aligned by their words: a changed one shows its changes inside it.

    The alignment keeps both orders and pairs paragraphs so that their summed similarity
    is greatest; between pairs, old paragraphs are struck and new ones underscored. Too
    many to weigh every pair, paragraphs that read the same are paired first, and each
    stretch between them is weighed on its own, or, still too long, walked in order."""
    if _weighable(old, new):
        return _weighed(old, new)
    out: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in opcodes([_key(p) for p in old], [_key(p) for p in new]):
        if tag == "equal":
            out += [pair(o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True)]
        elif _weighable(old[i1:i2], new[j1:j2]):
            out += _weighed(old[i1:i2], new[j1:j2])
        else:
            out += _walked(old[i1:i2], new[j1:j2])
    return out


def _walked(old: Sequence[TextParagraph], new: Sequence[TextParagraph]) -> list[Paragraph]:
    """Paragraphs paired walking both sides in order, each weighed only against the next
    few of the other side: work in proportion to their length, however many there are."""
    words_old = [p.full.split() for p in old]
    words_new = [p.full.split() for p in new]

    def alike(i: int, j: int) -> bool:
        return similarity(words_old[i], words_new[j]) >= PAIR_CUTOFF

    out: list[Paragraph] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if alike(i, j):
            out.append(pair(old[i], new[j]))
            i, j = i + 1, j + 1
            continue
        for k in range(1, LOOKAHEAD + 1):  # the nearest paragraph added, or removed
            if j + k < len(new) and alike(i, j + k):
                out += [added(p) for p in new[j:j + k]]
                j += k
                break
            if i + k < len(old) and alike(i + k, j):
                out += [removed(p) for p in old[i:i + k]]
                i += k
                break
        else:
            out += [removed(old[i]), added(new[j])]
            i, j = i + 1, j + 1
    return out + [removed(p) for p in old[i:]] + [added(p) for p in new[j:]]


def _weighed(old: Sequence[TextParagraph], new: Sequence[TextParagraph]) -> list[Paragraph]:
    """The alignment with the greatest summed similarity, every pair weighed."""
    words_old = [p.full.split() for p in old]
    words_new = [p.full.split() for p in new]
    sim = [[1.0 if _key(o) == _key(n) else similarity(words_old[i], words_new[j])
            for j, n in enumerate(new)] for i, o in enumerate(old)]
    # best[i][j]: the greatest summed similarity aligning old[i:] with new[j:]
    best = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= PAIR_CUTOFF else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    result: list[Paragraph] = []
    gone: list[Paragraph] = []
    came: list[Paragraph] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if (i < len(old) and j < len(new) and sim[i][j] >= PAIR_CUTOFF
                and best[i][j] == sim[i][j] + best[i + 1][j + 1]):
            result += gone + came + [pair(old[i], new[j])]
            gone, came = [], []
            i, j = i + 1, j + 1
        elif i < len(old) and (j == len(new) or best[i][j] == best[i + 1][j]):
            gone.append(removed(old[i]))
            i += 1
        else:
            came.append(added(new[j]))
            j += 1
    return result + gone + came


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two word lists are, 0 to 1, ignoring case and punctuation. A short text
    that a longer one takes up almost whole (a definition that grew) also counts as alike."""
    a, b = _plain_words(a), _plain_words(b)
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    shorter = min(len(a), len(b))
    quick = matcher.quick_ratio()  # from word counts alone, before the costly match
    common = quick * (len(a) + len(b)) / 2
    bound = max(quick, common / shorter - CONTAINED if shorter >= MIN_CONTAINED else 0.0)
    if bound < PAIR_CUTOFF:
        return 0.0
    same = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b) if tag == "equal")
    ratio = 2 * same / (len(a) + len(b))
    if shorter >= MIN_CONTAINED:
        ratio = max(ratio, same / shorter - CONTAINED)
    return ratio


def likely_pairs(old: Sequence[Sequence[str]], new: Sequence[Sequence[str]]
                 ) -> Iterator[tuple[int, int]]:
    """Pairs (index in `new`, index in `old`) of word lists worth weighing for similarity:
    every pair while that is little work; else, for each new text, the few old ones that
    share most of its rarest words (words in many texts tell none apart)."""
    if (len(new) * sum(map(len, old)) + len(old) * sum(map(len, new))) <= MAX_WORK:
        yield from ((j, i) for j in range(len(new)) for i in range(len(old)))
        return
    sets_old = [set(_plain_words(w)) for w in old]
    sets_new = [set(_plain_words(w)) for w in new]
    shared = Counter(w for words in (*sets_old, *sets_new) for w in words)
    index: dict[str, list[int]] = {}
    for i, words in enumerate(sets_old):
        for w in words:
            if shared[w] <= MAX_SHARED:
                index.setdefault(w, []).append(i)
    for j, words in enumerate(sets_new):
        rare = sorted((w for w in words if w in index), key=lambda w: (shared[w], w))[:RARE]
        votes = Counter(i for w in rare for i in index[w])
        for i, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            yield j, i


def _plain_words(words: Sequence[str]) -> list[str]:
    return [w for w in (_PUNCT.sub("", word.casefold()) for word in words) if w]


def pair(old: TextParagraph, new: TextParagraph) -> Paragraph:
    """One paragraph in two versions; a changed label is redlined with the words."""
    if old.label == new.label:
        return Paragraph(new.level, new.label, diff_words(old.text, new.text))
    return Paragraph(new.level, "", diff_words(old.full, new.full))


def added(p: TextParagraph) -> Paragraph:
    return Paragraph(p.level, "", inserted(p.full))


def removed(p: TextParagraph) -> Paragraph:
    return Paragraph(p.level, "", deleted(p.full))


# -- eliding unchanged stretches -----------------------------------------------------------
def _units(content: Sequence[Inline]) -> list[Inline]:
    """Content as units that are kept or dropped whole: words, references and changes."""
    out: list[Inline] = []
    for item in content:
        out += item.split() if isinstance(item, str) else [item]
    return out


def elide(blocks: Sequence[Block], context: int) -> list[Block]:
    """Keep `context` words around each change; each longer unchanged stretch becomes one
    `* * *`. The heading of a block that keeps anything is kept whole; context reaches
    across paragraphs but not into another section."""
    units: list[tuple[int, int, bool]] = []  # (block, paragraph or -1, is a change)
    for b, block in enumerate(blocks):
        # a heading's unchanged words are no context: it is shown whole, or not at all
        units += [(b, -1, True) for u in block.heading if isinstance(u, Change)]
        for p, q in enumerate(block.paragraphs):
            units += [(b, p, isinstance(u, Change)) for u in _units(q.content)]
    kept_in: dict[tuple[int, int], list[bool]] = {}
    by_block: dict[int, list[tuple[int, int, bool]]] = {}
    for u in units:
        by_block.setdefault(u[0], []).append(u)
    for mine in by_block.values():  # context stays within its section
        for (b, p, _), k in zip(mine, _near_changes([u[2] for u in mine], context),
                                strict=True):
            kept_in.setdefault((b, p), []).append(k)

    out: list[Block] = []
    skipped = False  # whole sections were left out since the last one kept
    for b, block in enumerate(blocks):
        shown = [any(kept_in.get((b, i), [])) for i in range(len(block.paragraphs))]
        if not any(kept_in.get((b, -1), [])) and not any(shown):
            skipped = skipped or bool(block.heading or block.paragraphs)
            continue
        if skipped:
            out.append(Block((), (gap_paragraph(),)))
            skipped = False
        paras: list[Paragraph] = []
        gap = False  # paragraphs of this section were left out since the last one kept
        for i, q in enumerate(block.paragraphs):
            if not shown[i]:
                gap = True
                continue
            content = _trim(q.content, kept_in[(b, i)])
            # one mark says enough where a paragraph's own mark meets the gap
            if gap and not _gap_at(content, 0) and not (paras and _gap_at(paras[-1].content, -1)):
                paras.append(gap_paragraph())
            gap = False
            paras.append(Paragraph(q.level, q.label, content))
        if gap and not (paras and _gap_at(paras[-1].content, -1)):
            paras.append(gap_paragraph())
        out.append(Block(block.heading, tuple(paras), block.level))
    if skipped:
        out.append(Block((), (gap_paragraph(),)))
    return out


def _gap_at(content: tuple[Inline, ...], end: int) -> bool:
    """Whether content starts (end 0) or ends (end -1) with a gap mark."""
    text = content[end] if content else None
    if not isinstance(text, str):
        return False
    return text.startswith(GAP) if end == 0 else text.endswith(GAP)


def gap_paragraph() -> Paragraph:
    return Paragraph(0, "", (GAP,))


def _near_changes(is_change: list[bool], context: int) -> list[bool]:
    """Which units lie within `context` units of a change (changes themselves included)."""
    n = len(is_change)
    far = n + context + 1
    before, after = [far] * n, [far] * n  # distance to the previous and the next change
    last = -far
    for i, c in enumerate(is_change):
        last = i if c else last
        before[i] = i - last
    last = n + far
    for i in range(n - 1, -1, -1):
        last = i if is_change[i] else last
        after[i] = last - i
    return [min(x, y) <= context for x, y in zip(before, after, strict=True)]


def _trim(content: tuple[Inline, ...], keep: list[bool]) -> tuple[Inline, ...]:
    """Content with each run of dropped words replaced by one gap mark."""
    tokens: list[Inline] = []
    for unit, kept in zip(_units(content), keep, strict=True):
        if kept:
            tokens.append(unit)
        elif not tokens or tokens[-1] != GAP:
            tokens.append(GAP)
    out: list[Inline] = []
    for k, token in enumerate(tokens):
        if k:
            _append(out, " ")
        if isinstance(token, str):
            _append(out, token)
        else:
            out.append(token)
    return tuple(out)
