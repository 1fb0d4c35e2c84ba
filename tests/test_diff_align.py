"""Aligning sequences: difflib's answer when it is cheap, near-linear work when it is not."""

from __future__ import annotations

import difflib
import random
import time

import pytest

from ordgen.diff import align


def apply(ops: list, a: list[str], b: list[str]) -> list[str]:
    """Rebuild `b` from `a` and the opcodes: a check that they describe the change."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            out += b[j1:j2]
    return out


def test_short_sequences_get_difflibs_own_answer() -> None:
    a, b = ["the", "city", "shall", "not", "share", "data"], ["the", "city", "shall", "share", "no", "data"]
    assert align.opcodes(a, b) == difflib.SequenceMatcher(None, a, b,
                                                          autojunk=False).get_opcodes()


@pytest.mark.parametrize("shape", ["unlike", "same-words", "alternating", "one-edit"])
def test_long_sequences_take_near_linear_time(shape: str, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setattr(align, "MAX_PAIRS", 10_000)  # as if each side were 30 times longer
    r = random.Random(7)
    n = 30_000
    if shape == "unlike":
        a = [f"a{r.randrange(10**6)}" for _ in range(n)]
        b = [f"b{r.randrange(10**6)}" for _ in range(n)]
    elif shape == "same-words":
        a = [r.choice("xyz") for _ in range(n)]
        b = [r.choice("xyz") for _ in range(n)]
    elif shape == "alternating":
        a, b = ["p", "q"] * (n // 2), ["q", "p"] * (n // 2)
    else:
        a = [f"w{i}" for i in range(n)]
        b = a[:n // 2] + ["new"] + a[n // 2 + 1:]
    started = time.perf_counter()
    ops = align.opcodes(a, b)
    assert time.perf_counter() - started < 2
    assert apply(ops, a, b) == b
    if shape == "one-edit":  # anchors keep everything but the one word
        assert sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") == n - 1


def test_unique_elements_anchor_a_long_stretch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align, "MAX_PAIRS", 4)
    a = ["x", "a", "y", "b", "z", "c"]
    b = ["a", "q", "b", "r", "c", "s"]
    ops = align.opcodes(a, b)
    assert apply(ops, a, b) == b
    kept = [a[i1:i2] for tag, i1, i2, _, _ in ops if tag == "equal"]
    assert sum(kept, []) == ["a", "b", "c"]
