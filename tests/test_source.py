"""Reading YAML as untrusted input: plain data only, with positions for diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.source import load, parse


def test_positions_are_found_when_a_diagnostic_needs_them(tmp_path: Path) -> None:
    source = parse(tmp_path / "a.yaml", "a:\n  b:\n    - x\n    - y\n")
    assert source.data == {"a": {"b": ["x", "y"]}}
    assert source.locate(("a", "b", 1)) == (4, 7)
    assert source.diag(("a", "b"), "c", "m").line == 3


@pytest.mark.parametrize(("text", "code"), [
    ("a: &x [1]\nb: *x\n", "yaml-alias"),
    ("a: !!python/object:os.system x\n", "yaml-syntax"),
    ("a: [1, 2\n", "yaml-syntax"),
    ("1: x\n", "bad-key"),
])
def test_what_is_refused(text: str, code: str, tmp_path: Path) -> None:
    with pytest.raises(OrdgenError) as err:
        parse(tmp_path / "a.yaml", text)
    assert err.value.diagnostics[0].code == code


def test_binary_and_control_characters_are_refused_where_they_stand(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\nb: \x07\n")
    with pytest.raises(OrdgenError) as err:
        load(path)
    (d,) = err.value.diagnostics
    assert (d.code, d.line, d.col) == ("control-character", 2, 4)
