"""PDF output: the Word file ordgen renders, converted by headless LibreOffice.

Every conversion runs in a private temporary folder with a private LibreOffice profile
(`-env:UserInstallation`), so two runs never share one, and hands back bytes: the caller's
output transaction writes the PDF whole or not at all. One `soffice --convert-to pdf`
process converts any number of files, which is how `batch` converts a whole batch.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Diagnostic, OrdgenError, file_diagnostic, file_error

INSTALL = ("install LibreOffice: `apt-get install libreoffice-writer-nogui` (Debian, Ubuntu), "
           "`brew install --cask libreoffice` (macOS), or put its `soffice` on PATH")
MAC_APP = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
START_SECONDS = 120  # LibreOffice's first start with a new profile, on a slow machine
SECONDS_PER_FILE = 20


def soffice() -> str | None:
    """The LibreOffice program, if it is installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return str(MAC_APP) if MAC_APP.is_file() else None


def require(where: Path) -> str:
    """The LibreOffice program, or a located error naming what to install."""
    program = soffice()
    if program is None:
        raise file_error(where, "no-libreoffice",
                         "PDF output needs LibreOffice, which is not installed", INSTALL)
    return program


def convert(sources: Sequence[Path], folder: Path, where: Path) -> None:
    """Convert every .docx in `sources` to a PDF of the same name in `folder`, in one
    LibreOffice process. A file it could not convert has no PDF; the caller checks."""
    program = require(where)
    if not sources:
        return
    profile = Path(tempfile.mkdtemp(prefix="ordgen-libreoffice-"))
    cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
           "--outdir", str(folder), *map(str, sources)]
    timeout = START_SECONDS + SECONDS_PER_FILE * len(sources)
    try:
        # a session of its own, so a timeout ends LibreOffice's helper processes too
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise file_error(where, "pdf-failed", f"LibreOffice did not finish converting to "
                             f"PDF within {timeout} seconds", "try again; if it keeps "
                             "happening, convert the .docx in LibreOffice yourself") from None
    except OSError as exc:
        raise file_error(where, "pdf-failed", f"cannot run LibreOffice: {exc.strerror or exc}",
                         INSTALL) from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0:
        last = out.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise file_error(where, "pdf-failed", f"LibreOffice failed to convert to PDF "
                         f"(exit {proc.returncode}): {last[0]}".rstrip(": "),
                         "open the .docx in LibreOffice to see what it objects to")


def from_docx(docx: bytes, where: Path) -> bytes:
    """One Word file's bytes as PDF bytes; `where` (the output) locates any error."""
    require(where)
    with tempfile.TemporaryDirectory(prefix="ordgen-pdf-") as tmp:
        source = Path(tmp) / "draft.docx"
        source.write_bytes(docx)
        convert([source], Path(tmp), where)
        result = Path(tmp) / "draft.pdf"
        if not result.is_file():
            raise file_error(where, "pdf-failed", "LibreOffice wrote no PDF",
                             "open the .docx in LibreOffice to see what it objects to")
        return result.read_bytes()


def convert_each(sources: Sequence[Path], where: Path) -> dict[Path, bytes | Diagnostic]:
    """Each Word file's PDF bytes, all made by one LibreOffice process; for a file it could
    not convert (or when LibreOffice fails as a whole), the problem instead."""
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="ordgen-pdf-") as tmp:
        try:
            convert(sources, Path(tmp), where)
        except OrdgenError as exc:
            return dict.fromkeys(sources, exc.diagnostics[0])
        found: dict[Path, bytes | Diagnostic] = {}
        for source in sources:
            made = Path(tmp) / f"{source.stem}.pdf"
            found[source] = made.read_bytes() if made.is_file() else file_diagnostic(
                where / made.name, "pdf-failed", "LibreOffice wrote no PDF for this draft",
                "build it alone with `ordgen build -o draft.docx` and open that in LibreOffice")
        return found
