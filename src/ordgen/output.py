"""Writing outputs: the format a file name asks for, whether it can be written, and one
transaction per command, so that a failure leaves every existing file as it was.

Every output of a command is rendered first, then written to a private temporary file
beside its target (an unpredictable name, created with O_EXCL, so a planted file or link
is never written through), and only when all of them are written are they renamed into
place. An output that is also one of the command's inputs, by name, link or hard link, is
refused before any work. A temporary file stays locked while it is live; one that a killed
run left behind is unlocked, and the next run in that folder removes it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import OrdgenError, display_path, file_diagnostic, file_error

if sys.platform != "win32":
    import fcntl

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf",
           ".html": "html", ".htm": "html"}
TEMP_PREFIX = ".ordgen-"  # temporary files are named .ordgen-*.tmp, to be recognised
TEMP_SUFFIX = ".tmp"
# a temporary file no process holds locked is a killed run's once it is this old (the
# moment between creating a file and locking it is far shorter); without locks, an hour
GRACE = 2.0 if sys.platform != "win32" else 3600.0
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


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
    try:
        is_dir = path.is_dir()
        parent = _folder(path)
        parent_ok = parent.is_dir()
    except OSError as exc:  # a name longer than the file system allows, say
        raise file_error(path, "output-not-writable",
                         f"cannot write here: {exc.strerror or exc}",
                         "choose a shorter name or another folder") from None
    if is_dir:
        raise file_error(path, "output-is-folder", "output path is a folder", "give a file name")
    if not parent_ok:
        raise file_error(path, "no-output-folder",
                         f"folder '{display_path(parent)}' does not exist",
                         "create it first or write elsewhere")
    # try it: permission bits do not bind root, and read-only file systems ignore them
    reason = "permission denied"
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}probe-", suffix=TEMP_SUFFIX,
                                     dir=parent)
        os.close(fd)
        os.unlink(probe)
        writable = not path.exists() or os.access(path, os.W_OK)
        if len(os.fsencode(path.name)) > 255:
            writable, reason = False, "the file name is longer than 255 bytes"
    except OSError as exc:
        writable = False
        if exc.errno not in (None, 1, 13, 30):  # EPERM, EACCES, EROFS read as denied
            reason = str(exc.strerror or exc)
    if not writable:
        raise file_error(path, "output-not-writable", f"cannot write here ({reason})",
                         "choose a folder you can write to, and a name it can hold")


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    """A path's real location, and the file it names (device and inode) when it exists."""
    try:
        info = os.stat(path)
        inode = (info.st_dev, info.st_ino)
    except (OSError, ValueError):
        inode = None
    return os.path.realpath(path), inode


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse an output that would overwrite one of the command's inputs, whether named
    the same, through a symbolic link, or as a hard link to the same file."""
    by_name: dict[str, Path] = {}
    by_inode: dict[tuple[int, int], Path] = {}
    for path in inputs:
        try:
            real, inode = _identity(path)
        except (OSError, ValueError):
            continue
        by_name[real] = path
        if inode is not None:
            by_inode[inode] = path
    found = []
    for out in outputs:
        real, inode = _identity(out)
        same = by_name.get(real) or (by_inode.get(inode) if inode is not None else None)
        if same is not None:
            found.append(file_diagnostic(out, "output-is-input",
                                         f"the output would overwrite the input "
                                         f"'{display_path(same)}'",
                                         "write the output to another file"))
    if found:
        raise OrdgenError(found)


def prepare(outputs: list[Path], inputs: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Check every output before any work: its format, that it can be written, and that it
    is none of the inputs. Temporary files a killed run left beside them are removed.
    Returns (path, format) pairs."""
    for path in outputs:
        check_writable(path)
    formats = [(path, output_format(path)) for path in outputs]
    refuse_inputs(outputs, inputs)
    for folder in dict.fromkeys(_folder(path) for path in outputs):
        clean_stale(folder)
    for path, fmt in formats:
        if fmt == "pdf":  # LibreOffice makes the PDF: say so before any work if it is missing
            from .render import pdf

            pdf.require(path)
    return formats


def _lock(fd: int, *, wait: bool) -> bool:
    """Lock an open file for this process (released when it closes the file, or dies);
    False when another holds it and `wait` is not set."""
    if sys.platform == "win32":
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def clean_stale(folder: Path) -> None:
    """Remove the temporary files (.ordgen-*.tmp) of ours that a killed run left in
    `folder`: those that no live process holds locked."""
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries
                     if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
            if (not stat.S_ISREG(info.st_mode) or now - info.st_mtime < GRACE
                    or uid is not None and info.st_uid != uid):
                continue
            fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK)
        except OSError:
            continue
        try:
            if _lock(fd, wait=False) and os.path.samestat(os.fstat(fd), os.lstat(path)):
                os.unlink(path)
        except OSError:
            pass
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_failed(path: Path, exc: OSError) -> OrdgenError:
    """The error of an output that could not be written, after nothing was changed."""
    return file_error(path, "write-failed", f"cannot write output: {exc.strerror or exc}",
                      "check the folder's permissions and free space; no output was changed")


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file whole or none of them: all are written to temporary files first,
    then renamed into place."""
    staged: list[tuple[int, str, Path]] = []
    failed = files[0][0] if files else Path(".")
    mode = 0o666 & ~_umask()
    try:
        for path, data in files:
            failed = path
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX,
                                       dir=_folder(path))
            staged.append((fd, tmp, path))
            _lock(fd, wait=True)  # held until it is renamed: a live file, not a leftover
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # through the open file: never a path swapped meanwhile
        for _, tmp, path in staged:
            failed = path
            os.replace(tmp, path)
    except OSError as exc:
        raise write_failed(failed, exc) from None
    finally:
        for fd, tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # gone already when it was renamed into place
            os.close(fd)


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
        raise write_failed(path, exc) from None
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
