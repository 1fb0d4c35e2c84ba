"""Build one draft per jurisdiction: the rows of a CSV or YAML list applied to one recipe.

A row (read by `jurisdictions.py`) fills the recipe's jurisdiction and sets
params. Rows are built in worker
processes that each load the library once; a row that fails does not stop
the others. A manifest in the output folder records what each output was
built from, so a rerun skips what is up to date. Shards may share a folder: the manifest
is read, merged and written under a lock on the folder, so no shard loses another's entries.
PDFs are converted from the Word files at the end, all of them by one LibreOffice process:
starting one per draft would cost more than drafting.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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
from .manifest import MANIFEST, fresh, read_manifest, row_key, salt, write_manifest
from .recipe import load_recipe
from .render import render
from .select import select
from .source import read_text

EXTENSIONS = {"md": (".md",), "docx": (".docx",), "pdf": (".pdf",), "both": (".md", ".docx"),
              "all": (".md", ".docx", ".pdf")}
RENDERERS = {".md": "markdown", ".docx": "docx"}
Status = Literal["built", "skipped", "failed"]


class Result(Struct, frozen=True):
    """What became of one row."""

    row: Row
    status: Status
    outputs: tuple[Path, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    laws: tuple[str, ...] = ()  # state laws that may forbid sections: "Texas SB 4: Sections 3, 5"
    hashes: tuple[str, ...] = ()  # sha256 of each output written ("" for a PDF still to make)
    staged: tuple[Path, ...] = ()  # the Word files its PDFs are to be converted from


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
    if ".pdf" in extensions:
        from .render import pdf

        pdf.require(out_dir)
    template = None
    if recipe.recipe.template and {".docx", ".pdf"} & set(extensions):
        template = recipe.folder / recipe.recipe.template
    i, n = shard
    mine = _refuse_inputs([r for r in rows if r.index % n == i - 1], out_dir, extensions,
                          [recipe_path, rows_path, *([template] if template else [])])
    result = Plan(recipe_path, text, paths, lib, out_dir, extensions, template, mine, len(rows))
    manifest = read_manifest(out_dir)
    common = salt(text, lib, template)
    for row in mine:
        if row.problems:
            result.done.append(Result(row, "failed", errors=row.problems))
            continue
        key = row_key(common, row)
        outputs = output_paths(result, row)
        if not force and all(fresh(manifest, p, key) for p in outputs):
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
              template: Path | None, staging: Path | None = None) -> Result:
    """Build one row's draft into its outputs; any failure is the row's, not the batch's.

    A PDF output is staged as a Word file in `staging`, for the batch's one LibreOffice
    run to convert."""
    staged: list[Path] = []
    try:
        lib: Library = _WORKER["library"]
        text = apply_row(recipe_text, row)
        recipe = load_recipe(recipe_path, text)
        with limits.budget():  # each draft has the budget of one build
            document = compose(lib, recipe, commit=_WORKER.get("commit", "")).document
        made: dict[str, bytes] = {}
        for p in outputs:
            fmt = RENDERERS.get(p.suffix, "docx")
            if fmt not in made:
                made[fmt] = render(document, fmt, template=template)
        files = [(p, made[RENDERERS[p.suffix]]) for p in outputs if p.suffix in RENDERERS]
        if staging is not None and any(p.suffix == ".pdf" for p in outputs):
            staged.append(staging / f"{row.slug}.docx")
            files.append((staged[-1], made["docx"]))
        output.write_all(files)
        rendered = [made[RENDERERS[p.suffix]] if p.suffix in RENDERERS else b""
                    for p in outputs]
    except OrdgenError as exc:
        return Result(row, "failed", outputs, tuple(exc.diagnostics))
    except Exception as exc:  # a bug: report it against the row and keep going
        return Result(row, "failed", outputs, (Diagnostic(
            display_path(recipe_path), 0, 0, "error", "internal-error",
            f"internal error: {type(exc).__name__}: {exc}",
            "please report this with the row that caused it"),))
    laws = tuple(f"{n.law.name}: Section{'s' * (len(n.sections) != 1)} "
                 f"{', '.join(map(str, n.sections))}" for n in document.state_laws)
    hashes = tuple(hashlib.sha256(data).hexdigest() if data else "" for data in rendered)
    return Result(row, "built", outputs, (), laws, hashes, tuple(staged))


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
        self.staging: Path | None = None  # Word files waiting to become PDFs
        self.waiting: list[int] = []  # places in `results` of rows whose PDFs are not made

    def __enter__(self) -> Runner:
        import multiprocessing

        plan = self.plan
        if ".pdf" in plan.extensions and plan.todo:
            self.staging = Path(tempfile.mkdtemp(prefix="ordgen-batch-pdf-"))
        # fork, not spawn: `python -m ordgen` would rerun the command in each child; where
        # there is no fork (Windows) the rows are built one after another
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if self.jobs > 1 and len(plan.todo) > 1 and can_fork:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(min(self.jobs, len(plan.todo)), mp_context=context,
                                            initializer=_start_worker,
                                            initargs=(plan.library_paths,))
            self.futures = {self.pool.submit(build_row, plan.recipe_path, plan.recipe_text,
                                             row, output_paths(plan, row), plan.template,
                                             self.staging): row
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
                                            output_paths(plan, row), plan.template,
                                            self.staging))
        else:
            yield from self._collect()
        self.convert()

    def convert(self) -> None:
        """Every waiting Word file to PDF in one LibreOffice process; each PDF is then put
        in place whole, and a row whose PDF LibreOffice did not make fails."""
        from .render import pdf

        waiting = [self.results[i] for i in self.waiting]
        made = pdf.convert_each([r.staged[0] for r in waiting], self.plan.out_dir)
        for place, result in zip(self.waiting, waiting, strict=True):
            got, at = made[result.staged[0]], [p.suffix for p in result.outputs].index(".pdf")
            if isinstance(got, bytes):
                try:
                    output.write_atomic(result.outputs[at], got)
                    hashes = (*result.hashes[:at], hashlib.sha256(got).hexdigest(),
                              *result.hashes[at + 1:])
                    final = msgspec.structs.replace(result, hashes=hashes, staged=())
                except OrdgenError as exc:
                    got = exc.diagnostics[0]
            if not isinstance(got, bytes):
                final = Result(result.row, "failed", result.outputs, (got,))
            self.results[place] = final
            self.note(final)
        self.waiting = []

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
        if result.staged:  # noted once its PDF is made
            self.waiting.append(len(self.results) - 1)
            return result
        self.note(result)
        if len(self.recorded) % 200 == 0:
            self.save()
        return result

    def note(self, result: Result) -> None:
        """A result's outputs into the manifest changes."""
        for i, path in enumerate(result.outputs):
            self.changes[path.name] = (
                {"key": self.keys[result.row.index], "sha256": result.hashes[i],
                 "jurisdiction": result.row.name, "laws": list(result.laws)}
                if result.status == "built" else None)

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
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


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
