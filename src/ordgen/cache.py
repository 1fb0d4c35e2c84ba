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
from typing import Any

from .version import __version__


def folder() -> str | None:
    """The cache folder, or None when caching is off."""
    env = os.environ
    if env.get("ORDGEN_NO_CACHE"):
        return None
    return env.get("ORDGEN_CACHE_DIR") or os.path.join(
        env.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "ordgen")


# every key starts from the ordgen and Python versions
_BASE = hashlib.sha256(f"{__version__}\0{sys.version}".encode())


def key(*parts: str) -> str:
    """A cache key for content, tied to this ordgen and Python."""
    digest = _BASE.copy()
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _path(kind: str, name: str) -> str | None:
    # plain strings, not pathlib: a build looks up a hundred entries
    base = folder()
    return os.path.join(base, kind, name[:2], name + ".bin") if base else None


def load(kind: str, name: str) -> tuple[Any] | None:
    """The stored value wrapped in a 1-tuple, or None on a miss."""
    path = _path(kind, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            value = marshal.loads(fh.read())
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
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
