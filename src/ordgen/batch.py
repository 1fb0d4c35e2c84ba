"""Build one draft per jurisdiction: the rows of a CSV or YAML list applied to one recipe.

A row fills the recipe's jurisdiction (columns named as its fields) and sets
params (columns named `<clause id>.<param>`). Rows are built in worker
processes that each load the library once; a row that fails does not stop
the others. A manifest in the output folder records what each output was
built from, so a rerun skips what is up to date.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re
import signal
import unicodedata
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from . import __version__
from . import values as param_values
from .diagnostics import Diagnostic, OrdgenError, display_path
from .library import Library, load_library
from .model import Jurisdiction
from .recipe import LoadedRecipe, load_recipe
from .source import did_you_mean, read_text
from .validate import check_value

MANIFEST = ".ordgen-batch.json"
MAX_ROWS_BYTES = 50_000_000
JURISDICTION_FIELDS = tuple(Jurisdiction.model_fields)
REQUIRED_FIELDS = tuple(n for n, f in Jurisdiction.model_fields.items() if f.is_required())
EXTENSIONS = {"md": (".md",), "docx": (".docx",), "both": (".md", ".docx")}
RENDERERS = {".md": "markdown", ".docx": "docx"}
Status = Literal["built", "skipped", "failed"]


@dataclass(frozen=True)
class Row:
    """One jurisdiction of the list, read and checked."""

    index: int  # 0-based among all rows, before sharding
    line: int  # where it starts in the jurisdictions file
    jurisdiction: dict[str, str]
    params: dict[str, dict[str, Any]]  # clause id -> param -> value
    slug: str = ""
    problems: tuple[Diagnostic, ...] = ()

    @property
    def name(self) -> str:
        return self.jurisdiction.get("name") or f"row at line {self.line}"


@dataclass(frozen=True)
class Result:
    """What became of one row."""

    row: Row
    status: Status
    outputs: tuple[Path, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    laws: tuple[str, ...] = ()  # state laws that may forbid sections: "Texas SB 4: Sections 3, 5"
    hashes: tuple[str, ...] = ()  # sha256 of each output written


@dataclass
class Plan:
    """What a batch run will do: which rows to build and which are up to date."""

    recipe_path: Path
    recipe_text: str
    library_paths: list[Path]
    library: Library
    out_dir: Path
    extensions: tuple[str, ...]
    template: Path | None
    rows: list[Row]  # this shard's rows
    total: int  # rows in the whole file
    todo: list[tuple[Row, str]] = field(default_factory=list)  # rows to build, with their key
    done: list[Result] = field(default_factory=list)  # rows skipped or refused up front


# -- reading the jurisdictions ------------------------------------------------------------------

def read_rows(path: Path, recipe: LoadedRecipe, library: Library) -> list[Row]:
    """The rows of a CSV file or a YAML list; column problems refuse the whole file."""
    if path.suffix.lower() in (".yaml", ".yml"):
        records = _yaml_records(path)
    elif path.suffix.lower() == ".csv":
        records = _csv_records(path)
    else:
        raise OrdgenError([Diagnostic(display_path(path), 0, 0, "error", "unknown-format",
                                      f"cannot read jurisdictions from '{path.suffix}' files",
                                      "give a .csv file or a .yaml list of mappings")])
    shown = display_path(path)
    columns = list(dict.fromkeys(k for _, record in records for k in record))
    params = _param_columns(shown, columns, recipe, library)
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing and records:
        raise OrdgenError([Diagnostic(shown, 1, 0, "error", "missing-column",
                                      f"no column for {', '.join(missing)}",
                                      "every jurisdiction needs: " + ", ".join(REQUIRED_FIELDS))])
    rows = [_row(shown, i, line, record, params, library) for i, (line, record)
            in enumerate(records)]
    return _name_outputs(shown, rows)


def _csv_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = read_text(path, limit=MAX_ROWS_BYTES)
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
    return [(source.locate((i,))[0], record) for i, record in enumerate(source.data)]


def _param_columns(shown: str, columns: list[str], recipe: LoadedRecipe, library: Library
                   ) -> dict[str, tuple[str, str]]:
    """Columns that set params: column -> (clause id, param); unknown columns are errors."""
    found: dict[str, tuple[str, str]] = {}
    errors = []
    chosen = {c.clause_id for c in recipe.choices}
    for column in columns:
        if column in JURISDICTION_FIELDS:
            continue
        cid, _, name = column.rpartition(".")
        loaded = library.clauses.get(cid)
        if not cid or loaded is None:
            errors.append(Diagnostic(shown, 1, 0, "error", "unknown-column",
                                     f"column '{column}' is neither a jurisdiction field nor "
                                     "'<clause id>.<param>'",
                                     did_you_mean(column, [*JURISDICTION_FIELDS, *(
                                         f"{c}.{p}" for c in sorted(library.clauses)
                                         for p in library.clauses[c].clause.params)])
                                     or "jurisdiction fields: " + ", ".join(JURISDICTION_FIELDS)))
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

    fields: dict[str, str] = {}
    for name in JURISDICTION_FIELDS:
        value = record.get(name)
        text = "" if value is None else str(value).strip()
        if text:
            fields[name] = text
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
            Jurisdiction.model_validate(fields)
        except Exception as exc:  # pydantic's message names the field
            problem("jurisdiction", str(exc).splitlines()[1] if "\n" in str(exc) else str(exc))

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
    return Row(index, line, fields, values, problems=tuple(problems))


def slugify(text: str) -> str:
    """A file name from a jurisdiction's name: 'City of St. Paul' -> 'city-of-st-paul'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")


