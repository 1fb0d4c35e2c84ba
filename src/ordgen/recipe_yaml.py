"""The recipe `ordgen new` writes: commented YAML that explains every choice.

ruamel.yaml's round-trip writer is imported here only: only `ordgen new` writes YAML.
"""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import values as param_values
from .government import FORMS
from .model import INSTRUMENT_KINDS, STATES
from .schema import modeline
from .wizard import Answers

WIDTH = 96


def recipe_text(answers: Answers, path: Path, layers: list[Path] | None = None) -> str:
    """The answers as a commented recipe for writing at `path`."""
    root = CommentedMap()
    name = path.name
    root.yaml_set_start_comment("\n".join([
        modeline("recipe", path),
        f"A recipe for {answers.jurisdiction['name']}, written by `ordgen new`. Edit it freely,",
        "then build a draft, and ask why each clause is in:",
        f"  ordgen build {name} -o {path.stem}.md",
        f"  ordgen explain {name}",
        "`ordgen clauses` lists the library; `ordgen show <clause>` shows one clause in full."]))

    j = CommentedMap(answers.jurisdiction)
    comments = {"name": "the legal name, as the enacting clause names it",
                "kind": " | ".join(FORMS) + "; the offices follow from it",
                "state": STATES[answers.jurisdiction["state"]] + "; selects the state-law warnings",
                "executive": "who carries out the measures",
                "code_name": "the code the measure amends, or none"}
    _comment(j, comments)
    root["jurisdiction"] = j
    root["title"] = answers.title
    root["number"] = DoubleQuotedScalarString("")
    root["draft"] = "Draft"
    root["instrument"] = answers.instrument
    if layers:
        rel = [Path(os.path.relpath(p.resolve(), path.resolve().parent)).as_posix()
               for p in layers]
        root["library"] = rel[0] if len(rel) == 1 else rel
    root["rationale"] = "inline"
    _comment(root, {"number": "the number the clerk assigns, e.g. 2026-12",
                    "draft": "the draft label in the Word header, e.g. Staff draft 1",
                    "instrument": " | ".join(INSTRUMENT_KINDS),
                    "library": "clause library layers, relative to this file; later ones "
                               "override earlier ones",
                    "rationale": "where each section's rationale goes: none | inline | memo | "
                                 "comments (Word)"})
    root.yaml_set_comment_before_after_key("title", before="\nWhat the draft is and where its "
                                                           "clauses come from.")

    seq = clause_list(answers)
    root["clauses"] = seq
    root.yaml_set_comment_before_after_key(
        "clauses", before="\nThe clauses, in draft order: each with its variant (strength) and "
                          "values.\nReorder freely: ordgen puts sections in draft order itself.")

    return dump(root) + leftovers(answers)


def _comment(mapping: Any, notes: dict[str, str]) -> None:
    """End-of-line comments, lined up in one column."""
    present = [k for k in notes if k in mapping and notes[k]]
    if not present:
        return
    width = max(len(f"{k}: {mapping[k]!s}") for k in present)
    column = min(max(width + 2, 28), 60)
    for key in present:
        mapping.yaml_add_eol_comment(notes[key], key, column=column)


def clause_list(answers: Answers) -> CommentedSeq:
    """The chosen clauses, each with a comment saying what it is, its variant and values."""
    seq = CommentedSeq()
    category = None
    for pick in answers.picks:
        clause = pick.clause
        lines = []
        if clause.category != category:
            category = clause.category
            lines.append(f"-- {answers.categories.get(category, category)} --")
        lines += textwrap.wrap(f"{clause.title}: {clause.summary}", WIDTH - 4)
        index = len(seq)
        options = CommentedMap()
        notes = {}
        if clause.variants and len(clause.variants) > 1:
            options["variant"] = pick.variant
            summary = clause.variants[pick.variant].summary
            lines += textwrap.wrap(f"variant {pick.variant}: {summary}", WIDTH - 4,
                                   initial_indent="  ", subsequent_indent="    ")
            notes["variant"] = "or: " + ", ".join(n for n in clause.variants if n != pick.variant)
        for pname, value in pick.values.items():
            param = clause.params[pname]
            options[pname] = DoubleQuotedScalarString(value) if value == "" else value
            lines += textwrap.wrap(f"{pname}: {param.description}", WIDTH - 4,
                                   initial_indent="  ", subsequent_indent="    ")
            default = "" if value == param.default else \
                f"; default {param_values.show(param, param.default)}"
            notes[pname] = f"{param_values.describe(param)}{default}"
        if options:
            _comment(options, notes)
            seq.append(CommentedMap({clause.id: options}))
        else:
            seq.append(clause.id)
        seq.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=2)
    return seq


def dump(root: CommentedMap) -> str:
    """A commented mapping as YAML text."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # keep long titles on one line
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def leftovers(answers: Answers) -> str:
    """Comment lines naming the clauses added because others require them, and those left
    out by conflicts."""
    tail = []
    if answers.required:
        tail.append("# Added to the draft because other clauses require them (no need to list "
                    "them):")
        tail += [f"#   {cid} (required by {by})" for cid, by in answers.required.items()]
    if answers.left_out:
        tail.append("# Left out because they conflict with a clause above:")
        tail += [f"#   {cid} (conflicts with {', '.join(by)})"
                 for cid, by in answers.left_out.items()]
    return "\n".join(tail) + ("\n" if tail else "")
