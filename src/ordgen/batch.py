"""Build one draft per jurisdiction: the rows of a CSV or YAML list applied to one recipe.

A row (read by `jurisdictions.py`) fills the recipe's jurisdiction and sets
params. Rows are built in worker
processes that each load the library once; a row that fails does not stop
the others. A manifest in the output folder records what each output was
built from, so a rerun skips what is up to date. Shards may share a folder: the manifest
is read, merged and written under a lock on the folder, so no shard loses another's entries.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import msgspec
from msgspec import Struct, field

from . import git, limits, output
from .compose import compose, library_paths
from .diagnostics import Diagnostic, OrdgenError, display_path, file_error
from .jurisdictions import Row, read_rows
from .library import Library, load_library
from .recipe import load_recipe
from .render import render
from .select import select
from .source import read_bytes, read_text
from .version import __version__

if sys.platform != "win32":
    import fcntl

MANIFEST = ".ordgen-batch.json"
MAX_READ = 256 * 1024 * 1024  # bytes of a manifest, template or earlier output read back
EXTENSIONS = {"md": (".md",), "docx": (".docx",), "both": (".md", ".docx")}
RENDERERS = {".md": "markdown", ".docx": "docx"}
Status = Literal["built", "skipped", "failed"]


class Result(Struct, frozen=True):
    """What became of one row."""

    row: Row
    status: Status
    outputs: tuple[Path, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    laws: tuple[str, ...] = ()  # state laws that may forbid sections: "Texas SB 4: Sections 3, 5"
    hashes: tuple[str, ...] = ()  # sha256 of each output written


class Plan(Struct):
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
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r}")
    extensions = EXTENSIONS[fmt]
    text = read_text(recipe_path)
    recipe = load_recipe(recipe_path, text)
    paths = library_paths(recipe, library)
    lib = load_library(paths)
    # the recipe's own mistakes, located, once
    select(lib, recipe.choices, recipe.source, recipe.recipe.instrument)
    rows = read_rows(rows_path, recipe, lib)
    _make_folder(out_dir)
    template = None
    if recipe.recipe.template and ".docx" in extensions:
        template = recipe.folder / recipe.recipe.template
    i, n = shard
    mine = _refuse_inputs([r for r in rows if r.index % n == i - 1], out_dir, extensions,
                          [recipe_path, rows_path, *([template] if template else [])])
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


def _make_folder(folder: Path) -> None:
    """Create the output folder if need be, and refuse one that cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error(folder, "no-output-folder",
                                      f"cannot create the output folder: {exc.strerror or exc}",
                                      "choose a folder you can write to") from None
    output.check_writable(folder / MANIFEST)
    output.clean_stale(folder)  # what a run killed mid-write left


def _refuse_inputs(rows: list[Row], out_dir: Path, extensions: tuple[str, ...],
                   inputs: list[Path]) -> list[Row]:
    """A row whose output would overwrite one of the batch's inputs fails, located."""
    here = os.path.realpath(out_dir)
    names = {os.path.basename(os.path.realpath(p)) for p in inputs
             if os.path.dirname(os.path.realpath(p)) == here}
    checked = []
    for row in rows:
        outs = [out_dir / f"{row.slug}{ext}" for ext in extensions]
        if any(p.name in names for p in outs):
            try:
                output.refuse_inputs(outs, inputs)
            except OrdgenError as exc:
                row = msgspec.structs.replace(row, problems=row.problems + tuple(exc.diagnostics))
        checked.append(row)
    return checked


def output_paths(plan: Plan, row: Row) -> tuple[Path, ...]:
    return tuple(plan.out_dir / f"{row.slug}{ext}" for ext in plan.extensions)


def _salt(recipe_text: str, library: Library, template: Path | None) -> str:
    """Everything but the row (and the format, which the file name gives) an output depends on."""
    digest = hashlib.sha256()
    for part in (__version__, recipe_text, library.fingerprint):
        digest.update(part.encode() + b"\0")
    if template is not None:  # a missing or unsafe template is refused here, located
        digest.update(read_bytes(template, limit=MAX_READ, kind="Word", suffix=".docx"))
    return digest.hexdigest()