def _name_outputs(shown: str, rows: list[Row]) -> list[Row]:
    """Give each row an output name; a name two jurisdictions share gains the state."""
    from dataclasses import replace

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


# -- planning -----------------------------------------------------------------------------------

def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4); ValueError when it is not i/n with 1 <= i <= n."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"'{text}' is not of the form i/n, e.g. 1/4")
    i, n = int(match.group(1)), int(match.group(2))
    if not 1 <= i <= n:
        raise ValueError(f"shard {i}/{n}: i must be between 1 and n")
    return i, n


def plan(recipe_path: Path, rows_path: Path, out_dir: Path, *, library: list[Path] | None = None,
         shard: tuple[int, int] = (1, 1), fmt: str = "md", force: bool = False) -> Plan:
    """Read the recipe, the library and the rows; decide which rows need building."""
    from .api import library_paths
    from .select import select

    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r}")
    extensions = EXTENSIONS[fmt]
    if ".docx" in extensions and not _has_docx():
        raise OrdgenError([Diagnostic(display_path(out_dir), 0, 0, "error", "no-docx",
                                      "Word output is not available in this version of ordgen",
                                      "use --format md")])
    text = read_text(recipe_path)
    recipe = load_recipe(recipe_path, text)
    paths = library_paths(recipe, library)
    lib = load_library(paths)
    select(lib, recipe.choices, recipe.source)  # the recipe's own mistakes, located, once
    rows = read_rows(rows_path, recipe, lib)
    _make_folder(out_dir)
    template = None
    if recipe.recipe.template and ".docx" in extensions:
        template = recipe.folder / recipe.recipe.template
    i, n = shard
    mine = [r for r in rows if r.index % n == i - 1]
    result = Plan(recipe_path, text, paths, lib, out_dir, extensions, template, mine, len(rows))
    manifest = read_manifest(out_dir)
    salt = _salt(text, lib, template)
    for row in mine:
        if row.problems:
            result.done.append(Result(row, "failed", errors=row.problems))
            continue
        key = row_key(salt, row)
        outputs = output_paths(result, row)
        if not force and all(_fresh(manifest, p, key) for p in outputs):
            laws = tuple(manifest[outputs[0].name].get("laws", ()))
            result.done.append(Result(row, "skipped", outputs, laws=laws))
        else:
            result.todo.append((row, key))
    return result


def _has_docx() -> bool:
    from importlib.util import find_spec

    return find_spec("ordgen.render.docx") is not None


def _make_folder(folder: Path) -> None:
    """Create the output folder if need be, and refuse one that cannot be written."""
    from .api import check_writable

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OrdgenError([Diagnostic(display_path(folder), 0, 0, "error", "no-output-folder",
                                      f"cannot create the output folder: {exc.strerror or exc}",
                                      "choose a folder you can write to")]) from None
    check_writable(folder / MANIFEST)


def output_paths(plan: Plan, row: Row) -> tuple[Path, ...]:
    return tuple(plan.out_dir / f"{row.slug}{ext}" for ext in plan.extensions)


