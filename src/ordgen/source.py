"""Read one YAML file as untrusted input: plain data out, positions on demand.

Files are parsed with ruamel.yaml's C-backed safe loader, which builds only
plain dicts, lists and scalars. The slower round-trip parser runs only when a
diagnostic needs a line and column.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from . import cache
from .diagnostics import Diagnostic, OrdgenError, display_path, file_error

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 100_000
MAX_REPORTED = 20  # control characters reported from one file

Loc = Sequence[str | int]

# C0 controls other than tab, newline and carriage return, DEL, the C1 controls, the
# private-use range ordgen reserves for its own markers in rendered text, and the two
# non-characters: none can be written in a Word file, and controls would reach a terminal.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\ue0ff\ufffe\uffff]")
# The same in a parsed value, which YAML escapes ("\x0b", "\uFFFF", "\ud800") can put
# there though the file's own characters are clean; a carriage return too, as YAML turns
# the line breaks of a file into newlines and only an escape can leave one.
_FORBIDDEN_VALUE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\ue0ff\ufffe\uffff]")
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Source(Struct):
    """A parsed YAML file: its plain data, with positions found lazily."""

    path: Path
    text: str
    data: Any
    _tree: Any = None  # the round-trip parse, made when a diagnostic needs a position

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at `loc`, or its nearest parent."""
        if self._tree is None:
            from ruamel.yaml import YAML

            try:
                self._tree = YAML(typ="rt").load(self.text)
            except Exception:  # the safe parse succeeded; fall back to the file start
                self._tree = {}
        node: Any = self._tree
        line, col = 0, 0
        lc = getattr(node, "lc", None)
        if lc is not None:
            line, col = lc.line, lc.col
        for i, part in enumerate(loc):
            lc = getattr(node, "lc", None)
            last = i == len(loc) - 1
            try:
                if isinstance(node, dict) and part in node and lc is not None:
                    pos = lc.key(part) if (key and last) else lc.value(part)
                    node = node[part]
                elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                    pos = lc.item(part) if lc is not None else None
                    node = node[part]
                else:
                    break
            except (AttributeError, KeyError, IndexError, TypeError):
                break
            if pos is not None:
                line, col = pos[0], pos[1]
        return line + 1, col + 1

    def item_lines(self) -> list[int]:
        """The line (1-based) on which each item of the top-level list starts.

        Read from the C parser's events, which costs a small part of the round-trip parse
        that `locate` makes: a list of 40,000 jurisdictions is read in a second, not minutes.
        """
        try:
            from ruamel.yaml import cyaml
        except ImportError:  # no C extension: the slow way
            return [self.locate((i,))[0] for i in range(len(self.data))]
        from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, StreamEndEvent

        parser = cyaml.CParser(self.text)  # type: ignore[attr-defined]
        lines: list[int] = []
        depth = 0
        try:
            while not isinstance(event := parser.get_event(), StreamEndEvent):
                if isinstance(event, CollectionStartEvent):
                    if depth == 1:
                        lines.append(event.start_mark.line + 1)
                    depth += 1
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
                elif depth == 1:  # a scalar item
                    lines.append(event.start_mark.line + 1)
        finally:
            parser.dispose()
        return lines

    def block_offset(self, loc: Loc) -> int:
        """Lines between the located scalar's position and its first text line."""
        from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

        self.locate(loc)
        node: Any = self._tree
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return 0
        return 1 if isinstance(node, LiteralScalarString | FoldedScalarString) else 0

    def diag(
        self,
        loc: Loc,
        code: str,
        message: str,
        hint: str = "",
        *,
        severity: str = "error",
        key: bool = False,
        line_offset: int = 0,
    ) -> Diagnostic:
        """A diagnostic located at `loc` in this file."""
        line, col = self.locate(loc, key=key) if loc else (1, 1)
        if line_offset:
            line, col = line + line_offset, 1
        return Diagnostic(self.shown, line, col, severity, code, message, hint)  # type: ignore[arg-type]


def read_bytes(path: Path, *, limit: int = MAX_BYTES, kind: str = "YAML",
               suffix: str = ".yaml") -> bytes:
    """A regular file's bytes, refusing what is missing, too big, a folder, or a FIFO,
    device or socket, none of which is ever opened, so nothing can block."""
    try:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                raise file_error(path, "broken-link", "symbolic link points nowhere",
                                 "remove the link or point it at a file") from None
            raise file_error(path, "no-file", "file does not exist",
                             "check the path; it is relative to the current folder") from None
        _check_kind(path, info.st_mode, kind, suffix)
        _check_size(path, info.st_size, limit, kind)
        # O_NONBLOCK: should the file be swapped for a FIFO after the stat, opening it
        # still returns at once, and fstat below refuses it
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_NOCTTY | _O_CLOEXEC)
        try:
            info = os.fstat(fd)
            _check_kind(path, info.st_mode, kind, suffix)
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        reason = "symbolic links loop" if exc.errno == errno.ELOOP else exc.strerror or exc
        raise file_error(path, "unreadable", f"cannot read file: {reason}",
                         "check that the path exists and is readable") from None
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise file_error(path, "file-too-large",
                         f"file is larger than {limit:,} bytes", "split the file")
    return raw


