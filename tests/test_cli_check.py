"""`ordgen check` from the command line: exit codes and the three output formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Run = Callable[..., "CompletedProcess[str]"]


def test_a_sound_library_exits_0_and_says_how_many(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("check", library, "--no-examples")
    assert result.returncode == 0
    # findings.trust 5 (kinds), purpose.statement 20 (kinds x instruments), definitions.core
    # 4 (instruments), staging baseline 1 and strong 20 (kinds x notice_days 5, 10, 0, 90),
    # savings.final 4 (instruments)
    assert result.stderr.endswith("rendered 54 combinations of 6 variants: 0 errors, 1 warning\n")


def test_errors_exit_1_in_every_format(library: Path, run_ordgen: Run) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text().replace("federal law.", "{{ nope }} law."))
    text = run_ordgen("check", library, "--no-examples")
    data = run_ordgen("check", library, "--no-examples", "--format", "json")
    github = run_ordgen("check", library, "--no-examples", "-f", "github")
    assert text.returncode == data.returncode == github.returncode == 1
    assert "error[undefined-name]" in text.stderr
    assert any(d["code"] == "undefined-name" for d in json.loads(data.stdout)["diagnostics"])
    assert "::error file=" in github.stdout
