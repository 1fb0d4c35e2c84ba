"""How the CLI shows things: rich tables and panels for people, plain text for pipes.

Only the `cli` package imports this module. Output is rich when the stream is a terminal
(or FORCE_COLOR is set) and NO_COLOR is not set; otherwise it is plain text, one record a
line, that `grep` and `cut` can read.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Confirm, Prompt
from rich.table import Table
from rich.text import Text

T = TypeVar("T")


def fancy(stream: IO[str]) -> bool:
    """Whether to draw rich output on `stream`."""
    if "NO_COLOR" in os.environ:
        return False
    return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))


def console(stream: IO[str] | None = None) -> Console:
    stream = stream or sys.stdout
    return Console(file=stream, highlight=False, force_terminal=fancy(stream) or None)


def wrap(text: str, indent: str = "") -> str:
    """Wrap to the terminal's width at a terminal; leave lines whole for pipes."""
    if not sys.stdout.isatty():
        return indent + text
    width = max(40, min(shutil.get_terminal_size().columns, 110))
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)


def columns(rows: list[list[str]]) -> str:
    """Rows of cells as left-aligned columns; the last column is never padded."""
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(r, widths, strict=False)), r[-1]])
                     .rstrip() for r in rows)


# -- clauses ------------------------------------------------------------------------------------

def variants_cell(row: dict[str, Any]) -> str:
    names: list[str] = row["variants"]
    if len(names) == 1:
        return names[0]
    return ", ".join(f"{n}*" if n == row["default_variant"] else n for n in names)


def show_clauses(rows: list[dict[str, Any]]) -> None:
    """The library as a table, grouped by category."""
    if not fancy(sys.stdout):
        cells = [["ID", "CATEGORY", "VARIANTS", "PARAMS", "TITLE", "SUMMARY"]]
        cells += [[r["id"], r["category"], variants_cell(r), ",".join(r["params"]) or "-",
                   r["title"], r["summary"]] for r in rows]
        print(columns(cells))
        return
    out = console()
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True,
                  caption="* default variant   ordgen show <id> for one clause in full")
    table.add_column("Clause", no_wrap=True, style="bold")
    table.add_column("Variants")
    table.add_column("Params", style="cyan")
    table.add_column("Summary", ratio=1)
    category = None
    for r in rows:
        if r["category"] != category:
            category = r["category"]
            table.add_row(Text(r["category_title"], style="bold magenta"), end_section=False)
        table.add_row(r["id"], variants_cell(r), "\n".join(r["params"]),
                      Text.assemble((r["title"], "bold"), "\n", r["summary"]))
    out.print(table)


# -- one clause ---------------------------------------------------------------------------------

def _bounds(p: dict[str, Any]) -> str:
    if p["choices"]:
        return " | ".join(p["choices"])
    if p["min"] is not None or p["max"] is not None:
        return f"{'' if p['min'] is None else p['min']}..{'' if p['max'] is None else p['max']}"
    return ""


