"""Turn parsed YAML into model objects, or into located diagnostics.

Shape comes from the msgspec models; the rules here are the ones that relate
one field to another (a default inside its bounds, a default variant that
exists, a definition that reads as one).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Struct

from .diagnostics import Diagnostic, did_you_mean
from .model import Clause, Param, Recipe
from .source import Source

M = TypeVar("M", bound=msgspec.Struct)
MAX_PROBLEMS = 20  # per file: enough to fix in one pass, few enough to read
# a text value is one line: a line break would start a paragraph (or a subsection) of the
# draft, and a control character cannot be written to a Word file
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_WANTED = {"str": "text", "int": "a whole number", "bool": "true or false", "array": "a list",
           "object": "a mapping"}
_GOT = {"str": "text", "int": "a number", "bool": "true/false", "object": "a mapping",
        "array": "a list", "null": "nothing", "float": "a decimal number", "date": "a date",
        "datetime": "a date and time"}


def to_model(source: Source, model: type[M], data: Any = None, loc: tuple[Any, ...] = ()
             ) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole file) against `model`."""
    data = source.data if data is None and not loc else data
    try:
        return msgspec.convert(data, model), []
    except msgspec.ValidationError:
        problems = _problems(model, data, ())[:MAX_PROBLEMS]
        return None, [source.diag((*loc, *p.loc), p.code, p.message, p.hint, key=p.key)
                      for p in problems]


class _Problem(Struct, frozen=True):
    path: tuple[Any, ...]  # keys and indexes of the wrong node (or key) in the data
    code: str
    message: str
    hint: str = ""
    key: bool = False  # point at the key itself, not at its value

    @property
    def loc(self) -> tuple[Any, ...]:
        # a missing key is reported at the mapping that lacks it
        return self.path[:-1] if self.code == "missing-key" else self.path


def _problems(typ: Any, node: Any, path: tuple[Any, ...]) -> list[_Problem]:
    """Every wrong place under `node`, which does not fit `typ`.

    msgspec stops at the first problem, so mappings and lists are checked one key or
    item at a time; what is left is a single value, described from msgspec's report.
    """
    report = _report(node, typ)
    if report is None:
        return []
    fit = _fitting(typ, node)
    found: list[_Problem] = []
    if _is_struct(fit) and isinstance(node, dict):
        fields = {f.name: f for f in msgspec.structs.fields(fit)}
        found += [_Problem((*path, name), "missing-key", f"missing required key '{name}'",
                           f"add '{name}:' here")
                  for name, f in fields.items() if f.required and name not in node]
        for key, value in node.items():
            if key in fields:
                found += _problems(fields[key].type, value, (*path, key))
            else:
                found.append(_Problem((*path, key), "unknown-key", f"unknown key '{key}'",
                                      did_you_mean(str(key), list(fields))
                                      or f"allowed keys here: {', '.join(sorted(fields))}",
                                      key=True))
    elif typing.get_origin(fit) is dict and isinstance(node, dict):
        key_type, value_type = typing.get_args(fit)
        for key, value in node.items():
            key_report = _report(key, key_type)
            if key_report is None:
                found += _problems(value_type, value, (*path, key))
            else:
                found.append(_problem(key_type, key, path, key_report, key=True))
    elif typing.get_origin(fit) is list and isinstance(node, list):
        for i, item in enumerate(node):
            found += _problems(typing.get_args(fit)[0], item, (*path, i))
    # nothing inside is wrong: the value itself is (a wrong type, an empty list, ...)
    return found or [_problem(typ, node, path, report)]


def _problem(typ: Any, node: Any, path: tuple[Any, ...], report: str, *, key: bool = False
             ) -> _Problem:
    """One wrong value (or mapping key, when `key`) at `path`, from msgspec's report."""
    what = report.split(" - at ")[0]  # the place is `path`, named in the data's own terms
    name = ".".join(str(p) for p in path) or "file"
    if key:
        code, detail, hint = _detail(what, typ, node)
        return _Problem((*path, node), code, f"{name}: key '{node}' {detail}", hint, key=True)
    if not path and what.startswith("Expected `object`"):
        return _Problem(path, "not-a-mapping", "expected a mapping of keys to values",
                        "see the file formats in the README")
    code, detail, hint = _detail(what, _fitting(typ, node), node)
    return _Problem(path, code, f"{name}: {detail}", hint)


