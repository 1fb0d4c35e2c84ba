"""Turn parsed YAML into model objects, or into located diagnostics.

Shape comes from the pydantic models; the rules here are the ones that relate
one field to another (a default inside its bounds, a default variant that
exists, a definition that reads as one).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .model import Clause, Param
from .source import Source, did_you_mean

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
    "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
}


def to_model(source: Source, model: type[M], data: Any = None, loc: tuple[Any, ...] = ()
             ) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole file) against `model`."""
    data = source.data if data is None and not loc else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, schema_diagnostics(source, exc, model, data, loc)


def schema_diagnostics(source: Source, exc: ValidationError, model: type[BaseModel],
                       data: Any, base: tuple[Any, ...] = ()) -> list[Diagnostic]:
    """One diagnostic per wrong place in the data, however many union branches failed."""
    grouped: dict[tuple[Any, ...], list[Any]] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(data, err["loc"], err["type"] == "missing")
        grouped.setdefault(path, []).append(err)
    found = []
    for path, errs in grouped.items():
        found.append(_one(source, model, data, base, path, errs))
    return found


def _data_path(data: Any, loc: tuple[Any, ...], missing: bool) -> tuple[Any, ...]:
    """The prefix of a pydantic location that names real keys and items of `data`.

    Pydantic adds union branch names ("str", "list[str]") to locations; they
    name no node and are dropped. A missing key is kept so it can be named.
    """
    path: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        if (isinstance(node, dict) and part in node
                or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        elif missing and i == len(loc) - 1:
            path.append(part)
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _one(source: Source, model: type[BaseModel], data: Any, base: tuple[Any, ...],
         path: tuple[Any, ...], errs: list[dict[str, Any]]) -> Diagnostic:
    types = {e["type"] for e in errs}
    name = ".".join(str(p) for p in path) or "file"
    parent = path[:-1]
    if "extra_forbidden" in types:
        known = _known_keys(model, parent)
        return source.diag((*base, *path), "unknown-key", f"unknown key '{path[-1]}'",
                           did_you_mean(str(path[-1]), known)
                           or (f"allowed keys here: {', '.join(sorted(known))}" if known else ""),
                           key=True)
    if "missing" in types:
        return source.diag((*base, *parent), "missing-key", f"missing required key '{path[-1]}'",
                           f"add '{path[-1]}:' here")
    if types <= {"model_type", "dict_type"} and not path:
        return source.diag(base, "not-a-mapping", "expected a mapping of keys to values",
                           "see the file formats in the README")
    wanted = sorted({_TYPE_NAMES[t] for t in types if t in _TYPE_NAMES})
    if wanted and len(errs) >= len(wanted):
        got = type(_get(data, path)).__name__
        got = {"str": "text", "int": "a number", "bool": "true/false", "dict": "a mapping",
               "list": "a list", "NoneType": "nothing", "float": "a decimal number",
               "date": "a date", "datetime": "a date and time"}.get(got, got)
        hint = "put the value in quotes to make it text" if "text" in wanted else ""
        return source.diag((*base, *path), "wrong-type",
                           f"{name}: expected {' or '.join(wanted)}, got {got}", hint)
    messages = sorted({_message(e) for e in errs})
    return source.diag((*base, *path), "invalid-value", f"{name}: {'; or '.join(messages)}")


def _message(err: dict[str, Any]) -> str:
    if err["type"] == "string_pattern_mismatch":
        return f"does not match the required form {err['ctx']['pattern']}"
    if err["type"] == "literal_error":
        return f"must be one of {err['ctx']['expected']}"
    message = str(err["msg"])
    return message.replace("Input should be", "should be").replace("String should", "should")


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _known_keys(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Field names of the model found by following `path` through nested models."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            current = None
            continue
        current = _submodel(field.annotation)
    return list(getattr(current, "model_fields", {})) if current else []


def _submodel(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
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
    elif kind == "choice":
        if value not in (param.choices or []):
            return f"{value!r} is not one of {', '.join(param.choices or [])}"
    elif kind == "list" and (not isinstance(value, list)
                             or not all(isinstance(v, str) for v in value)):
        return f"expected a list of text items, got {value!r}"
    return None


def clause_rules(clause: Clause, source: Source) -> list[Diagnostic]:
    """Rules relating one field of a clause to another."""
    found: list[Diagnostic] = []
    if (clause.variants is None) == (clause.text is None):
        found.append(source.diag((), "text-or-variants",
                                 "a clause has either `text` or `variants`, not both or neither",
                                 "use `text:` for one wording, `variants:` for strength levels"))
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