def _check_kind(path: Path, mode: int, kind: str, suffix: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise file_error(path, "not-a-file", f"is a folder, not a {kind} file",
                         f"give the path of a {suffix} file")
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    raise file_error(path, "not-a-regular-file", f"is {what}, not a regular file",
                     f"ordgen reads only regular files; give the path of a {suffix} file")


def _check_size(path: Path, size: int, limit: int, kind: str) -> None:
    if size > limit:
        raise file_error(
            path, "file-too-large",
            f"file is {size:,} bytes; ordgen reads {kind} files of at most {limit:,} bytes",
            "split the file, or check that this is the file you meant")


def read_text(path: Path, *, limit: int = MAX_BYTES, kind: str = "YAML",
              suffix: str = ".yaml") -> str:
    """Read a small UTF-8 text file, refusing what is missing, too big, binary, a folder,
    or not a regular file."""
    raw = read_bytes(path, limit=limit, kind=kind, suffix=suffix)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise file_error(path, "not-utf8",
                         f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                         "save the file as UTF-8 text", line, col) from None
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise file_error(path, "control-character",
                         f"character U+{ord(bad.group()):04X} is not allowed in a {kind} file",
                         "remove it; this may be a binary file", line, col)
    return text


def load(path: Path, *, limit: int = MAX_BYTES) -> Source:
    """Parse one YAML file safely; raise OrdgenError with a located diagnostic on failure."""
    text = read_text(path, limit=limit)
    return parse(path, text)


@lru_cache(maxsize=1)
def _safe_loader() -> Any:
    """One C-backed safe loader for the process: it builds only plain data."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def parse(path: Path, text: str) -> Source:
    """Parse YAML text that was read from `path` (or take it from the cache)."""
    name = cache.key("yaml", text)
    hit = cache.load("yaml", name)
    if hit is not None:
        return Source(path, text, hit[0])
    source = Source(path, text, _load_yaml(path, text))
    _check_shape(source)
    cache.store("yaml", name, source.data)  # plain data only; dates and the like are not cached
    return source


def _load_yaml(path: Path, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _safe_loader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message, hint = _yaml_message(exc)
        raise file_error(path, "yaml-syntax", message, hint, line, col) from None
    except RecursionError:
        raise file_error(path, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels",
                         "flatten the structure") from None
    except (YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise file_error(path, "yaml-syntax", f"not valid YAML: {exc}",
                         "check the file's syntax") from None


def _yaml_message(exc: Any) -> tuple[str, str]:
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    name = type(exc).__name__
    if "DuplicateKey" in name:
        return problem, "each key may appear only once in a mapping; remove or rename one"
    if "\\t" in problem or "tab" in problem.lower():
        return problem, "indent with spaces, never tabs"
    if "cannot start any token" in problem:
        return problem, "indent with spaces (never tabs), and quote text that starts with @, ` or %"
    return problem, "check indentation and quoting near this position"


def _check_shape(source: Source) -> None:
    """Refuse aliases (shared nodes), excessive nesting and size, keys that are not text,
    and control characters in any key or value."""
    seen: set[int] = set()
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(source.data, 0, ())]
    nodes = 0
    bad: list[tuple[tuple[str | int, ...], str, bool]] = []  # control characters: all at once
    while stack:
        node, depth, loc = stack.pop()
        if isinstance(node, str):
            if _FORBIDDEN_VALUE.search(node):
                bad.append((loc, node, False))
            continue
        if not isinstance(node, dict | list):
            continue
        nodes += 1
        if id(node) in seen:
            raise OrdgenError([source.diag(loc, "yaml-alias",
                                           "YAML anchors and aliases are not allowed",
                                           "write the value out in full")])
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise OrdgenError([source.diag((), "too-deep",
                                           f"nesting is deeper than {MAX_DEPTH} levels",
                                           "flatten the structure")])
        if nodes > MAX_NODES:
            raise OrdgenError([source.diag((), "too-large",
                                           f"more than {MAX_NODES:,} values in one file",
                                           "split the file")])
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in items:
            if isinstance(node, dict):
                if not isinstance(k, str):
                    raise OrdgenError([source.diag(loc, "bad-key",
                                                   f"mapping key {k!r} is not text",
                                                   "write keys as plain words")])
                if _FORBIDDEN_VALUE.search(k):
                    bad.append(((*loc, k), k, True))
            stack.append((v, depth + 1, (*loc, k)))
    if bad:
        raise OrdgenError([_control_character(source, *b) for b in bad[:MAX_REPORTED]])


def _control_character(source: Source, loc: tuple[str | int, ...], text: str, key: bool
                       ) -> Diagnostic:
    found = _FORBIDDEN_VALUE.search(text)
    char = ord(found.group()) if found else 0
    return source.diag(loc, "control-character",
                       f"{'key' if key else 'value'} holds the character U+{char:04X}, which "
                       "a draft cannot hold",
                       "remove the escape (such as \\x0b or \\uFFFF) that wrote it; write "
                       "a line break as a real one", key=key)
