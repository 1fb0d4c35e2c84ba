"""Word and paragraph comparison: what is struck, what is underscored, what pairs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import marks

from ordgen.diff.sections import TextParagraph
from ordgen.diff.words import diff_paragraphs, diff_words
from ordgen.document import Change

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_a_changed_word_is_struck_and_its_replacement_underscored() -> None:
    content = diff_words("The City shall not share data.", "The City may not share any data.")
    assert marks(content) == "The City ~~shall~~ <ins>may</ins> not share <ins>any</ins> data."
    assert content[1] == Change("del", "shall")


def test_marks_never_hold_whitespace_at_their_edges() -> None:
    content = diff_words("a  b c   d e", "a x c d y e z")
    for item in content:
        if isinstance(item, Change):
            assert item.text == item.text.strip() and item.text
    assert marks(content) == "a ~~b~~ <ins>x</ins> c d <ins>y</ins> e <ins>z</ins>"


def test_punctuation_stays_with_its_word() -> None:
    assert marks(diff_words("shall disclose, or share", "shall disclose or share")) == \
        "shall ~~disclose,~~ <ins>disclose</ins> or share"


def test_a_lone_common_word_between_changes_is_folded_into_them() -> None:
    content = diff_words("one two the three four", "five six the seven eight")
    assert marks(content) == "~~one two the three four~~ <ins>five six the seven eight</ins>"


def test_identical_text_has_no_marks() -> None:
    assert diff_words("Nothing changes here.", "Nothing  changes\nhere.") == (
        "Nothing changes here.",)


def test_paragraphs_pair_by_similarity_and_relettering_is_redlined() -> None:
    old = [TextParagraph(1, "(a)", "Agencies shall not share data with anyone."),
           TextParagraph(1, "(b)", "Employees shall be trained every year on this policy.")]
    new = [TextParagraph(1, "(a)", "A wholly new first subsection about something else."),
           TextParagraph(1, "(b)", "Agencies shall not share data with anyone at all."),
           TextParagraph(1, "(c)", "Employees shall be trained every year on this policy.")]
    out = diff_paragraphs(old, new)
    assert [marks(p.content) for p in out] == [
        "<ins>(a) A wholly new first subsection about something else.</ins>",
        "~~(a)~~ <ins>(b)</ins> Agencies shall not share data with anyone ~~anyone.~~ "
        "<ins>anyone at all.</ins>".replace("anyone ~~anyone.~~", "~~anyone.~~"),
        "~~(b)~~ <ins>(c)</ins> Employees shall be trained every year on this policy."]
    assert [p.level for p in out] == [1, 1, 1]


def test_a_short_definition_that_grew_is_shown_as_changed() -> None:
    old = [TextParagraph(1, "(a)", "\u201cAgency\u201d means any department of the City.")]
    new = [TextParagraph(1, "(a)", "\u201cAdministrative warrant\u201d means a federal form."),
           TextParagraph(1, "(b)", "\u201cAgency\u201d means any department, office, board or "
                                   "commission of the City, and any contractor of the City.")]
    out = diff_paragraphs(old, new)
    assert marks(out[0].content).startswith("<ins>(a) \u201cAdministrative")
    assert marks(out[1].content).startswith("~~(a)~~ <ins>(b)</ins> \u201cAgency\u201d means any")


def test_many_paragraphs_all_slightly_changed_still_pair_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ordgen.diff import words

    monkeypatch.setattr(words, "MAX_WORK", 100)  # too much to weigh every pair
    old = [TextParagraph(0, "", f"Paragraph {i} about the city and its property.")
           for i in range(40)]
    new = [TextParagraph(0, "", p.text.replace("city", "county")) for p in old]
    new.insert(20, TextParagraph(0, "", "A wholly new paragraph on data retention."))
    out = diff_paragraphs(old, new)
    whole = [p for p in out if all(isinstance(c, Change) for c in p.content)]
    assert len(out) == 41 and len(whole) == 1  # forty pairs, one paragraph added
    assert marks(whole[0].content) == "<ins>A wholly new paragraph on data retention.</ins>"


def test_sections_worth_weighing_are_found_by_their_rare_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ordgen.diff import words

    monkeypatch.setattr(words, "MAX_WORK", 10)
    old = [f"common words here and topic{i} special{i}".split() for i in range(100)]
    new = [f"common words there and topic{i} special{i}".split() for i in range(100)]
    pairs = set(words.likely_pairs(old, new))
    assert all((i, i) in pairs for i in range(100))
    assert len(pairs) <= 100 * words.MAX_CANDIDATES  # not every pair of ten thousand


def test_unmatched_drafts_compare_in_near_linear_time(tmp_path: Path) -> None:
    import random
    import time

    from ordgen.diff.drafts import compare
    from ordgen.diff.sections import parse

    r = random.Random(5)
    vocab = [f"w{i}" for i in range(2000)]

    def text(tag: str) -> str:
        return "".join(f"## {i}. {tag} {i}\n\n" + " ".join(r.choice(vocab) for _ in range(40))
                       + "\n\n" for i in range(600))

    old, new = parse(text("Old"), tmp_path / "a.md"), parse(text("New"), tmp_path / "b.md")
    started = time.perf_counter()
    redline = compare(old, new, context=5)
    assert time.perf_counter() - started < 5  # 360,000 section pairs, weighed in the tens
    assert len(redline.blocks) >= 600
