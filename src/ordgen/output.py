"""Writing outputs: the format a file name asks for, whether it can be written, and one
transaction per command, so that a failure leaves every existing file as it was.

Every output of a command is rendered first, then written to a private temporary file
beside its target, and only when all of them are written are they renamed into place. An
output that is also one of the command's inputs is refused before any work.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import OrdgenError, display_path, file_diagnostic, file_error

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf"}
TEMP_PREFIX = ".ordgen-"  # temporary files start so, to be recognised and cleaned


def output_format(path: Path) -> str:
    """The format a file name asks for, from its suffix."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        names = ", ".join(sorted(set(FORMATS)))
        raise file_error(path, "unknown-format",
                         f"cannot tell the output format from '{path.suffix}'",
                         f"name the output with one of: {names}")
    return fmt


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def check_writable(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if path.is_dir():
        raise file_error(path, "output-is-folder", "output path is a folder", "give a file name")
    parent = _folder(path)
    if not parent.is_dir():
        raise file_error(path, "no-output-folder",
                         f"folder '{display_path(parent)}' does not exist",
                         "create it first or write elsewhere")
    # try it: permission bits do not bind root, and read-only file systems ignore them
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
        writable = not path.exists() or os.access(path, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        raise file_error(path, "output-not-writable", "cannot write here (permission denied)",
                         "choose a folder you can write to")


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse an output that would overwrite one of the command's inputs."""
    read = {}
    for path in inputs:
        try:
            read[os.path.realpath(path)] = path
        except (OSError, ValueError):
            continue
    found = [file_diagnostic(out, "output-is-input",
                             f"the output would overwrite the input "
                             f"'{display_path(read[os.path.realpath(out)])}'",
                             "write the output to another file")
             for out in outputs if os.path.realpath(out) in read]
    if found:
        raise OrdgenError(found)


def prepare(outputs: list[Path], inputs: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Check every output before any work: its format, that it can be written, and that it
    is none of the inputs. Returns (path, format) pairs."""
    for path in outputs:
        check_writable(path)
    formats = [(path, output_format(path)) for path in outputs]
    refuse_inputs(outputs, inputs)
    for path, fmt in formats:
        if fmt == "pdf":  # LibreOffice makes the PDF: say so before any work if it is missing
            from .render import pdf

            pdf.require(path)
    return formats


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file whole or none of them: all are written to temporary files first,
    then renamed into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp",
                                       dir=_folder(path))
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        failed = staged[-1][1] if staged else files[0][0]
        raise file_error(failed, "write-failed", f"cannot write output: {exc.strerror or exc}",
                         "check the folder's permissions and free space; no output was "
                         "changed") from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file whole or not at all."""
    write_all([(path, data)])
