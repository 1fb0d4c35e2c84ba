"""Writing outputs: the format a file name asks for, whether it can be written, and one
transaction per command, so that a failure leaves every existing file as it was.

Every output of a command is rendered first, then written to a private temporary file
beside its target, and only when all of them are written are they renamed into place. An
output that is also one of the command's inputs is refused before any work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import OrdgenError, display_path, file_diagnostic, file_error

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".html": "html",
           ".htm": "html"}
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


def check_folder(path: Path, marker: str, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, an output folder that cannot be written or must not be
    replaced: one that holds other files (no `marker` file from an earlier build), or holds
    one of the command's inputs."""
    path = Path(os.path.abspath(path))
    if path.exists() and not path.is_dir():
        raise file_error(path, "output-not-folder", "the output is a file, not a folder",
                         "give a folder for the site")
    if path.is_dir() and any(path.iterdir()) and not (path / marker).is_file():
        raise file_error(path, "output-not-empty",
                         "the folder holds files that an earlier `ordgen site` did not write",
                         "give a new or empty folder; a folder `ordgen site` wrote is replaced")
    inside = [p for p in inputs if _within(p, path)]
    if inside:
        raise file_error(path, "output-is-input", "replacing this folder would delete the "
                         f"input '{display_path(inside[0])}'",
                         "write the site to a folder outside the library and recipes")
    # the new folder is written beside the old one, then renamed into its place
    check_writable(path.with_name(f"{TEMP_PREFIX}{path.name}"))


def _within(inner: Path, outer: Path) -> bool:
    try:
        Path(os.path.realpath(inner)).relative_to(os.path.realpath(outer))
    except ValueError:
        return False
    return True


def write_folder(path: Path, files: dict[str, bytes]) -> None:
    """Write a folder whole or not at all: every file goes into a new folder beside it, which
    then takes the place of the old one. `files` maps relative paths to bytes."""
    path = Path(os.path.abspath(path))
    stage = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=_folder(path)))
    old = stage.with_name(stage.name.replace(f"{TEMP_PREFIX}", f"{TEMP_PREFIX}old-", 1))
    try:
        os.chmod(stage, 0o755)
        for rel, data in files.items():
            target = stage.joinpath(*rel.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o644)
        if path.exists():
            os.replace(path, old)
            try:
                os.replace(stage, path)
            except OSError:
                os.replace(old, path)  # put the earlier site back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(stage, path)
    except OSError as exc:
        raise file_error(path, "write-failed", f"cannot write output: {exc.strerror or exc}",
                         "check the folder's permissions and free space; no output was "
                         "changed") from None
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
