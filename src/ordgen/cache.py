"""An on-disk cache keyed by content, so unchanged files are not parsed again.

A cache folder may be shared, or restored in CI from a cache anyone could have written, so
it holds data only: plain mappings, lists, text and numbers, written as msgpack, never
pickles, marshal data or code. Each entry is signed with an HMAC whose key is the user's
own secret, kept outside the cache (`~/.config/ordgen/cache-key`, created 0600, or
$ORDGEN_CACHE_KEY), so an entry written by anyone else, changed, cut short or copied under
another name is a miss. ordgen uses a folder (`~/.cache/ordgen`, $ORDGEN_CACHE_DIR or
$XDG_CACHE_HOME/ordgen) only when it belongs to the user and no one else may write to it,
creates entries under unpredictable names with O_EXCL, and replaces them by renaming, which
never follows a link. Entries are opened without following a link and without blocking,
and only regular files of bounded size are read. `ORDGEN_NO_CACHE=1` turns the cache off;
a cache that cannot be used only makes ordgen slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import sys
import tempfile
import time
from typing import Any

import msgspec

from .version import __version__

FORMAT = 2  # of the entries and of what they hold: a change here orphans older entries
MAX_ENTRY = 64 * 1024 * 1024  # bytes; a parsed 50 MB jurisdictions list fits
STALE = 3600  # seconds after which a temporary file a killed run left is removed
_MAGIC = b"ordgen-cache\n"
_DIGEST = 32  # bytes of HMAC-SHA256
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

# every key starts from the ordgen and Python versions and the entry format
_BASE = hashlib.sha256(f"{__version__}\0{sys.version}\0{FORMAT}".encode())
_checked: dict[tuple[str | None, ...], tuple[str, bytes] | None] = {}
_folders: set[str] = set()  # subfolders already found to be real folders of our own


def key(*parts: str) -> str:
    """A cache key for content, tied to this ordgen and Python."""
    digest = _BASE.copy()
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def folder() -> str | None:
    """The cache folder, or None when caching is off or the folder cannot be trusted."""
    found = _state()
    return found[0] if found else None


def _state() -> tuple[str, bytes] | None:
    """(folder, secret), checked once per process for each setting of the environment."""
    env = os.environ
    if env.get("ORDGEN_NO_CACHE"):
        return None
    settings = (env.get("ORDGEN_CACHE_DIR"), env.get("XDG_CACHE_HOME"),
                env.get("ORDGEN_CACHE_KEY"), env.get("XDG_CONFIG_HOME"), env.get("HOME"))
    if settings not in _checked:
        # a folder the user named is theirs to share, and is refused when others may
        # write to it; the default one is ordgen's own, made private if an older
        # version left it group-writable
        base = settings[0] or os.path.join(settings[1] or os.path.expanduser("~/.cache"),
                                           "ordgen")
        secret = _secret()
        trusted = secret and _own_folder(base, create=True, tighten=not settings[0])
        _checked[settings] = (base, secret) if secret and trusted else None
    return _checked[settings]


def _own_folder(path: str, *, create: bool = False, link_ok: bool = True,
                tighten: bool = False) -> bool:
    """Whether `path` is a folder of this user's that no one else may write to (creating
    it, private, when asked; taking the write bits of others away, when told to)."""
    if create:
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
        except OSError:
            return False
    try:
        info = os.stat(path) if link_ok else os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if os.name != "posix":  # no owners or mode bits to check
        return True
    if info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        if not tighten:
            return False
        try:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o022)
        except OSError:
            return False
    return True


def key_file() -> str:
    """Where the user's cache secret is kept: outside the cache, in the config folder."""
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return os.path.join(config, "ordgen", "cache-key")


def _secret() -> bytes | None:
    """The key entries are signed with: $ORDGEN_CACHE_KEY, else the user's key file,
    created with 32 random bytes when missing; None when neither can be had safely."""
    given = os.environ.get("ORDGEN_CACHE_KEY")
    if given:
        return given.encode("utf-8", "surrogatepass")
    path = key_file()
    found = _read_key(path)
    if found is not None:
        return found
    folder = os.path.dirname(path)
    if not _own_folder(folder, create=True):
        return None
    try:  # written whole under a private name, then linked into place: the first one wins
        fd, tmp = tempfile.mkstemp(prefix=".cache-key-", dir=folder)
        try:
            os.write(fd, os.urandom(32).hex().encode() + b"\n")
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    except OSError:
        return None
    return _read_key(path)


