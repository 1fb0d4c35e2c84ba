"""Located diagnostics and the one error type that carries them."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

# What must not reach a terminal raw: C0 and C1 control characters but tab (escape
# sequences recolour or rewrite the screen, a bell rings, a line break would start what
# looks like another diagnostic) and the marks that reorder text on screen.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, with where it is and how to fix it.

    A dataclass, where the other records are msgspec structs: every command loads this
    module, `--help` included, and msgspec is not needed there.
    """

    path: str
    line: int  # 1-based; 0 when the problem is the whole file
    col: int  # 1-based; 0 when unknown
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self) -> str:
        """`path:line:col`, leaving out what is unknown."""
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def format(self) -> str:
        """The diagnostic as one or two lines of plain text, safe to print on a terminal:
        control characters in a file name or message are shown escaped (`\\x1b`, `\\n`)."""
        text = f"{escape(self.where())}: {self.severity}[{escape(self.code)}]: " \
               f"{escape(self.message)}"
        if self.hint:
            text += f"\n  hint: {escape(self.hint)}"
        return text

    def github(self) -> str:
        """The diagnostic as a GitHub Actions workflow command, its fields escaped as the
        workflow-command rules say, so that no file name or message can end the command or
        start another."""
        kind = "error" if self.is_error else "warning"
        props = f"file={_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        if self.col:
            props += f",col={self.col}"
        props += f",title={_property(self.code)}"
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} {props}::{_data(body)}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def escape(text: str) -> str:
    """Text safe to print on a terminal: control characters and reordering marks shown as
    escapes such as `\\x1b`, `\\n` and `\\u202e`."""
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100
                                else f"\\u{ord(char):04x}")


def _data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF encoded (the runner decodes them), and
    other control characters escaped as on a terminal, since the log viewer shows them."""
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """A workflow command's property value: as a message, and `:` and `,` encoded too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when it lies below it."""
    # abspath, not resolve: a path may be a symbolic link that loops
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except (ValueError, OSError):
        return str(path)
    return absolute if relative.startswith("..") else relative


class OrdgenError(Exception):
    """Bad input: carries every diagnostic found, errors and warnings alike."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics), key=_sort_key)
        errors = [d for d in self.diagnostics if d.is_error]
        shown = errors or self.diagnostics
        super().__init__(shown[0].format() if shown else "ordgen error")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def _sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.path, d.line, d.col, d.code, d.message)


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Raise OrdgenError when any diagnostic is an error; else return them all."""
    found = list(diagnostics)
    if any(d.is_error for d in found):
        raise OrdgenError(found)
    return found


def file_diagnostic(path: str | Path, code: str, message: str, hint: str = "", line: int = 0,
                    col: int = 0) -> Diagnostic:
    """An error about one file as a whole (or at one place in it)."""
    return Diagnostic(display_path(path), line, col, "error", code, message, hint)


def file_error(path: str | Path, code: str, message: str, hint: str = "", line: int = 0,
               col: int = 0) -> OrdgenError:
    """An error about one file as a whole (or at one place in it), ready to raise."""
    return OrdgenError([file_diagnostic(path, code, message, hint, line, col)])


def did_you_mean(word: str, options: Sequence[str]) -> str:
    """A hint naming the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
