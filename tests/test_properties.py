"""Property-based tests: whatever YAML or clause mapping arrives, the loader returns a
valid result or located diagnostics, and never raises anything else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordgen.diagnostics import OrdgenError
from ordgen.model import Clause
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
