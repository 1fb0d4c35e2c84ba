"""Writing outputs: formats by suffix, checks before any work, and all-or-nothing writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ordgen import output
from ordgen.diagnostics import OrdgenError


def test_formats_come_from_the_suffix(tmp_path: Path) -> None:
    assert output.output_format(tmp_path / "a.MD") == "markdown"
    assert output.output_format(tmp_path / "a.docx") == "docx"
    assert output.output_format(tmp_path / "packet.PDF") == "pdf"
    with pytest.raises(OrdgenError) as err:
        output.output_format(tmp_path / "a.odt")
    assert err.value.diagnostics[0].code == "unknown-format"


def test_every_file_is_written_or_none_is(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("old a")
    missing = tmp_path / "no-such-folder" / "b.md"
    with pytest.raises(OrdgenError) as err:
        output.write_all([(first, b"new a"), (missing, b"new b")])
    assert err.value.diagnostics[0].code == "write-failed"
    assert first.read_text() == "old a"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file is left


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "new.md"
    source.write_text("x")
    link = tmp_path / "alias.md"
    os.symlink(source, link)
    with pytest.raises(OrdgenError) as err:
        output.prepare([link], [source])
    (d,) = err.value.diagnostics
    assert d.code == "output-is-input" and "new.md" in d.message


def test_outputs_are_checked_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(OrdgenError) as err:
        output.prepare([tmp_path])
    assert err.value.diagnostics[0].code == "output-is-folder"
    with pytest.raises(OrdgenError) as err:
        output.prepare([tmp_path / "nowhere" / "x.md"])
    assert err.value.diagnostics[0].code == "no-output-folder"
    assert output.prepare([tmp_path / "x.docx"]) == [(tmp_path / "x.docx", "docx")]


def test_a_pdf_without_libreoffice_is_refused_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ordgen.render import pdf

    monkeypatch.setattr(pdf, "soffice", lambda: None)
    with pytest.raises(OrdgenError) as err:
        output.prepare([tmp_path / "a.md", tmp_path / "draft.pdf"])
    (d,) = err.value.diagnostics
    assert d.code == "no-libreoffice" and d.path.endswith("draft.pdf")
    assert "libreoffice-writer-nogui" in d.hint
    assert output.prepare([tmp_path / "a.md"]) == [(tmp_path / "a.md", "markdown")]