def _detail(what: str, typ: Any, value: Any) -> tuple[str, str, str]:
    """(code, what is wrong, hint) for msgspec's complaint `what` about `value`."""
    wrong = re.fullmatch(r"Expected `([^`]+)`, got `([^`]+)`", what)
    if wrong:
        wanted = [_WANTED.get(w, w) for w in wrong[1].split(" | ") if w != "null"]
        return ("wrong-type", f"expected {' or '.join(wanted)}, got {_GOT.get(wrong[2], wrong[2])}",
                "put the value in quotes to make it text" if "text" in wanted else "")
    if what.startswith("Invalid enum value"):
        allowed = [str(v) for v in _literals(typ)]
        if len(allowed) <= 12:
            return ("invalid-value", f"must be one of {', '.join(repr(v) for v in allowed)}",
                    did_you_mean(str(value), allowed))
        return ("invalid-value", f"{value!r} is not one of the {len(allowed)} allowed values",
                did_you_mean(str(value), allowed) or f"one of: {', '.join(allowed)}")
    if "matching regex" in what:
        return "invalid-value", f"does not match the required form {_meta(typ, 'pattern')}", ""
    length = re.fullmatch(r"Expected `(\w+)` of length ([<>])= (\d+)", what)
    if length:
        kind, bound, n = length[1], length[2], int(length[3])
        if kind == "str" and bound == ">" and n == 1:
            return "invalid-value", "must not be empty", ""
        unit = "character" if kind == "str" else "item"
        return ("invalid-value", f"must have at {'least' if bound == '>' else 'most'} {n} "
                f"{unit}{'s' if n != 1 else ''}", "")
    return "invalid-value", what, ""


def _fitting(typ: Any, node: Any) -> Any:
    typ = _bare(typ)
    if typing.get_origin(typ) not in (typing.Union, types.UnionType):
        return typ
    for arg in map(_bare, typing.get_args(typ)):
        origin = typing.get_origin(arg) or arg
        if (isinstance(node, dict) and (origin is dict or _is_struct(arg))
                or isinstance(node, list) and origin is list):
            return arg
    return typ


def _bare(typ: Any) -> Any:
    while typing.get_origin(typ) is Annotated:
        typ = typing.get_args(typ)[0]
    return typ


def _is_struct(typ: Any) -> bool:
    return isinstance(typ, type) and issubclass(typ, msgspec.Struct)


def _literals(typ: Any) -> list[Any]:
    if typing.get_origin(typ) is Literal:
        return list(typing.get_args(typ))
    return [v for arg in typing.get_args(typ) for v in _literals(arg)]


def _meta(typ: Any, attribute: str) -> Any:
    if typing.get_origin(typ) is Annotated:
        for meta in typ.__metadata__:
            if getattr(meta, attribute, None) is not None:
                return getattr(meta, attribute)
    for arg in typing.get_args(typ):
        found = _meta(arg, attribute)
        if found is not None:
            return found
    return None


def _report(value: Any, typ: Any) -> str | None:
    """msgspec's complaint about `value` as a `typ`, or None when it fits."""
    try:
        msgspec.convert(value, typ)
    except msgspec.ValidationError as exc:
        return str(exc)
    return None


