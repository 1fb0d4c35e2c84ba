"""Keep a clause library to its folder: the folder must be a library's, not the root of the
file system, a home folder or a system folder, and only regular files inside it are read
(no link out of it, no FIFO, socket or device, which could block), up to a number of files
and bytes no library comes near.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import Diagnostic, display_path, file_diagnostic, file_error

MAX_CLAUSE_FILES = 20_000
MAX_ENTRIES = 200_000  # files and folders looked at in one layer, YAML or not
MAX_LIBRARY_BYTES = 200_000_000  # YAML read from one layer
# folders of the system that hold everything but a clause library
SYSTEM_FOLDERS = frozenset({"bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64",
                            "media", "mnt", "opt", "private", "proc", "root", "run", "sbin",
                            "srv", "sys", "tmp", "usr", "var", "Applications", "Library",
                            "System", "Users", "Volumes"})


def check_root(root: Path) -> None:
    """Refuse a library path that is not a folder, or that is a folder holding far more
    than a library: the root of the file system, the home folder or one above it, or a
    folder of the system such as /usr or /tmp."""
    hint = "give the folder that holds categories.yaml and the clause folders"
    try:
        if not root.is_dir():
            if not root.exists():
                raise file_error(root, "no-library", "library folder does not exist", hint)
            raise file_error(root, "no-library", "library path is not a folder", hint)
        real = Path(os.path.realpath(root))
        home = Path(os.path.realpath(os.path.expanduser("~")))
    except (OSError, ValueError) as exc:
        raise file_error(root, "no-library", f"cannot read the library folder: {exc}",
                         hint) from None
    if real == real.parent:
        what = "the root of the file system"
    elif real == home or real in home.parents:
        what = "the home folder" if real == home else "a folder that holds home folders"
    elif real.parent == real.parent.parent and real.name in SYSTEM_FOLDERS:
        what = f"the system folder {real}"
    else:
        return
    raise file_error(root, "library-too-broad", f"the library folder is {what}",
                     "give the clause library's own folder, such as clauses/")


def clause_files(root: Path, found: list[Diagnostic], meta: Iterable[str] = ()) -> list[Path]:
    """Clause files below `root` (but the `meta` files at its top), sorted: regular files
    inside the library only.

    Links to folders are not followed; a link to a file is read only when the file lies
    inside the library, and a FIFO, socket or device is never opened. A layer is refused
    outright when it holds more files, or more YAML, than any library could."""
    files: list[Path] = []
    inside = os.path.realpath(root)
    seen = size = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                onerror=lambda e: found.append(_walk_error(e))):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        seen += len(dirnames) + len(filenames)
        if seen > MAX_ENTRIES:
            raise file_error(root, "too-many-files",
                             f"more than {MAX_ENTRIES:,} files and folders in the library",
                             "check that this is a clause library folder")
        here = Path(dirpath)
        for name in sorted(filenames):
            if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            if here == root and name in meta:
                continue
            path = here / name
            problem = outside_or_special(inside, path)
            if problem is not None:
                found.append(problem)
                continue
            files.append(path)
            with contextlib.suppress(OSError):  # reported when the file is read
                size += os.stat(path).st_size
            if len(files) > MAX_CLAUSE_FILES or size > MAX_LIBRARY_BYTES:
                what = (f"more than {MAX_CLAUSE_FILES:,} YAML files" if len(files) >
                        MAX_CLAUSE_FILES else f"more than {MAX_LIBRARY_BYTES:,} bytes of YAML")
                raise file_error(root, "too-many-files", f"{what} in the library",
                                 "check that this is a clause library folder")
    return files


def outside_or_special(inside: str, path: Path) -> Diagnostic | None:
    """Why a file of a library (whose real folder is `inside`) may not be read: a link
    that points nowhere or out of the library, or something other than a regular file.
    None when it may."""
    try:
        if os.path.islink(path):
            target = os.path.realpath(path)
            if not os.path.exists(target):
                return file_diagnostic(path, "broken-link",
                                       "symbolic link points nowhere (or loops)",
                                       "remove the link or point it at a clause file")
            if os.path.commonpath([inside, target]) != inside:
                return file_diagnostic(path, "link-outside-library",
                                       f"symbolic link points outside the library, to "
                                       f"{display_path(target)}",
                                       "copy the file into the library instead of linking it")
        mode = os.stat(path).st_mode
    except (OSError, ValueError) as exc:
        return file_diagnostic(path, "unreadable", f"cannot read file: {exc}",
                               "check its permissions")
    if stat.S_ISREG(mode):
        return None
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a folder" if stat.S_ISDIR(mode) else "a device")
    return file_diagnostic(path, "not-a-regular-file", f"is {what}, not a regular file",
                           "a library holds only regular YAML files; remove it")


def _walk_error(exc: OSError) -> Diagnostic:
    return file_diagnostic(exc.filename or ".", "unreadable",
                      f"cannot read folder: {exc.strerror}", "check its permissions")
