"""A draft edited in a real word processor: LibreOffice, driven through its Python UNO
bridge (tests/uno_edit.py, run by the system Python that has `uno`), in one session.

A section inserted before an existing one renumbers every later section and every
reference to them; an attorney's tracked changes and comment come back as a redline.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI, ROOT, need_tool

from ordgen import api
from ordgen.document import Ref
from ordgen.render.docx import render as render_docx

Run = Callable[..., "subprocess.CompletedProcess[str]"]
RECIPE = ROOT / "tests" / "fixtures" / "docx-recipe.yaml"
SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's python3-uno is built for it
SCRIPT = ROOT / "tests" / "uno_edit.py"


def need_uno() -> str:
    """The system Python with LibreOffice's UNO bridge; skip without it, except in CI."""
    need_tool("soffice")
    found = SYSTEM_PYTHON.is_file() and subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True).returncode == 0
    if found:
        return str(SYSTEM_PYTHON)
    if IN_CI:
        pytest.fail("python3-uno is required in CI but is not installed")
    pytest.skip("LibreOffice's Python UNO bridge (python3-uno) is not installed")


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every edit, in one LibreOffice session: a section inserted before Definitions and
    the fields updated, then a PDF; and an attorney's tracked edits and a comment."""
    python = need_uno()
    folder = tmp_path_factory.mktemp("uno")
    document = api.draft(RECIPE, rationale="none").document
    sent = folder / "sent.docx"
    sent.write_bytes(render_docx(document))
    inserted, returned = folder / "inserted.pdf", folder / "returned.docx"
    jobs = [
        {"file": str(sent), "pdf": str(inserted), "steps": [
            {"insert_section_before": "Definitions.", "title": "Inserted Section.",
             "text": "The text of the inserted section."},
            {"update_fields": True}]},
        {"file": str(sent), "save": str(returned), "author": "Alex Attorney", "track": True,
         "steps": [
             {"replace": "local priorities", "with": "the priorities of its residents"},
             {"delete": "including parks and vacant land, "},
             {"comment": "Welcoming City Ordinance", "author": "Alex Attorney",
              "text": "Is this the title the council wants?"}]}]
    (folder / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run([python, str(SCRIPT), str(folder / "jobs.json")], cwd=folder,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    return {"document": document, "sent": sent, "inserted": inserted, "returned": returned,
            "headings": reports[0]["headings"]}


def shifted(text: str, after: int) -> str:
    """Text with every "Section N" from `after` on numbered one higher."""
    return re.sub(r"Section\s(\d+)", lambda m: "Section " + str(
        int(m.group(1)) + (int(m.group(1)) >= after)), text)


def test_an_inserted_section_renumbers_the_sections_after_it(session: dict[str, Any]) -> None:
    document = session["document"]
    titles = [s.title for s in document.sections]
    labels = [(label.replace("\u00a0", " "), text) for label, text in session["headings"]]
    assert labels == [("Section 1.", "Title and Purpose."), ("Section 2.", "Inserted Section."),
                      *[(f"Section {n + 1}.", t.split(". ", 1)[1])
                        for n, t in enumerate(titles[1:], 2)]]
    pdftotext = need_tool("pdftotext")
    flat = " ".join(subprocess.run([pdftotext, "-layout", str(session["inserted"]), "-"],
                                   check=True, capture_output=True, text=True).stdout.split())
    assert "Section 2. Inserted Section. The text of the inserted section." in flat
    for title in titles[1:]:  # every later section is one higher
        assert shifted(title, 2) in flat, title


def test_every_reference_follows_its_section(session: dict[str, Any]) -> None:
    document = session["document"]
    pdftotext = need_tool("pdftotext")
    flat = " ".join(subprocess.run([pdftotext, "-layout", str(session["inserted"]), "-"],
                                   check=True, capture_output=True, text=True).stdout.split())
    referring = [p for s in document.sections for p in s.paragraphs
                 if any(isinstance(c, Ref) for c in p.content)]
    assert len(referring) >= 3
    for p in referring:
        before = " ".join(p.plain().split())
        after = shifted(before, 2)
        assert after != before and after in flat, after  # the field was updated


def test_an_attorneys_edits_in_libreoffice_come_back_as_a_redline(
        session: dict[str, Any], run_ordgen: Run) -> None:
    sent, returned = session["sent"], session["returned"]
    result = run_ordgen("diff", sent, returned, "-o", "-")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "~~local priorities,~~ <ins>the priorities of its residents,</ins>" in text
    assert "~~including parks and vacant land,~~" in text
    assert "Sections: 2 changed. 1 comment." in text
    assert "Alex Attorney \u2014 Section 1. Title and Purpose: Is this the title the council " \
           "wants?" in text
    as_sent = run_ordgen("diff", sent, returned, "--as-sent", "-o", "-")
    assert "No sections changed. 1 comment." in as_sent.stdout
    out = returned.with_name("changes.docx")
    assert run_ordgen("diff", sent, returned, "-o", out).returncode == 0
    assert out.is_file()