def check_value(param: Param, value: Any) -> str | None:
    """Why `value` is not a valid value for `param`, or None when it is."""
    kind = param.type
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return f"expected a whole number, got {value!r}"
        if param.min is not None and value < param.min:
            return f"{value} is below the minimum {param.min}"
        if param.max is not None and value > param.max:
            return f"{value} is above the maximum {param.max}"
    elif kind == "boolean":
        if not isinstance(value, bool):
            return f"expected true or false, got {value!r}"
    elif kind == "string":
        if not isinstance(value, str) or not value.strip():
            return f"expected non-empty text, got {value!r}"
        if _NOT_ONE_LINE.search(value):
            return "expected one line of text, got a line break or control character"
    elif kind == "choice":
        if value not in (param.choices or []):
            return f"{value!r} is not one of {', '.join(param.choices or [])}"
    elif kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"expected a list of text items, got {value!r}"
        if any(_NOT_ONE_LINE.search(v) for v in value):
            return "each item is one line of text; one holds a line break or control character"
    return None


def recipe_rules(recipe: Recipe, source: Source) -> list[Diagnostic]:
    """Rules a recipe's shape cannot say: its date is a day of the calendar."""
    if recipe.date is None:
        return []
    try:
        dt.date.fromisoformat(recipe.date)
    except ValueError as exc:
        return [source.diag(("date",), "invalid-value", f"date: {recipe.date} is not a real "
                            f"date ({exc})", "write the date as YYYY-MM-DD, e.g. 2026-03-01")]
    return []


def clause_rules(clause: Clause, source: Source) -> list[Diagnostic]:
    """Rules relating one field of a clause to another."""
    found: list[Diagnostic] = []
    if sum(x is not None for x in (clause.variants, clause.text, clause.recitals)) != 1:
        found.append(source.diag((), "text-or-variants",
                                 "a clause has one of `text`, `variants` or `recitals`",
                                 "use `text:` for one wording, `variants:` for strength levels, "
                                 "`recitals:` for findings chosen one by one"))
    if clause.text is not None and clause.default_variant is not None:
        found.append(source.diag(("default_variant",), "text-or-variants",
                                 "`default_variant` needs `variants`", "remove it"))
    if clause.variants is not None:
        if clause.default_variant is None:
            found.append(source.diag(("variants",), "missing-key",
                                     "missing required key 'default_variant'",
                                     f"add 'default_variant: {list(clause.variants)[-1]}'"))
        elif clause.default_variant not in clause.variants:
            found.append(source.diag(("default_variant",), "unknown-variant",
                                     f"default variant '{clause.default_variant}' is not one of "
                                     f"the variants ({', '.join(clause.variants)})",
                                     did_you_mean(clause.default_variant, list(clause.variants))))
    for name, param in clause.params.items():
        loc = ("params", name)
        if param.type == "choice" and not param.choices:
            found.append(source.diag(loc, "bad-param", f"choice param '{name}' lists no choices",
                                     "add `choices: [...]`"))
        if param.type != "integer" and (param.min is not None or param.max is not None):
            found.append(source.diag(loc, "bad-param",
                                     f"param '{name}': min and max apply only to integers"))
        if param.min is not None and param.max is not None and param.min > param.max:
            found.append(source.diag((*loc, "min"), "bad-param",
                                     f"param '{name}': min {param.min} is above max {param.max}"))
        problem = check_value(param, param.default)
        if problem:
            found.append(source.diag((*loc, "default"), "bad-default",
                                     f"default of param '{name}': {problem}",
                                     "make the default a valid value"))
    for name, value in clause.example.items():
        if name not in clause.params:
            found.append(source.diag(("example", name), "unknown-param",
                                     f"example sets '{name}', which is not a param",
                                     did_you_mean(name, list(clause.params)), key=True))
            continue
        problem = check_value(clause.params[name], value)
        if problem:
            found.append(source.diag(("example", name), "bad-value",
                                     f"example value of '{name}': {problem}"))
    for term, definition in clause.defines.items():
        if not definition.lstrip().startswith(("means", "includes")):
            found.append(source.diag(("defines", term), "bad-definition",
                                     f"definition of '{term}' must start with 'means' or "
                                     "'includes'",
                                     f"write it to read after the term: \"{term}\" means ..."))
    for field in ("requires", "conflicts"):
        if clause.id in getattr(clause, field):
            found.append(source.diag((field,), "self-reference",
                                     f"clause '{clause.id}' lists itself in `{field}`"))
    return found
