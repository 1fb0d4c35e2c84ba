"""An on-disk cache keyed by content, so unchanged files are not parsed again.

Entries are written with marshal (plain data and code objects only) under
`~/.cache/ordgen` (or $ORDGEN_CACHE_DIR, or $XDG_CACHE_HOME/ordgen), keyed by a hash of
the content and of the ordgen and Python versions. Only inputs that passed every check
are stored. `ORDGEN_NO_CACHE=1` turns the cache off; a cache that cannot be read or
written only makes ordgen slower.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__


def folder() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("ORDGEN_NO_CACHE"):
        return None
    base = os.environ.get("ORDGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "ordgen")
    return Path(base)


def key(*parts: str) -> str:
    """A cache key for content, tied to this ordgen and Python."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _path(kind: str, name: str) -> Path | None:
    base = folder()
    return base / kind / name[:2] / f"{name}.bin" if base else None


def load(kind: str, name: str) -> tuple[Any] | None:
    """The stored value wrapped in a 1-tuple, or None on a miss."""
    path = _path(kind, name)
    if path is None:
        return None
    try:
        value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if isinstance(value, tuple) and len(value) == 1 else None


def store(kind: str, name: str, value: Any) -> None:
    """Store a value that marshal can write; anything else is silently not cached."""
    path = _path(kind, name)
    if path is None:
        return
    try:
        data = marshal.dumps((value,))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
