"""Generate a synthetic clause library of N clauses for scale benchmarks.

Usage: python benchmarks/generate_library.py N OUT_DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ["resources", "information", "policing", "custody", "agreements", "property",
              "alpr", "surveillance", "contracting", "transparency", "training", "enforcement"]

CLAUSE = """\
id: {category}.generated-{n:05d}
title: Generated Clause {n}
category: {category}
order: {n}
summary: A generated clause for scale benchmarks, number {n}.
params:
  days:
    type: integer
    default: {days}
    min: 1
    max: 365
    description: Days within which the duty applies.
  office:
    type: choice
    choices: [clerk, auditor]
    default: clerk
    description: Which office receives reports.
variants:
  baseline:
    summary: Reports only.
    text: |
      - No {{{{ term('agency') }}}} shall use {{{{ term('covered property') }}}} for {{{{ term('civil immigration enforcement') }}}} in case {n}.
      - Each {{{{ term('agency') }}}} shall report to the {{{{ office }}}} within {{{{ days | words }}}} days.
  strong:
    summary: Reports and training.
    text: |
      The following apply in the {{{{ jurisdiction.entity }}}} of {{{{ jurisdiction.short_name }}}}:

      - No {{{{ term('employee') }}}} shall assist {{{{ term('civil immigration enforcement') }}}} in case {n}.
        - This includes providing {{{{ term('personal information') }}}}.
        - This includes use of {{{{ term('covered property') }}}}.
      - Each {{{{ term('agency') }}}} shall report to the {{{{ office }}}} within {{{{ days | words }}}} days.
default_variant: strong
requires: [definitions.core]
rationale: |
  {rationale}
authorities: [printz-1997, usc-8-1373]
example: {{days: {days}}}
"""

RATIONALE = ("This generated clause exists to measure how ordgen scales with the size of a "
             "library. It restricts the use of local resources for civil immigration "
             "enforcement and asks agencies to report on what they do. ") * 6


def generate(n: int, out: Path) -> Path:
    """Write a library of the bundled definitions plus n generated clauses into `out`."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("categories.yaml", "authorities.yaml", "state-laws.yaml", "library.yaml"):
        shutil.copy(ROOT / "clauses" / name, out / name)
    (out / "definitions").mkdir()
    shutil.copy(ROOT / "clauses" / "definitions" / "core.yaml", out / "definitions" / "core.yaml")
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        folder = out / category
        folder.mkdir(exist_ok=True)
        (folder / f"generated-{i:05d}.yaml").write_text(
            CLAUSE.format(category=category, n=i, days=1 + i % 300, rationale=RATIONALE.strip()),
            encoding="utf-8")
    return out


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
