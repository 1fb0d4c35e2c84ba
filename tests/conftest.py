"""Shared fixtures: small clause libraries and recipes written into tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"

# keep the suite's on-disk cache apart from the user's (subprocesses inherit this)
os.environ["ORDGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="ordgen-test-cache-")
# and sign its entries with a key of its own, so no test writes ~/.config/ordgen/cache-key
os.environ["ORDGEN_CACHE_KEY"] = "test-suite-cache-key-0123456789"

CATEGORIES = """\
- {id: findings, title: Findings, role: recitals}
- {id: purpose, title: Purpose, role: body}
- {id: definitions, title: Definitions, role: definitions}
- {id: property, title: City Property, role: body}
- {id: savings, title: Savings, role: body}
"""

AUTHORITIES = """\
printz-1997:
  kind: case
  title: Printz v. United States
  citation: Printz v. United States (U.S. 1997)
  short: Printz
  parenthetical: the federal government may not command state officers
  source: https://example.org/printz
usc-8-1373:
  kind: statute
  title: 8 U.S.C. 1373
  citation: 8 U.S.C. § 1373
  short: § 1373
  parenthetical: information about citizenship or immigration status
  source: https://example.org/1373
"""

RATIONALE = " ".join(["This rationale explains the clause in enough words."] * 20)

CLAUSES = {
    "findings/trust.yaml": f"""\
id: findings.trust
title: Trust
category: findings
summary: Trust findings.
text: |
  residents of {{{{ jurisdiction.name }}}} report crimes when they trust the police.

  entanglement diverts local resources.
rationale: {RATIONALE}
""",
    "purpose/statement.yaml": f"""\
id: purpose.statement
title: Purpose
category: purpose
summary: Purpose.
text: |
  The purpose of {{{{ this }}}} is to keep {{{{ term('agency', 'agencies') }}}} of the
  {{{{ jurisdiction.entity }}}} out of civil immigration enforcement.
requires: [definitions.core]
rationale: {RATIONALE}
""",
    "definitions/core.yaml": f"""\
id: definitions.core
title: Definitions
category: definitions
summary: Defined terms.
text: |
  For purposes of {{{{ this }}}}, these terms have the meanings given.
defines:
  agency: means any department of the {{{{ jurisdiction.entity }}}}.
  staging area: means a place used to assemble {{{{ term('agency', 'agencies') }}}}' vehicles.
  zoning district: includes every district.
rationale: {RATIONALE}
""",
    "property/staging.yaml": f"""\
id: property.staging
title: Use of Public Property
category: property
order: 10
summary: No staging on city lots.
params:
  notice_days:
    type: integer
    default: 10
    min: 0
    max: 90
    description: Days of notice.
variants:
  baseline:
    summary: Lots only.
    text: |
      - No {{{{ term('agency') }}}} shall allow a lot to be used as a {{{{ term('staging area') }}}}.
  strong:
    summary: Lots and parks, with notice.
    text: |
      The following apply to property of the {{{{ jurisdiction.entity }}}}:

      - No lot shall be used as a {{{{ term('staging area') }}}}.
        - This includes ramps.
        - This includes garages,
          whether or not attended.
          - Even at night.
      - Notice shall be posted within {{{{ notice_days | words }}}} days.
      - See {{{{ ref('savings.final') }}}}.
default_variant: strong
requires: [definitions.core, savings.final]
state_rules: [sanctuary-ban]
rationale: {RATIONALE} See {{{{ cite('usc-8-1373') }}}}.
authorities: [printz-1997]
example: {{notice_days: 5}}
""",
    "savings/final.yaml": f"""\
id: savings.final
title: Savings
category: savings
summary: Savings clause.
text: |
  Nothing in {{{{ this }}}} prohibits compliance with federal law.
rationale: {RATIONALE}
authorities: [usc-8-1373]
""",
}

STATE_LAWS = """\
- id: tx-sb4-2017
  state: TX
  name: Texas SB 4 (2017)
  citation: Tex. Gov't Code ch. 752
  forbids: Bars local policies that materially limit enforcement.
  penalties: Civil fines and removal from office.
  rules: [sanctuary-ban, detainer-mandate]
  confidence: reported
  source: https://example.org/tx
"""

RECIPE = """\
jurisdiction:
  name: City of Minneapolis
  kind: city
  state: MN
  governing_body: City Council
  police_agency: Minneapolis Police Department
  code_name: Minneapolis Code of Ordinances
title: An ordinance keeping city services separate from civil immigration enforcement
number: "2026-1"
library: lib
rationale: inline
clauses:
  - findings.trust
  - purpose.statement
  - property.staging: {variant: strong, notice_days: 7}
"""


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) below root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                        encoding="utf-8")
    return root


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small, sound clause library."""
    return write_tree(tmp_path / "lib", {"categories.yaml": CATEGORIES,
                                         "authorities.yaml": AUTHORITIES,
                                         "state-laws.yaml": STATE_LAWS, **CLAUSES})


@pytest.fixture
def recipe(library: Path) -> Path:
    """A recipe for the small library, next to it."""
    path = library.parent / "recipe.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return path


@pytest.fixture
def run_ordgen() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real `ordgen` command in a subprocess."""

    def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ordgen", *map(str, args)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)

    return run


def need_tool(name: str) -> str:
    """The path of an external tool; skip without it, except in CI where it must exist."""
    found = shutil.which(name)
    if found:
        return found
    if IN_CI:
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed")


# -- two versions of a short draft, for the comparison tests --------------------------------
OLD = """\
# ORDINANCE NO. 1

Text before the first section is the preamble.

## Section 1. Purpose.

The purpose of this ordinance is to keep city services separate from immigration enforcement.

## Section 2. Information.

\\(a) No agency shall share personal information with a federal immigration authority.

\\(b) No agency shall ask about immigration status.

## Section 3. City Property.

No lot, ramp or garage of the City shall be used as a staging area.

## Section 4. Reports.

The Mayor shall report every request for assistance to the City Council each year.
"""

NEW = """\
# ORDINANCE NO. 1

Text before the first section is the preamble.

## Section 1. Purpose.

The purpose of this ordinance is to keep city services separate from immigration enforcement.

## Section 2. City Property.

No lot, ramp, garage or park of the City shall be used as a staging area.

## Section 3. Information.

\\(a) No agency shall share personal information with a federal immigration authority.

\\(b) No agency or employee shall ask about immigration status.

## Section 4. Training.

Every employee shall be trained on this ordinance within one year.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def marks(content: tuple[Any, ...]) -> str:
    """Content as Markdown-like text, for short assertions."""
    return "".join(c if isinstance(c, str) else f"~~{c.text}~~" if c.kind == "del"
                   else f"<ins>{c.text}</ins>" for c in content)