def _read_key(path: str) -> bytes | None:
    """The key file's content, when it is a regular file of the user's that only they
    can read and write."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 16 <= info.st_size <= 4096:
            return None
        if os.name == "posix" and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            return None
        data = os.read(fd, 4096).strip()
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) >= 16 else None


def _path(base: str, kind: str, name: str) -> str:
    # plain strings, not pathlib: a build looks up a hundred entries
    return os.path.join(base, kind, name[:2], name + ".bin")


def _signature(secret: bytes, kind: str, name: str, payload: bytes) -> bytes:
    # the kind and name are signed too: an entry copied under another name is a miss
    return hmac.digest(secret, f"{kind}\0{name}\0".encode() + payload, "sha256")


def load(kind: str, name: str) -> tuple[Any] | None:
    """The stored value wrapped in a 1-tuple, or None on a miss: no entry, or one that is
    not a regular file, too large, unsigned, tampered with or undecodable."""
    found = _state()
    if found is None:
        return None
    base, secret = found
    try:
        fd = os.open(_path(base, kind, name), os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK
                     | _O_BINARY)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        data = _read_all(fd, info.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    if not hmac.compare_digest(data[len(_MAGIC):head],
                               _signature(secret, kind, name, payload)):
        return None
    try:
        return (msgspec.msgpack.decode(payload),)
    except (msgspec.DecodeError, ValueError, TypeError, RecursionError):
        return None


def _read_all(fd: int, size: int) -> bytes:
    chunks, total = [], 0
    while total <= size:
        chunk = os.read(fd, size + 1 - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def store(kind: str, name: str, value: Any) -> None:
    """Store plain data (mappings with text keys, lists, text, numbers, booleans, None);
    anything else, or anything that cannot be written, is silently not cached."""
    found = _state()
    if found is None or not plain(value):
        return
    base, secret = found
    try:
        payload = msgspec.msgpack.encode(value)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return
    if len(payload) + len(_MAGIC) + _DIGEST > MAX_ENTRY:
        return
    target = _path(base, kind, name)
    folder = os.path.dirname(target)
    if not _private_folders(base, folder):
        return
    try:
        # an unpredictable name created with O_EXCL, mode 0600: a planted file or link
        # can neither be written through nor guessed
        fd, tmp = tempfile.mkstemp(prefix=".ordgen-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + _signature(secret, kind, name, payload) + payload)
        os.replace(tmp, target)  # renames over a link, never through it
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _private_folders(base: str, folder: str) -> bool:
    """Create the folders between the cache folder and `folder`, and check that each is a
    real folder of ours (not a link a restored cache planted), cleaning stale temporary
    files from each the first time it is used in this process."""
    if folder in _folders:
        return True
    path = base
    for part in os.path.relpath(folder, base).split(os.sep):
        path = os.path.join(path, part)
        if path in _folders:
            continue
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
        # inside a folder of our own, a subfolder of ours that an older version left
        # group-writable is made private; one that is a link, or another's, is refused
        if not _own_folder(path, link_ok=False, tighten=True):
            return False
        _folders.add(path)
    _clean(folder)
    return True


def _clean(folder: str) -> None:
    """Remove temporary files that a run killed while writing an entry left behind."""
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".ordgen-") and entry.name.endswith(".tmp"):
                    try:
                        info = entry.stat(follow_symlinks=False)
                        if now - info.st_mtime > STALE:
                            os.unlink(entry.path)
                    except OSError:
                        continue
    except OSError:
        pass


def plain(value: Any) -> bool:
    """Whether a value is plain data, which msgpack gives back as it was: mappings with
    text keys, lists, text, whole numbers that fit 64 bits, decimals, booleans and None.
    A date, say, would come back as text."""
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, bool | str | float):
            continue
        if isinstance(item, int):
            if not -(2**63) <= item < 2**64:
                return False
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(item.values())
        else:
            return False
    return True
