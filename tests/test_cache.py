from __future__ import annotations

from pathlib import Path

import pytest

from ordgen import cache, source, templating


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ORDGEN_NO_CACHE", raising=False)
    templating._compiled.clear()
    return tmp_path / "cache"


def test_parsed_yaml_is_reused(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: [1, 2]\nb: text\n"
    assert source.parse(Path("x.yaml"), text).data == {"a": [1, 2], "b": "text"}
    monkeypatch.setattr(source, "_safe_loader", lambda: pytest.fail("parsed again"))
    assert source.parse(Path("y.yaml"), text).data == {"a": [1, 2], "b": "text"}


def test_compiled_templates_are_reused(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "{{ n | words }} days"
    assert templating.render(text, {"n": 3}) == "three (3) days"
    templating._compiled.clear()
    monkeypatch.setattr(templating, "_compile", lambda t: pytest.fail("compiled again"))
    assert templating.render(text, {"n": 4}) == "four (4) days"


def test_refused_templates_are_never_cached(fresh: Path) -> None:
    with pytest.raises(templating.SecurityError):
        templating.compile_template("{{ 'a' ~ 'b' }}")
    assert not list(fresh.rglob("*.bin"))


def test_corrupt_entries_are_ignored(fresh: Path) -> None:
    text = "c: 3\n"
    source.parse(Path("x.yaml"), text)
    (entry,) = fresh.rglob("*.bin")
    entry.write_bytes(b"\x00garbage")
    assert source.parse(Path("x.yaml"), text).data == {"c": 3}


def test_cache_can_be_turned_off(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDGEN_NO_CACHE", "1")
    source.parse(Path("x.yaml"), "d: 4\n")
    assert cache.folder() is None and not fresh.exists()
