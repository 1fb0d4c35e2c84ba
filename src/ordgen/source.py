"""Read one YAML file as untrusted input: plain data out, positions on demand.

Files are parsed with ruamel.yaml's C-backed safe loader, which builds only
plain dicts, lists and scalars. The slower round-trip parser runs only when a
diagnostic needs a line and column.
"""

from __future__ import annotations

import re
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

Loc = Sequence[str | int]

# C0 controls other than tab, newline and carriage return, DEL, and the
# private-use range ordgen reserves for its own markers in rendered text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue0ff]")


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


def read_text(path: Path, *, limit: int = MAX_BYTES, kind: str = "YAML",
              suffix: str = ".yaml") -> str:
    """Read a small UTF-8 text file, refusing what is missing, too big, binary or a folder."""
    try:
        if not path.exists() and not path.is_symlink():
            raise file_error(path, "no-file", "file does not exist",
                             "check the path; it is relative to the current folder")
        if path.is_dir():
            raise file_error(path, "not-a-file", f"is a folder, not a {kind} file",
                             f"give the path of a {suffix} file")
        size = path.stat().st_size
        if size > limit:
            raise file_error(
                path, "file-too-large",
                f"file is {size:,} bytes; ordgen reads {kind} files of at most {limit:,} bytes",
                "split the file, or check that this is the file you meant")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise file_error(path, "unreadable", f"cannot read file: {exc.strerror or exc}",
                         "check that the path exists and is readable") from None
    if len(raw) > limit:
        raise file_error(path, "file-too-large",
                         f"file is larger than {limit:,} bytes", "split the file")
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
    """Refuse aliases (shared nodes), excessive nesting and excessive size."""
    seen: set[int] = set()
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(source.data, 0, ())]
    nodes = 0
    while stack:
        node, depth, loc = stack.pop()
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
            if isinstance(node, dict) and not isinstance(k, str):
                raise OrdgenError([source.diag(loc, "bad-key",
                                               f"mapping key {k!r} is not text",
                                               "write keys as plain words")])
            stack.append((v, depth + 1, (*loc, k)))
