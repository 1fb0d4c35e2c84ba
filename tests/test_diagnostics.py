"""Diagnostics: where, what and how to fix it, as text and as GitHub annotations."""

from __future__ import annotations

from ordgen.diagnostics import Diagnostic, OrdgenError, did_you_mean, file_error


def test_text_form_names_the_place_the_code_and_the_hint() -> None:
    d = Diagnostic("a.yaml", 3, 5, "error", "unknown-clause", "unknown clause 'x'", "did you?")
    assert d.format() == "a.yaml:3:5: error[unknown-clause]: unknown clause 'x'\n  hint: did you?"
    assert Diagnostic("a.yaml", 0, 0, "warning", "c", "m").where() == "a.yaml"


def test_github_annotations_escape_what_would_end_the_command() -> None:
    d = Diagnostic("a.yaml", 2, 1, "error", "c", "50% wrong\nnext line", "")
    assert d.github() == "::error file=a.yaml,line=2,col=1,title=c::50%25 wrong%0Anext line"


def test_errors_are_sorted_and_deduplicated() -> None:
    a = Diagnostic("b.yaml", 1, 1, "error", "x", "m")
    b = Diagnostic("a.yaml", 9, 1, "warning", "y", "m")
    err = OrdgenError([a, b, a])
    assert err.diagnostics == [b, a] and err.errors == [a]
    assert str(err).startswith("b.yaml:1:1: error[x]")


def test_file_errors_and_suggestions() -> None:
    (d,) = file_error("x.md", "no-file", "file does not exist", "check it").diagnostics
    assert (d.path, d.line, d.code) == ("x.md", 0, "no-file")
    assert did_you_mean("alpr.retension", ["alpr.retention", "alpr.sharing"]) == \
        "did you mean 'alpr.retention'?"
    assert did_you_mean("zzz", ["alpr.retention"]) == ""
