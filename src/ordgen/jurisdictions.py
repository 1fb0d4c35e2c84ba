"""Read a list of jurisdictions (CSV, or a YAML list) into checked rows for `ordgen batch`.

A row's columns are the jurisdiction's fields (name, kind and state, and any other field of
a recipe's `jurisdiction`: agencies as `agencies.<role>`, `elected` as `sheriff | prosecutor`),
the recipe keys `title`, `number`, `draft` and `enacting_clause`, and params as
`<clause id>.<param>`. A column that is none of these refuses the whole file; a bad cell
refuses only its row, with the line it is on.

What the recipe says of its own jurisdiction does not travel to other rows: its enacting
clause, the values of params marked `local` and the recitals marked `local` are left out of
every other jurisdiction's draft, each with a warning naming the row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct
from msgspec.structs import replace

from . import values as param_values
from .diagnostics import Diagnostic, OrdgenError, did_you_mean, display_path, file_error
from .library import Library
from .model import Agencies, Jurisdiction
from .recipe import LoadedRecipe
from .source import read_text
from .validate import check_value

MAX_ROWS_BYTES = 50_000_000
JURISDICTION_FIELDS = tuple(f.name for f in msgspec.structs.fields(Jurisdiction)
                            if f.name not in ("agencies", "elected"))
AGENCY_COLUMNS = tuple(f"agencies.{f.name}" for f in msgspec.structs.fields(Agencies))
RECIPE_COLUMNS = ("title", "number", "draft", "enacting_clause")
COLUMNS = (*JURISDICTION_FIELDS, *AGENCY_COLUMNS, "elected", *RECIPE_COLUMNS)
REQUIRED_FIELDS = tuple(f.name for f in msgspec.structs.fields(Jurisdiction) if f.required)
# in a name, a line break would become a new paragraph of the draft, and a control
# character cannot be written to a Word file
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# names Windows keeps for devices, whatever the extension: never an output file's name
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                            *(f"{d}{n}" for d in ("com", "lpt") for n in "0123456789")})


class Row(Struct, frozen=True):
    """One jurisdiction of the list, read and checked."""

    index: int  # 0-based among all rows, before sharding
    line: int  # where it starts in the jurisdictions file
    jurisdiction: dict[str, Any]
    params: dict[str, dict[str, Any]]  # clause id -> param -> value
    slug: str = ""
    problems: tuple[Diagnostic, ...] = ()
    recipe: dict[str, str] = {}  # recipe keys this row sets: title, number, enacting_clause
    notes: tuple[Diagnostic, ...] = ()  # warnings: what of the recipe's was left out, and why
    reset: dict[str, tuple[str, ...]] = {}  # clause id -> local params back at their default
    unrecited: dict[str, tuple[str, ...]] = {}  # clause id -> local recitals left out
    own_enacting_clause: bool = True  # False: the recipe's is another place's

    @property
    def name(self) -> str:
        return self.jurisdiction.get("name") or f"row at line {self.line}"


def read_rows(path: Path, recipe: LoadedRecipe, library: Library) -> list[Row]:
    """The rows of a CSV file or a YAML list; column problems refuse the whole file."""
    if path.suffix.lower() in (".yaml", ".yml"):
        records = _yaml_records(path)
    elif path.suffix.lower() == ".csv":
        records = _csv_records(path)
    else:
        raise file_error(path, "unknown-format",
                                      f"cannot read jurisdictions from '{path.suffix}' files",
                                      "give a .csv file or a .yaml list of mappings")
    shown = display_path(path)
    columns = list(dict.fromkeys(k for _, record in records for k in record))
    params = _param_columns(shown, columns, recipe, library)
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing and records:
        raise OrdgenError([Diagnostic(shown, 1, 0, "error", "missing-column",
                                      f"no column for {', '.join(missing)}",
                                      "every jurisdiction needs: " + ", ".join(REQUIRED_FIELDS))])
    rows = [localize(_row(shown, i, line, record, params, library), recipe, library, shown)
            for i, (line, record) in enumerate(records)]
    return _name_outputs(shown, rows)


def _csv_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = read_text(path, limit=MAX_ROWS_BYTES, kind="CSV", suffix=".csv")
    shown = display_path(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise OrdgenError([Diagnostic(shown, 1, 0, "error", "duplicate-column",
                                          f"column '{dupes[0]}' appears twice",
                                          "give each column once")])
        records = []
        line = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) > len(header):
                    raise OrdgenError([Diagnostic(shown, line, 0, "error", "extra-cells",
                                                  f"{len(cells)} cells but {len(header)} columns",
                                                  "quote cells that contain commas")])
                records.append((line, {h: c for h, c in zip(header, cells, strict=False) if h}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise OrdgenError([Diagnostic(shown, reader.line_num, 0, "error", "csv-syntax",
                                      f"not valid CSV: {exc}", "check the quoting")]) from None
    return records


def _yaml_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    from .source import load

    source = load(path, limit=MAX_ROWS_BYTES)
    if not isinstance(source.data, list) or not all(isinstance(r, dict) for r in source.data):
        raise OrdgenError([source.diag((), "not-a-list", "expected a list of jurisdictions",
                                       "start each jurisdiction with '- name: ...'")])
    return list(zip(source.item_lines(), source.data, strict=True))


def _param_columns(shown: str, columns: list[str], recipe: LoadedRecipe, library: Library
                   ) -> dict[str, tuple[str, str]]:
    """Columns that set params: column -> (clause id, param); unknown columns are errors."""
    found: dict[str, tuple[str, str]] = {}
    errors = []
    chosen = {c.clause_id for c in recipe.choices}
    for column in columns:
        if column in COLUMNS:
            continue
        cid, _, name = column.rpartition(".")
        loaded = library.clauses.get(cid)
        if not cid or loaded is None:
            errors.append(Diagnostic(shown, 1, 0, "error", "unknown-column",
                                     f"column '{column}' is neither a jurisdiction field nor "
                                     "'<clause id>.<param>'",
                                     did_you_mean(column, [*COLUMNS, *(
                                         f"{c}.{p}" for c in sorted(library.clauses)
                                         for p in library.clauses[c].clause.params)])
                                     or "columns: " + ", ".join(COLUMNS)))
        elif name not in loaded.clause.params:
            errors.append(Diagnostic(shown, 1, 0, "error", "unknown-param",
                                     f"column '{column}': clause '{cid}' has no param '{name}'",
                                     did_you_mean(name, list(loaded.clause.params))
                                     or f"its params are: {', '.join(loaded.clause.params)}"))
        elif cid not in chosen:
            errors.append(Diagnostic(shown, 1, 0, "error", "clause-not-chosen",
                                     f"column '{column}' sets a param of '{cid}', which the "
                                     "recipe does not list",
                                     f"add '{cid}' to the recipe's clauses"))
        else:
            found[column] = (cid, name)
    if errors:
        raise OrdgenError(errors)
    return found


def _row(shown: str, index: int, line: int, record: dict[str, Any],
         params: dict[str, tuple[str, str]], library: Library) -> Row:
    problems = []

    def problem(column: str, message: str, hint: str = "") -> None:
        problems.append(Diagnostic(shown, line, 0, "error", "bad-cell",
                                   f"{column}: {message}", hint))

    fields: dict[str, Any] = {}
    for name in (*JURISDICTION_FIELDS, *AGENCY_COLUMNS, "elected"):
        value = record.get(name)
        text = "" if value is None else str(value).strip()
        if _NOT_ONE_LINE.search(text):
            problem(name, "holds a line break or control character; a name is one line of "
                    "text", "join the lines of the cell into one")
            continue
        if not text:
            continue
        if name.startswith("agencies."):
            fields.setdefault("agencies", {})[name.partition(".")[2]] = text
        elif name == "elected":
            fields[name] = [r.strip().lower() for r in text.split(param_values.LIST_SEPARATOR)
                            if r.strip()]
        else:
            fields[name] = text
    recipe_values = {name: str(record[name]).strip() for name in RECIPE_COLUMNS
                     if record.get(name) is not None and str(record[name]).strip()}
    for name, text in list(recipe_values.items()):
        if _NOT_ONE_LINE.search(text):
            problem(name, "holds a line break or control character", "write it on one line")
            del recipe_values[name]
    for name, parse in (("state", param_values.parse_state), ("kind", param_values.parse_kind)):
        try:
            if name in fields:
                fields[name] = parse(fields[name])
        except ValueError as exc:
            problem(name, str(exc))
    for name in REQUIRED_FIELDS:
        if name not in fields:
            problem(name, "is empty", "every jurisdiction needs a value here")
    if not problems:
        try:
            msgspec.convert(fields, Jurisdiction)
        except msgspec.ValidationError as exc:  # the message names the field
            problem("jurisdiction", str(exc))

    values: dict[str, dict[str, Any]] = {}
    for column, (cid, name) in params.items():
        raw = record.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # an empty cell keeps the recipe's value
        param = library.clauses[cid].clause.params[name]
        try:
            value = param_values.parse(param, raw) if isinstance(raw, str) else raw
            problem_text = check_value(param, value)
            if problem_text:
                raise ValueError(problem_text)
        except ValueError as exc:
            problem(column, str(exc), param.description)
            continue
        values.setdefault(cid, {})[name] = value
    return Row(index, line, fields, values, problems=tuple(problems), recipe=recipe_values)


def localize(row: Row, recipe: LoadedRecipe, library: Library, shown: str) -> Row:
    """What the recipe says of its own jurisdiction, left out of another jurisdiction's row:
    its enacting clause, its values of `local` params and its `local` recitals."""
    base = recipe.recipe.jurisdiction
    if (row.jurisdiction.get("name"), row.jurisdiction.get("state")) == (base.name, base.state):
        return row
    notes: list[Diagnostic] = []

    def note(message: str, hint: str) -> None:
        notes.append(Diagnostic(shown, row.line, 0, "warning", "not-carried",
                                f"{row.name}: {message}", hint))

    own_clause = True
    if recipe.recipe.enacting_clause and "enacting_clause" not in row.recipe:
        own_clause = False
        note(f"the recipe's enacting clause is {base.name}'s; this draft's is written from "
             "its own jurisdiction", "give an enacting_clause column to set one for this row")
    title = recipe.recipe.title.casefold()
    if "title" not in row.recipe and any(n and n.casefold() in title
                                         for n in (base.name, base.short_name)):
        note(f"the recipe's title names {base.name}", "give a title column for this row")
    reset: dict[str, tuple[str, ...]] = {}
    unrecited: dict[str, tuple[str, ...]] = {}
    for choice in recipe.choices:
        loaded = library.clauses.get(choice.clause_id)
        if loaded is None:
            continue
        clause = loaded.clause
        mine = row.params.get(clause.id, {})
        local = tuple(name for name in choice.values
                      if name in clause.params and clause.params[name].local and name not in mine
                      and choice.values[name] != clause.params[name].default)
        if local:
            reset[clause.id] = local
            note(f"{', '.join(f'{clause.id}.{n}' for n in local)} of the recipe state facts "
                 f"about {base.name}; they are left at their defaults here",
                 "give a column of that name to set it for this row")
        dropped = tuple(key for key in choice.recitals or ()
                        if clause.recitals and key in clause.recitals
                        and clause.recitals[key].local)
        if dropped:
            unrecited[clause.id] = dropped
            note(f"recital{'s' * (len(dropped) > 1)} {', '.join(dropped)} of {clause.id} "
                 f"{'are' if len(dropped) > 1 else 'is'} true of {base.name} only and "
                 "left out here", "a layer of this jurisdiction's own may add its own recitals")
    return replace(row, notes=tuple(notes), reset=reset, unrecited=unrecited,
                   own_enacting_clause=own_clause)


def slugify(text: str) -> str:
    """A file name from a jurisdiction's name: 'City of St. Paul' -> 'city-of-st-paul'; a
    name Windows keeps for a device ('Con', 'NUL', 'COM1') gains '-draft'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")
    return f"{slug}-draft" if slug in RESERVED_NAMES else slug


def _name_outputs(shown: str, rows: list[Row]) -> list[Row]:
    """Give each row an output name; a name two jurisdictions share gains the state."""
    base = [slugify(r.jurisdiction.get("name", "")) or f"row-{r.line}" for r in rows]
    counts: dict[str, int] = {}
    for slug in base:
        counts[slug] = counts.get(slug, 0) + 1
    named: list[Row] = []
    used: dict[str, Row] = {}
    for row, slug in zip(rows, base, strict=True):
        if counts[slug] > 1:
            slug = f"{slug}-{row.jurisdiction.get('state', '').lower()}".rstrip("-")
        problems = row.problems
        if slug in used:
            problems += (Diagnostic(shown, row.line, 0, "error", "duplicate-row",
                                    f"same output name '{slug}' as the row at line "
                                    f"{used[slug].line}", "list each jurisdiction once"),)
        else:
            used[slug] = row
        named.append(replace(row, slug=slug, problems=problems))
    return named
