"""Values as people type them (at a prompt, in a CSV cell), checked, and back."""

from __future__ import annotations

import typing
from typing import Any

import msgspec

from .diagnostics import did_you_mean
from .model import STATES, Jurisdiction, Param
from .validate import check_value

KINDS: tuple[str, ...] = next(typing.get_args(f.type) for f in msgspec.structs.fields(Jurisdiction)
                              if f.name == "kind")

TRUE = {"true", "yes", "y", "on", "1"}
FALSE = {"false", "no", "n", "off", "0"}
LIST_SEPARATOR = "|"


def parse(param: Param, text: str) -> Any:
    """The typed value `text` stands for; ValueError saying why when it is not valid."""
    raw = text.strip()
    value: Any = raw
    if param.type == "integer":
        try:
            value = int(raw.replace("_", "").replace(",", ""))
        except ValueError:
            raise ValueError(f"expected a whole number, got {raw!r}") from None
    elif param.type == "boolean":
        if raw.lower() not in TRUE | FALSE:
            raise ValueError(f"expected yes or no (true or false), got {raw!r}")
        value = raw.lower() in TRUE
    elif param.type == "list":
        value = [item.strip() for item in raw.split(LIST_SEPARATOR) if item.strip()]
    elif param.type == "choice":
        lower = {c.lower(): c for c in param.choices or []}
        value = lower.get(raw.lower(), raw)
    problem = check_value(param, value)
    if problem:
        raise ValueError(problem)
    return value


def show(param: Param, value: Any) -> str:
    """A value as a person would type it back."""
    if param.type == "boolean":
        return "yes" if value else "no"
    if param.type == "list":
        return f" {LIST_SEPARATOR} ".join(value)
    return str(value)


def describe(param: Param) -> str:
    """What a param accepts, in a few words: 'a whole number from 0 to 90'."""
    if param.type == "integer":
        if param.min is not None and param.max is not None:
            return f"a whole number from {param.min} to {param.max}"
        if param.min is not None:
            return f"a whole number, at least {param.min}"
        if param.max is not None:
            return f"a whole number, at most {param.max}"
        return "a whole number"
    if param.type == "boolean":
        return "yes or no"
    if param.type == "choice":
        return "one of: " + ", ".join(param.choices or [])
    if param.type == "list":
        return f"items separated by '{LIST_SEPARATOR}'"
    return "text"


def parse_line(text: str) -> str:
    """A one-line answer: not empty, at most 500 characters."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("an answer is needed")
    if len(text) > 500:
        raise ValueError("at most 500 characters")
    return text


def parse_state(text: str) -> str:
    """A state as its two-letter code, from the code or the name."""
    raw = " ".join(text.split())
    if raw.upper() in STATES:
        return raw.upper()
    by_name = {name.lower(): code for code, name in STATES.items()}
    if raw.lower() in by_name:
        return by_name[raw.lower()]
    hint = did_you_mean(raw.upper(), list(STATES)) or did_you_mean(raw.title(),
                                                                   list(STATES.values()))
    raise ValueError(f"'{raw}' is not a US state code or name" + (f"; {hint}" if hint else
                                                                  " (e.g. MN or Minnesota)"))


def parse_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise ValueError(f"'{text.strip()}' is not one of {', '.join(KINDS)}")
    return kind
