"""PDF output through headless LibreOffice: the draft's words, a located error naming the
package when LibreOffice is missing, and never a half-written PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NEW, OLD, ROOT, need_tool, write

from ordgen import api
from ordgen.render import markdown

Run = Callable[..., "subprocess.CompletedProcess[str]"]
RECIPE = ROOT / "tests" / "fixtures" / "docx-recipe.yaml"


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def pdf_text(path: Path) -> str:
    """The text of a PDF line by line, as laid out (labels before their text)."""
    pdftotext = need_tool("pdftotext")
    return subprocess.run([pdftotext, "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A draft and a redline as PDF, and the draft again, to compare their bytes."""
    need_tool("soffice")
    folder = tmp_path_factory.mktemp("pdf")
    files = {"draft": folder / "draft.pdf", "again": folder / "again.pdf",
             "redline": folder / "redline.pdf"}
    api.build(RECIPE, [files["draft"], folder / "draft.docx"], rationale="none")
    api.build(RECIPE, [files["again"]], rationale="none")
    api.diff(write(folder, "old.md", OLD), write(folder, "new.md", NEW), [files["redline"]])
    return files


def test_a_pdf_reads_as_the_markdown_does(built: dict[str, Path]) -> None:
    document = api.draft(RECIPE, rationale="none").document
    text = re.sub(r"<!--.*?-->", "", markdown.render(document), flags=re.S)
    shown = pdf_text(built["draft"])
    got = words(re.sub(r"Page \d+ of \d+|Staff draft 2", "", shown))
    want = words(text)
    # the signatures stand in two columns, which a reader reads across: their words are
    # compared as a whole, everything above them word by word
    signed = want.index("by", want.index("abstaining") + 6)
    assert got[:signed] == want[:signed]
    assert sorted(got[signed:]) == sorted(want[signed:])
    assert "By: ____" in shown and "City Attorney" in shown
    assert built["draft"].read_bytes().startswith(b"%PDF-")
    assert not [p for p in built["draft"].parent.iterdir() if p.name.startswith(".ordgen-")]


def test_a_redline_becomes_a_pdf(built: dict[str, Path]) -> None:
    flat = " ".join(pdf_text(built["redline"]).split())
    assert "Section 3. 2. City Property." in flat and "No agency or employee shall ask" in flat


def test_only_what_libreoffice_stamps_differs_between_runs(built: dict[str, Path]) -> None:
    a, b = built["draft"].read_bytes(), built["again"].read_bytes()
    assert len(a) == len(b)
    stamps = re.compile(rb"/CreationDate\(D:[^)]*\)|/ID \[\s*<[0-9A-F]+>\s*<[0-9A-F]+>\s*\]"
                        rb"|/DocChecksum /[0-9A-F]+")
    assert stamps.sub(b"", a) == stamps.sub(b"", b)
    assert re.search(rb"/Producer<FEFF004C0069006200720065004F0066006600690063006500", a)


def without_libreoffice(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has git but no soffice."""
    bare = tmp_path / "bin"
    bare.mkdir()
    git = shutil.which("git")
    if git:
        (bare / "git").symlink_to(git)
    return {"PATH": str(bare)}


def test_without_libreoffice_the_error_names_the_package(tmp_path: Path, run_ordgen: Run,
                                                         recipe: Path) -> None:
    kept = tmp_path / "draft.md"
    kept.write_text("an older draft")
    env = without_libreoffice(tmp_path)
    result = run_ordgen("build", recipe, "-o", kept, "-o", tmp_path / "draft.pdf", env=env)
    assert result.returncode == 1, result.stderr
    assert re.search(r"draft\.pdf: error\[no-libreoffice\]: PDF output needs LibreOffice",
                     result.stderr)
    assert "libreoffice-writer-nogui" in result.stderr and "Traceback" not in result.stderr
    assert kept.read_text() == "an older draft" and not (tmp_path / "draft.pdf").exists()
    cities = write(tmp_path, "cities.csv", "name,kind,state\nCity of Duluth,city,MN\n")
    batch = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", tmp_path / "drafts",
                       "--format", "pdf", env=env)
    assert batch.returncode == 1 and "error[no-libreoffice]" in batch.stderr
    assert not list((tmp_path / "drafts").glob("*.pdf"))


def test_a_failed_conversion_leaves_the_old_pdf(tmp_path: Path, run_ordgen: Run,
                                                recipe: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\n"
                                  "exit 1\n")
    (fake / "soffice").chmod(0o755)
    old = tmp_path / "draft.pdf"
    old.write_bytes(b"%PDF- the packet's copy")
    env = {"PATH": f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = run_ordgen("build", recipe, "-o", old, env=env)
    assert result.returncode == 1
    assert re.search(r"draft\.pdf: error\[pdf-failed\]: LibreOffice failed to convert to PDF "
                     r"\(exit 1\): Error: source file could not be loaded", result.stderr)
    assert old.read_bytes() == b"%PDF- the packet's copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ordgen-")] == []
