import pytest

from ordgen.document import Ref
from ordgen.paragraphs import StructureError, label, number, ref_marker, split


def test_levels_labels_and_continuations() -> None:
    text = ("Intro line\ncontinues.\n\n- first\n  - one\n  - two\n    - big A\n"
            "      - small i\n- second\n  wraps.\n  - restarts\n")
    paragraphs = number(split(text))
    assert [(p.level, p.label, p.plain()) for p in paragraphs] == [
        (0, "", "Intro line continues."),
        (1, "(a)", "first"),
        (2, "(1)", "one"),
        (2, "(2)", "two"),
        (3, "(A)", "big A"),
        (4, "(i)", "small i"),
        (1, "(b)", "second wraps."),
        (2, "(1)", "restarts"),
    ]


@pytest.mark.parametrize("level, n, expected", [
    (1, 1, "(a)"), (1, 26, "(z)"), (1, 27, "(aa)"), (2, 12, "(12)"), (3, 3, "(C)"),
    (4, 4, "(iv)"), (4, 9, "(ix)"),
])
def test_labels(level: int, n: int, expected: str) -> None:
    assert label(level, n) == expected


@pytest.mark.parametrize("text, line, fragment", [
    ("- a\n    - skipped a level\n", 2, "skips"),
    ("- a\n   - odd indent\n", 2, "3 spaces"),
    ("- a\n\t- tab\n", 2, "tab"),
    ("- a\n  - b\n    - c\n      - d\n        - e\n", 5, "more than 4"),
])
def test_bad_outlines(text: str, line: int, fragment: str) -> None:
    with pytest.raises(StructureError) as err:
        split(text)
    assert err.value.line == line
    assert fragment in str(err.value)


def test_references_become_inlines() -> None:
    text = "See " + ref_marker("a.b") + " and more."
    (paragraph,) = number(split(text))
    # the number is filled in when the document is numbered
    assert paragraph.content == ("See ", Ref("a.b"), " and more.")