def show_clause(d: dict[str, Any]) -> None:
    """One clause: a sample of its text, rationale, params, variants, links and laws."""
    values = ", ".join(f"{k}={v!r}" for k, v in d["values"].items())
    sample_note = (f"{d['sample']['jurisdiction']}, variant {d['variant']}"
                   + (f", values {values}" if values else ""))
    laws = [f"{law['name']} ({law['state']}, {law['confidence']}): {', '.join(law['rules'])}"
            for law in d["state_laws"]]
    links = [("Requires", ", ".join(d["requires"]) or "nothing"),
             ("Conflicts with", ", ".join(d["conflicts"]) or "nothing"),
             ("Defines", ", ".join(d["defines"]) or "nothing"),
             ("State rules", ", ".join(d["state_rules"]) or "none")]
    if not fancy(sys.stdout):
        print(f"{d['id']}: {d['title']}")
        print(f"category {d['category']}, layer {d['layer']}, file {d['file']}")
        print(wrap(d["summary"]))
        print(f"\nSample ({sample_note})\n{d['sample']['heading']}")
        for p in d["sample"]["paragraphs"]:
            print(wrap(f"{p['label']} {p['text']}".strip(), "  " * max(p["level"], 1)))
        print("\nRationale")
        for para in d["rationale"]:
            print(wrap(para, "  "))
        print("\nVariants")
        print(columns([[f"  {v['name']}{' (default)' if v['default'] else ''}", v["summary"]]
                       for v in d["variants"]]))
        if d["params"]:
            print("\nParams")
            print(columns([[f"  {p['name']}", p["type"], _bounds(p) or "-",
                            f"default {p['default']!r}", p["description"]]
                           for p in d["params"]]))
        print()
        for label, text in links:
            print(f"{label}: {text}")
        if laws:
            print("State laws that may forbid it:")
            for law in laws:
                print(f"  {law}")
        if d["authorities"]:
            print("\nAuthorities")
            for a in d["authorities"]:
                print(wrap(f"- {a['citation']}: {a['parenthetical']} <{a['source']}>", "  "))
        return
    out = console()
    out.print(Panel(Text(d["summary"]), title=f"[bold]{escape(d['id'])}[/]: {escape(d['title'])}",
                    subtitle=f"{escape(d['category'])} · {escape(d['layer'])} · "
                             f"{escape(d['file'])}", title_align="left"))
    body = [Text(d["sample"]["heading"], style="bold")]
    for p in d["sample"]["paragraphs"]:
        line = Text("    " * max(p["level"] - 1, 0))
        if p["label"]:
            line.append(p["label"] + " ", style="bold")
        line.append(p["text"])
        body.append(line)
    out.print(Panel(Group(*body), title=f"Sample: {escape(sample_note)}", title_align="left",
                    border_style="green"))
    out.print(Panel(Text("\n\n".join(d["rationale"])), title="Rationale",
                    title_align="left", border_style="blue"))
    variants = Table(box=box.SIMPLE_HEAD, title="Variants", title_justify="left", expand=True)
    variants.add_column("Variant", no_wrap=True)
    variants.add_column("Summary", ratio=1)
    for v in d["variants"]:
        name = Text(v["name"], style="bold" if v["name"] == d["variant"] else "")
        if v["default"]:
            name.append(" (default)", style="dim")
        variants.add_row(name, v["summary"])
    out.print(variants)
    if d["params"]:
        params = Table(box=box.SIMPLE_HEAD, title="Params", title_justify="left", expand=True)
        for heading in ("Param", "Type", "Range", "Default", "Example"):
            params.add_column(heading, no_wrap=heading != "Range")
        params.add_column("Description", ratio=1)
        for p in d["params"]:
            params.add_row(p["name"], p["type"], _bounds(p), repr(p["default"]),
                           "" if p["example"] is None else repr(p["example"]), p["description"])
        out.print(params)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, text in links:
        grid.add_row(label, text)
    if laws:
        grid.add_row("State laws", Text("\n".join(laws), style="yellow"))
    out.print(grid)
    if d["authorities"]:
        cites = Table(box=box.SIMPLE_HEAD, title="Authorities", title_justify="left", expand=True)
        cites.add_column("Citation", ratio=1)
        cites.add_column("Holding / relevance", ratio=2)
        for a in d["authorities"]:
            cites.add_row(Text(a["citation"], style=f"link {a['source']}"), a["parenthetical"])
        out.print(cites)


# -- explain ------------------------------------------------------------------------------------

