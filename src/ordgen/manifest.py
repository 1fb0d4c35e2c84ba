"""The batch manifest: what each output in a folder was built from, so a rerun skips what
is up to date. Shards may share a folder: the manifest is read, merged and written under a
lock on the folder, so no shard loses another's entries. A folder restored from a shared
cache may hold anything under the manifest's name: what cannot be read is ignored."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import output
from .diagnostics import OrdgenError
from .jurisdictions import Row
from .library import Library
from .source import read_bytes
from .version import __version__

if sys.platform != "win32":
    import fcntl

MANIFEST = ".ordgen-batch.json"
MAX_READ = 256 * 1024 * 1024  # bytes of a manifest, template or earlier output read back


def salt(recipe_text: str, library: Library, template: Path | None) -> str:
    """Everything but the row (and the format, which the file name gives) an output depends on."""
    digest = hashlib.sha256()
    for part in (__version__, recipe_text, library.fingerprint):
        digest.update(part.encode() + b"\0")
    if template is not None:  # a missing or unsafe template is refused here, located
        digest.update(read_bytes(template, limit=MAX_READ, kind="Word", suffix=".docx"))
    return digest.hexdigest()


def row_key(salt: str, row: Row) -> str:
    """What names one row's outputs: the salt and the row's own values."""
    data = json.dumps([row.jurisdiction, row.params, row.recipe], sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(f"{salt}\0{data}".encode()).hexdigest()


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Output file name -> {key, sha256, jurisdiction, laws}; empty when missing or unreadable
    (a folder restored from a shared cache may hold anything under that name)."""
    try:
        data = json.loads(read_bytes(folder / MANIFEST, limit=MAX_READ, kind="JSON",
                                     suffix=".json"))
        entries = data.get("outputs", {})
        return {k: v for k, v in entries.items() if isinstance(v, dict)}
    except (OrdgenError, ValueError, AttributeError):
        return {}


def fresh(manifest: dict[str, dict[str, Any]], path: Path, key: str) -> bool:
    """Whether the output at `path` is the one the manifest says `key` built."""
    entry = manifest.get(path.name)
    if not entry or entry.get("key") != key:
        return False
    try:  # only a regular file is read back: never a FIFO or a device left in its place
        data = read_bytes(path, limit=MAX_READ, kind="output", suffix=path.suffix)
    except OrdgenError:
        return False
    return hashlib.sha256(data).hexdigest() == entry.get("sha256")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: shards that share it update the manifest one at a time."""
    if sys.platform == "win32":
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


def write_manifest(folder: Path, changes: dict[str, dict[str, Any] | None]) -> None:
    """Merge `changes` (None removes an entry) into the manifest on disk, atomically, under
    the folder's lock, so that shards writing the same folder lose no entry."""
    if not changes:
        return
    with _locked(folder):
        entries = read_manifest(folder)  # reread: another shard may share the folder
        for name, entry in changes.items():
            if entry is None:
                entries.pop(name, None)
            else:
                entries[name] = entry
        data = {"generator": f"ordgen {__version__}", "outputs": dict(sorted(entries.items()))}
        output.write_atomic(folder / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())