def row_key(salt: str, row: Row) -> str:
    data = json.dumps([row.jurisdiction, row.params, row.recipe], sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(f"{salt}\0{data}".encode()).hexdigest()


# -- the manifest -------------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Output file name -> {key, sha256, jurisdiction, laws}; empty when missing or unreadable
    (a folder restored from a shared cache may hold anything under that name)."""
    try:
        data = json.loads(read_bytes(folder / MANIFEST, limit=MAX_READ, kind="JSON",
                                     suffix=".json"))
        entries = data.get("outputs", {})
        return {k: v for k, v in entries.items() if isinstance(v, dict)}
    except (OrdgenError, ValueError, AttributeError):
        return {}


def _fresh(manifest: dict[str, dict[str, Any]], path: Path, key: str) -> bool:
    entry = manifest.get(path.name)
    if not entry or entry.get("key") != key:
        return False
    try:  # only a regular file is read back: never a FIFO or a device left in its place
        data = read_bytes(path, limit=MAX_READ, kind="output", suffix=path.suffix)
    except OrdgenError:
        return False
    return hashlib.sha256(data).hexdigest() == entry.get("sha256")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: shards that share it update the manifest one at a time."""
    if sys.platform == "win32":
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


def write_manifest(folder: Path, changes: dict[str, dict[str, Any] | None]) -> None:
    """Merge `changes` (None removes an entry) into the manifest on disk, atomically, under
    the folder's lock, so that shards writing the same folder lose no entry."""
    if not changes:
        return
    with _locked(folder):
        entries = read_manifest(folder)  # reread: another shard may share the folder
        for name, entry in changes.items():
            if entry is None:
                entries.pop(name, None)
            else:
                entries[name] = entry
        data = {"generator": f"ordgen {__version__}", "outputs": dict(sorted(entries.items()))}
        output.write_atomic(folder / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())


# -- building -----------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(paths: list[Path]) -> None:
    """Process initializer: load the library once for every row this worker builds."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER["library"] = load_library(paths)
    _WORKER["commit"] = git.commit(paths[-1])


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
    data["jurisdiction"] = copy.deepcopy(row.jurisdiction)
    if not row.own_enacting_clause:
        data.pop("enacting_clause", None)
    data.update(row.recipe)
    clauses = data["clauses"]
    for i, item in enumerate(clauses):  # what the recipe says of its own place stays there
        cid = item if isinstance(item, str) else next(iter(item), "")
        if isinstance(item, dict) and cid in row.reset | row.unrecited:
            options = dict(item[cid] or {})
            for name in row.reset.get(cid, ()):
                options.pop(name, None)
            if "recitals" in options:
                options["recitals"] = [k for k in options["recitals"]
                                       if k not in row.unrecited.get(cid, ())]
            clauses[i] = {cid: options}
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
    try:
        lib: Library = _WORKER["library"]
        text = apply_row(recipe_text, row)
        recipe = load_recipe(recipe_path, text)
        with limits.budget():  # each draft has the budget of one build
            document = compose(lib, recipe, commit=_WORKER.get("commit", "")).document
        rendered = [render(document, RENDERERS[p.suffix], template=template) for p in outputs]
        output.write_all(list(zip(outputs, rendered, strict=True)))
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
        self.results: list[Result] = []
        self.changes: dict[str, dict[str, Any] | None] = {}

    def __enter__(self) -> Runner:
        import multiprocessing

        plan = self.plan
        # fork, not spawn: `python -m ordgen` would rerun the command in each child; where
        # there is no fork (Windows) the rows are built one after another
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if self.jobs > 1 and len(plan.todo) > 1 and can_fork:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(min(self.jobs, len(plan.todo)), mp_context=context,
                                            initializer=_start_worker,
                                            initargs=(plan.library_paths,))
            self.futures = {self.pool.submit(build_row, plan.recipe_path, plan.recipe_text,
                                             row, output_paths(plan, row), plan.template): row
                            for row, _ in plan.todo}
        else:
            _WORKER["library"] = plan.library
            _WORKER["commit"] = git.commit(plan.library_paths[-1])
        return self

    def summary(self) -> dict[str, Any]:
        """Counts, failures and state-law warnings of every row seen so far."""
        return summary(self.results)

    def __iter__(self) -> Iterator[Result]:
        plan = self.plan
        for result in plan.done:
            self.results.append(result)
            yield result
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
        self.results.append(result)
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
                  "warnings": [d.to_dict() for d in r.row.notes],
                  "state_laws": list(r.laws)}
                 for r in sorted(results, key=lambda r: r.row.index)],
    }