def show_explanation(e: dict[str, Any]) -> None:
    """Why each clause is in a draft, what conflicts keep out, and state-law warnings."""
    heading = f"{e['recipe']}: {e['jurisdiction']} ({e['state_name']})"
    rows = [[str(c["section"] or "-"), c["id"], c["variant"], c["layer"], c["reason"],
             ", ".join(c["state_laws"])] for c in e["clauses"]]
    blocked = [f"{cid} (conflicts with {', '.join(by)})" for cid, by in e["blocked"].items()]
    laws = [f"{law['name']} ({law['citation']}, {law['confidence']}): Section"
            f"{'s' * (len(law['sections']) != 1)} "
            + ", ".join(f"{n} ({c})" for n, c in zip(law["sections"], law["clauses"],
                                                      strict=False))
            for law in e["state_laws"]]
    others = [w for w in e["warnings"] if w["code"] != "state-law"]
    models = [coverage_line(m) for m in e.get("models", ())]
    left_out = [f"{cid}: {why}" for cid, why in e.get("left_out", {}).items()]
    if not fancy(sys.stdout):
        print(heading)
        print(f"library layers: {', '.join(e['layers'])}\n")
        print(columns([["SECTION", "CLAUSE", "VARIANT", "LAYER", "WHY", "STATE LAW"], *rows]))
        if blocked:
            print("\nKept out by conflicts:")
            print("\n".join(f"  {b}" for b in blocked))
        if left_out:
            print("\nLeft out (the jurisdiction lacks what they are about):")
            print("\n".join(f"  {b}" for b in left_out))
        if models:
            print("\nAdopted models this draft covers:")
            print("\n".join(wrap(m, "  ") for m in models))
        if laws:
            print("\nState-law warnings (have counsel review these sections):")
            print("\n".join(wrap(law, "  ") for law in laws))
        if others:
            print("\nOther warnings:")
            print("\n".join(f"  {_diagnostic(w)}" for w in others))
        return
    out = console()
    table = Table(box=box.SIMPLE_HEAD, title=escape(heading), title_justify="left",
                  caption=f"library layers: {escape(', '.join(e['layers']))}",
                  caption_justify="left")
    for name in ("§", "Clause", "Variant", "Layer", "Why"):
        table.add_column(name, no_wrap=name != "Why")
    table.add_column("State law", style="yellow")
    for row in rows:
        style = "dim" if row[4] != "chosen" else ""
        table.add_row(*row[:4], Text(row[4], style=style), row[5])
    out.print(table)
    if blocked:
        out.print(Panel("\n".join(escape(b) for b in blocked), title="Kept out by conflicts",
                        title_align="left", border_style="magenta"))
    if left_out:
        out.print(Panel("\n".join(escape(b) for b in left_out), title="Left out",
                        title_align="left", border_style="magenta"))
    if models:
        out.print(Panel("\n".join(escape(m) for m in models), title="Adopted models covered",
                        title_align="left"))
    if laws:
        out.print(Panel("\n".join(escape(law) for law in laws), border_style="yellow",
                        title="State-law warnings: have counsel review these sections",
                        title_align="left"))
    if others:
        out.print(Panel("\n".join(escape(_diagnostic(w)) for w in others),
                        title="Other warnings", title_align="left"))


def coverage_line(m: dict[str, Any]) -> str:
    """"Chicago ... (ch. 2-173): 12 of 13 adoptable provisions, 9 at strong or stronger"."""
    line = (f"{m['name']} ({m['citation']}): {m['carried']} of {m['adoptable']} adoptable "
            f"provisions, {m['strong']} at strong or stronger")
    if m["missing"]:
        line += f"; not carried: {_counted(m['missing'])}"
    if m["state_only"]:
        line += f"; for the state alone: {_counted(m['state_only'])}"
    return line


def _counted(sections: list[str]) -> str:
    """Sections once each, in order, with how many provisions share one: "9-131 (3), 9-205"."""
    return ", ".join(f"{s} ({n})" if n > 1 else s for s, n in Counter(sections).items())


def _diagnostic(d: dict[str, Any]) -> str:
    where = ":".join(str(x) for x in (d["path"], d["line"], d["col"]) if x)
    return f"{where}: {d['severity']}[{d['code']}]: {d['message']}"


# -- batch --------------------------------------------------------------------------------------

@contextmanager
def progress(total: int, quiet: bool) -> Iterator[Callable[[Any], None]]:
    """A function to call once a row is done: a bar at a terminal, a line per row otherwise."""
    if quiet:
        yield lambda result: None
        return
    if not fancy(sys.stderr):
        count = 0

        def line(result: Any) -> None:
            nonlocal count
            count += 1
            what = ", ".join(p.name for p in result.outputs) or result.row.name
            if result.status == "failed":
                what = f"{result.row.name}: {result.errors[0].message if result.errors else ''}"
            print(f"[{count:>{len(str(total))}}/{total}] {result.status:<7} {what}",
                  file=sys.stderr, flush=True)

        yield line
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                   TimeRemainingColumn(), console=console(sys.stderr), transient=False)
    task = bar.add_task("drafting", total=total, failed=0)
    failed = 0

    def advance(result: Any) -> None:
        nonlocal failed
        failed += result.status == "failed"
        bar.update(task, advance=1, failed=failed, description=result.row.name[:40])

    with bar:
        yield advance
        bar.update(task, description="done")


