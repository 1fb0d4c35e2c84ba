"""Compiling templates ahead of use, in worker processes, gives what compiling on use does."""

from __future__ import annotations

from pathlib import Path
from types import CodeType

import jinja2
import pytest
from jinja2 import TemplateSyntaxError

from ordgen import templating

GOOD = [f"Section {{{{ n }}}} of {i}: {{{{ name | upper }}}}." for i in range(6)]
BROKEN = "Unclosed {% if n %} block"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache and no compiled templates; returns the texts compiled in this process."""
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ORDGEN_NO_CACHE", raising=False)
    monkeypatch.setattr(templating, "_compiled", {})
    here: list[str] = []
    compile_one = templating._compile

    def counted(text: str) -> tuple[CodeType, frozenset[str]]:
        here.append(text)  # a worker appends to its own copy of the list
        return compile_one(text)

    monkeypatch.setattr(templating, "_compile", counted)
    return here


def test_templates_compile_in_workers(fresh: list[str], monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    monkeypatch.setattr(templating, "PER_WORKER", 2)
    templating.precompile([*GOOD, BROKEN, "plain text"], jobs=2)
    assert fresh == []  # nothing was compiled in this process
    assert set(GOOD) <= set(templating._compiled)
    context = {"n": 3, "name": "staging"}
    assert [templating.render(t, context) for t in GOOD] == [
        f"Section 3 of {i}: STAGING." for i in range(6)]
    assert fresh == []
    with pytest.raises(TemplateSyntaxError):  # left to be reported where it is used
        templating.compile_template(BROKEN)
    assert fresh == [BROKEN]


def test_workers_store_what_they_compile(fresh: list[str], monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setattr(templating, "PER_WORKER", 2)
    templating.precompile(GOOD, jobs=2)
    templating._compiled.clear()
    templating.precompile(GOOD, jobs=2)  # all in the cache: nothing to compile
    assert [templating.render(t, {"n": 1, "name": "x"}) for t in GOOD][0] == "Section 1 of 0: X."
    assert fresh == []


def test_little_work_stays_in_this_process(fresh: list[str]) -> None:
    templating.precompile(GOOD, jobs=2)  # six templates: not worth a worker
    assert templating._compiled == {}
    templating.render(GOOD[0], {"n": 1, "name": "x"})
    assert fresh == [GOOD[0]]


def test_a_filter_on_an_undefined_name_reports_the_name() -> None:
    with pytest.raises(jinja2.UndefinedError, match="'x' is undefined"):
        templating.render("{{ x | words }}", {})
