"""How the CLI shows things: plain text for pipes, one record a line."""

from __future__ import annotations

from typing import Any

import pytest

from ordgen import terminal


def test_columns_line_up_and_the_last_is_not_padded() -> None:
    assert terminal.columns([["a", "bb", "c"], ["ccc", "d", "e"]]) == "a    bb  c\nccc  d   e"


def row(**kw: Any) -> dict[str, Any]:
    return {"id": "alpr.retention", "category": "alpr", "category_title": "ALPR",
            "variants": ["baseline", "strong"], "default_variant": "strong",
            "params": ["days"], "title": "Retention", "summary": "Delete data after N days.",
            **kw}


def test_piped_clause_table_has_every_column(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    terminal.show_clauses([row()])
    header, line = capsys.readouterr().out.splitlines()
    assert header.split() == ["ID", "CATEGORY", "VARIANTS", "PARAMS", "TITLE", "SUMMARY"]
    assert line.split("  ")[0] == "alpr.retention"
    assert "baseline, strong*" in line and line.endswith("Delete data after N days.")