def show_batch(summary: dict[str, Any], out_dir: str, shard: str) -> None:
    """Counts, then a table of failures and one of state-law warnings per jurisdiction."""
    counts = (f"{summary['built']} built, {summary['skipped']} up to date, "
              f"{summary['failed']} failed{shard} -> {out_dir}")
    failures = [r for r in summary["rows"] if r["errors"]]
    warned = [r for r in summary["rows"] if r["state_laws"]]
    notes = [w for r in summary["rows"] for w in r.get("warnings", ())]
    if not fancy(sys.stdout):
        print(counts)
        if notes:
            print("\nLeft out of other jurisdictions' drafts:")
            print("\n".join(f"  {_diagnostic(w)}" for w in notes))
        if failures:
            print("\nFailed:")
            for r in failures:
                print(f"  {r['jurisdiction']}")
                for err in r["errors"]:
                    print(f"    {_diagnostic(err)}")
        if warned:
            print("\nState-law warnings:")
            for r in warned:
                print(f"  {r['jurisdiction']}: {'; '.join(r['state_laws'])}")
        return
    out = console()
    if notes:
        out.print(Panel("\n".join(escape(_diagnostic(w)) for w in notes),
                        title="Left out of other jurisdictions' drafts", title_align="left",
                        border_style="yellow"))
    if failures:
        table = Table(box=box.SIMPLE_HEAD, title="Failed", title_justify="left",
                      title_style="bold red", expand=True)
        table.add_column("Jurisdiction", no_wrap=True)
        table.add_column("Error", ratio=1)
        for r in failures:
            table.add_row(r["jurisdiction"], "\n".join(escape(_diagnostic(e)) for e in r["errors"]))
        out.print(table)
    if warned:
        table = Table(box=box.SIMPLE_HEAD, title="State-law warnings", title_justify="left",
                      title_style="bold yellow", expand=True)
        table.add_column("Jurisdiction", no_wrap=True)
        table.add_column("May forbid", ratio=1)
        for r in warned:
            table.add_row(r["jurisdiction"], escape("\n".join(r["state_laws"])))
        out.print(table)
    style = "bold red" if summary["failed"] else "bold green"
    out.print(Text(counts, style=style))


# -- the wizard's prompts -----------------------------------------------------------------------

class TerminalPrompter:
    """Asks the wizard's questions at a terminal, re-asking until an answer is valid."""

    def __init__(self) -> None:
        self.out = Console(highlight=False)

    def heading(self, title: str, note: str = "") -> None:
        self.out.print()
        self.out.rule(Text(title, style="bold"), align="left")
        if note:
            self.out.print(Text(note, style="dim"))

    def note(self, text: str) -> None:
        self.out.print(Text(text, style="dim"))

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None,
            free: bool = False) -> T:
        """Ask until the answer parses; `<` goes back; a free-text answer that looks like a
        slip (one letter, a yes or a no) is confirmed first."""
        from .wizard import Back, looks_like_a_slip

        while True:
            if default is None:
                answer = Prompt.ask(Text(question), console=self.out)
            else:
                answer = Prompt.ask(Text(question), console=self.out, default=default)
            if answer.strip() == "<":
                raise Back
            if free and answer != default and looks_like_a_slip(answer) and not Confirm.ask(
                    Text(f"  Use '{answer.strip()}' as the answer?"), console=self.out,
                    default=False):
                continue
            try:
                return parse(answer)
            except ValueError as exc:
                problem = str(exc) if str(exc).endswith((".", "?", "!")) else f"{exc}."
                self.out.print(Text(f"  {problem} Try again.", style="red"))

    def choose(self, question: str, options: list[tuple[str, str]], default: str) -> str:
        names = [name for name, _ in options]
        for i, (name, summary) in enumerate(options, 1):
            line = Text(f"  {i}. ")
            line.append(name, style="bold" if name == default else "")
            if summary:
                line.append(f": {summary}", style="dim")
            self.out.print(line)

        def pick(answer: str) -> str:
            answer = answer.strip()
            if answer.isdigit() and 1 <= int(answer) <= len(names):
                return names[int(answer) - 1]
            if answer.lower() in names:
                return answer.lower()
            raise ValueError(f"'{answer}' is not one of the numbers or names above")

        return self.ask(f"{question} (number or name)", pick, default)

    def confirm(self, question: str, default: bool = True) -> bool:
        from .wizard import Back

        while True:
            answer = Prompt.ask(Text(f"{question} [y/n]"), console=self.out,
                                default="y" if default else "n")
            word = answer.strip().lower()
            if word == "<":
                raise Back
            if word in ("y", "yes", "n", "no"):
                return word.startswith("y")
            self.out.print(Text("  Please answer y or n (or < to go back).", style="red"))