def _salt(recipe_text: str, library: Library, template: Path | None) -> str:
    """Everything but the row (and the format, which the file name gives) an output depends on."""
    digest = hashlib.sha256()
    for part in (__version__, recipe_text, library.fingerprint):
        digest.update(part.encode() + b"\0")
    if template is not None and template.is_file():
        digest.update(template.read_bytes())
    return digest.hexdigest()


def row_key(salt: str, row: Row) -> str:
    data = json.dumps([row.jurisdiction, row.params], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{salt}\0{data}".encode()).hexdigest()


# -- the manifest -------------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Output file name -> {key, sha256, jurisdiction, laws}; empty when missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entries = data.get("outputs", {})
        return {k: v for k, v in entries.items() if isinstance(v, dict)}
    except (OSError, ValueError, AttributeError):
        return {}


def _fresh(manifest: dict[str, dict[str, Any]], path: Path, key: str) -> bool:
    entry = manifest.get(path.name)
    if not entry or entry.get("key") != key:
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False


def write_manifest(folder: Path, changes: dict[str, dict[str, Any] | None]) -> None:
    """Merge `changes` (None removes an entry) into the manifest on disk, atomically."""
    from .api import write_atomic

    if not changes:
        return
    entries = read_manifest(folder)  # reread: another shard may share the folder
    for name, entry in changes.items():
        if entry is None:
            entries.pop(name, None)
        else:
            entries[name] = entry
    data = {"generator": f"ordgen {__version__}", "outputs": dict(sorted(entries.items()))}
    write_atomic(folder / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())


# -- building -----------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(paths: list[Path]) -> None:
    """Process initializer: load the library once for every row this worker builds."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    from .api import git_commit

    _WORKER["library"] = load_library(paths)
    _WORKER["commit"] = git_commit(paths[-1])


def apply_row(recipe_text: str, row: Row) -> str:
    """The recipe with the row's jurisdiction and params in place, as YAML text.

    The text is written in JSON form (which is YAML): the C parser reads it back
    at once, where a round trip through ruamel's comment-keeping parser costs
    more than rendering the draft. Rows and the recipe were checked before any
    row is built, so no diagnostic needs this text's line numbers.
    """
    cached = _WORKER.get("recipe")
    if cached is None or cached[0] != recipe_text:
        from ruamel.yaml import YAML

        cached = (recipe_text, YAML(typ="safe", pure=False).load(recipe_text))
        _WORKER["recipe"] = cached
    data = copy.deepcopy(cached[1])
    data["jurisdiction"] = dict(row.jurisdiction)
    clauses = data["clauses"]
    for cid, params in row.params.items():
        for i, item in enumerate(clauses):
            if item == cid:
                clauses[i] = {cid: dict(params)}
            elif isinstance(item, dict) and cid in item:
                item[cid] = {**(item[cid] or {}), **params}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def build_row(recipe_path: Path, recipe_text: str, row: Row, outputs: tuple[Path, ...],
              template: Path | None) -> Result:
    """Build one row's draft into its outputs; any failure is the row's, not the batch's."""
    from .api import render, write_atomic
    from .assemble import assemble
    from .select import select

    try:
        lib: Library = _WORKER["library"]
        text = apply_row(recipe_text, row)
        recipe = load_recipe(recipe_path, text)
        selection = select(lib, recipe.choices, recipe.source)
        document = assemble(lib, selection, recipe.recipe, recipe.source, recipe.sha256,
                            _WORKER.get("commit", ""))
        rendered = [render(document, RENDERERS[p.suffix], template=template) for p in outputs]
        for path, data in zip(outputs, rendered, strict=True):
            write_atomic(path, data)
    except OrdgenError as exc:
        return Result(row, "failed", outputs, tuple(exc.diagnostics))
    except Exception as exc:  # a bug: report it against the row and keep going
        return Result(row, "failed", outputs, (Diagnostic(
            display_path(recipe_path), 0, 0, "error", "internal-error",
            f"internal error: {type(exc).__name__}: {exc}",
            "please report this with the row that caused it"),))
    laws = tuple(f"{n.law.name}: Section{'s' * (len(n.sections) != 1)} "
                 f"{', '.join(map(str, n.sections))}" for n in document.state_laws)
    hashes = tuple(hashlib.sha256(data).hexdigest() for data in rendered)
    return Result(row, "built", outputs, (), laws, hashes)


class Runner:
    """Builds a plan's rows, in worker processes when jobs > 1; iterate for results.

    Enter it before starting anything that runs threads (a progress display):
    the workers are forked on entry. Leaving it early (Ctrl-C, an error) cancels
    the rows not started, waits for those running, and records what was built.
    """

    def __init__(self, plan: Plan, jobs: int = 1) -> None:
        self.plan, self.jobs = plan, max(1, jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[Result], Row] = {}
        self.keys = {row.index: key for row, key in plan.todo}
        self.recorded: set[int] = set()  # rows whose result is in `changes` or saved
        self.changes: dict[str, dict[str, Any] | None] = {}

    def __enter__(self) -> Runner:
        plan = self.plan
        if self.jobs > 1 and len(plan.todo) > 1:
            import multiprocessing

            # fork, not spawn: `python -m ordgen` would rerun the command in each child
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(min(self.jobs, len(plan.todo)), mp_context=context,
                                            initializer=_start_worker,
                                            initargs=(plan.library_paths,))
            self.futures = {self.pool.submit(build_row, plan.recipe_path, plan.recipe_text,
                                             row, output_paths(plan, row), plan.template): row
                            for row, _ in plan.todo}
        else:
            from .api import git_commit

            _WORKER["library"] = plan.library
            _WORKER["commit"] = git_commit(plan.library_paths[-1])
        return self

    def __iter__(self) -> Iterator[Result]:
        plan = self.plan
        yield from plan.done
        if self.pool is None:
            for row, _ in plan.todo:
                yield self.record(build_row(plan.recipe_path, plan.recipe_text, row,
                                            output_paths(plan, row), plan.template))
            return
        yield from self._collect()

    def _collect(self) -> Iterator[Result]:
        """Results as workers finish them.

        Ctrl-C only sets a flag here and is raised between results: a
        KeyboardInterrupt inside concurrent.futures' own locking can leave the
        executor unable to cancel what is queued.
        """
        import threading
        from concurrent.futures import FIRST_COMPLETED, wait

        interrupted = False

        def note(signum: int, frame: Any) -> None:
            nonlocal interrupted
            interrupted = True

        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, note) if main else None
        try:
            pending = set(self.futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    yield self.record(self._result(future))
                    if interrupted:
                        break
                if interrupted:
                    raise KeyboardInterrupt
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)

    def _result(self, future: Future[Result]) -> Result:
        try:
            return future.result()
        except Exception as exc:  # a worker died (killed, out of memory): the row failed
            row = self.futures[future]
            return Result(row, "failed", output_paths(self.plan, row), (Diagnostic(
                display_path(self.plan.recipe_path), 0, 0, "error", "worker-died",
                f"the worker process building this row stopped: {type(exc).__name__}: {exc}",
                "run again; rows already built are skipped"),))

    def record(self, result: Result) -> Result:
        """Note a result for the manifest (saved every 200 rows and at the end)."""
        if result.row.index in self.recorded:
            return result
        self.recorded.add(result.row.index)
        for i, path in enumerate(result.outputs):
            self.changes[path.name] = (
                {"key": self.keys[result.row.index], "sha256": result.hashes[i],
                 "jurisdiction": result.row.name, "laws": list(result.laws)}
                if result.status == "built" else None)
        if len(self.recorded) % 200 == 0:
            self.save()
        return result

    def save(self) -> None:
        write_manifest(self.plan.out_dir, self.changes)
        self.changes = {}

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.pool is not None:
            for future in self.futures:
                future.cancel()  # rows not started; the executor may not outlive us to do it
            self.pool.shutdown(wait=True, cancel_futures=True)
            for future, row in self.futures.items():  # rows that finished while we stopped
                if row.index not in self.recorded and future.done() and not future.cancelled():
                    self.record(self._result(future))
        self.save()


def summary(results: list[Result]) -> dict[str, Any]:
    """Counts, failures and state-law warnings, as plain data."""
    counts = {s: sum(r.status == s for r in results) for s in ("built", "skipped", "failed")}
    return {
        **counts,
        "rows": [{"jurisdiction": r.row.name, "line": r.row.line, "status": r.status,
                  "outputs": [display_path(p) for p in r.outputs],
                  "errors": [d.to_dict() for d in r.errors],
                  "state_laws": list(r.laws)}
                 for r in sorted(results, key=lambda r: r.row.index)],
    }
