"""Word and paragraph comparison: what is struck, what is underscored, what pairs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

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
