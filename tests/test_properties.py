"""Property-based tests: whatever YAML or clause mapping arrives, the loader returns a
valid result or located diagnostics, and never raises anything else."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordgen.diagnostics import OrdgenError
from ordgen.model import STATES, BodyKind, Clause, Kind
from ordgen.source import parse
from ordgen.validate import clause_rules, to_model

PATH = Path("fuzz.yaml")
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(
    max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=12), inner, max_size=4), max_leaves=20)

CLAUSE_KEYS = ["id", "title", "category", "order", "summary", "params", "variants", "text",
               "default_variant", "defines", "requires", "conflicts", "state_rules",
               "rationale", "authorities", "example", "unknown"]
clause_like = st.dictionaries(st.sampled_from(CLAUSE_KEYS), values, max_size=12)

yaml_text = st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@ \n\t0123456789.,?")),
                    max_size=200)


def dump(data: object) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    return out.getvalue()


@SETTINGS
@given(yaml_text)
def test_any_text_parses_or_is_a_located_error(text: str) -> None:
    try:
        parse(PATH, text)
    except OrdgenError as exc:
        assert exc.diagnostics and all(d.path == "fuzz.yaml" for d in exc.diagnostics)


@SETTINGS
@given(clause_like)
def test_any_clause_mapping_validates_or_is_diagnosed(data: dict) -> None:
    try:
        source = parse(PATH, dump(data))
    except OrdgenError:
        return
    clause, errors = to_model(source, Clause)
    if clause is None:
        assert errors and all(d.is_error and d.line >= 1 for d in errors)
    else:
        for d in clause_rules(clause, source):
            assert d.line >= 1 and d.message


def _line(max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")),
                   min_size=1, max_size=max_size)


OFFICE = st.none() | st.just("none") | _line()
JURISDICTION = st.fixed_dictionaries(
    {"name": _line(80), "kind": st.sampled_from(list(get_args(Kind))),
     "state": st.sampled_from(sorted(STATES))},
    optional={key: OFFICE for key in ("short_name", "governing_body", "presiding_officer",
                                      "chief_executive", "executive", "clerk", "legal_office",
                                      "police_agency", "code_name", "number_label")}
    | {"body_kind": st.sampled_from(list(get_args(BodyKind))),
       "agencies": st.dictionaries(st.sampled_from(["police", "sheriff", "jail", "prosecutor",
                                                    "auditor", "complaints"]), OFFICE),
       "elected": st.lists(st.sampled_from(["police", "sheriff", "jail", "prosecutor"]),
                           unique=True, max_size=3)})
CLAUSES = ["findings.trust", "purpose.statement", "resources.general", "information.sharing",
           "policing.participation", "custody.programs", "property.staging",
           "enforcement.remedies", "codification.instructions", "effective.date",
           "savings.severability", "resolutions.legal-aid"]
RECIPES = st.fixed_dictionaries(
    {"jurisdiction": JURISDICTION, "title": _line(300),
     "clauses": st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=6, unique=True)},
    optional={"instrument": st.sampled_from(["ordinance", "resolution", "order",
                                             "executive-order"]),
              "number": _line(30), "enacting_clause": _line(200), "closing": st.booleans(),
              "rationale": st.sampled_from(["none", "inline", "memo", "comments"])})
LOADED: dict = {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECIPES)
def test_any_recipe_the_schema_accepts_renders_or_is_a_located_error(recipe: dict) -> None:
    """Every kind, state, office and instrument: a draft in every format, or located errors."""
    from conftest import ROOT

    from ordgen import api
    from ordgen.render import render

    text = dump({**recipe, "library": str(ROOT / "clauses")})
    try:
        document = api.draft(ROOT / "fuzz.yaml", recipe_text=text, loaded=LOADED).document
    except OrdgenError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)
        return
    for fmt in ("markdown", "html", "docx"):
        assert render(document, fmt)
