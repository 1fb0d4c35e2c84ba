"""The batch manifest: outputs known by what built them, merged by shards under a lock,
and nothing read back that is not a regular file holding what the manifest says."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ordgen import manifest
from ordgen.jurisdictions import Row


def _write_entries(folder: str, start: int) -> None:
    for i in range(start, start + 40):
        manifest.write_manifest(Path(folder), {f"row-{i}.md": {"key": str(i), "sha256": "x"}})


@pytest.mark.skipif(sys.platform == "win32", reason="fork and flock")
def test_shards_writing_one_manifest_at_once_lose_no_entry(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_entries, args=(str(tmp_path), k * 100))
               for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert len(manifest.read_manifest(tmp_path)) == 160


def test_an_output_is_fresh_only_while_it_holds_what_was_recorded(tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "a.md"
    out.write_text("draft\n")
    entry = {"key": "k", "sha256": hashlib.sha256(b"draft\n").hexdigest()}
    manifest.write_manifest(tmp_path, {"a.md": entry})
    recorded = manifest.read_manifest(tmp_path)
    assert manifest.fresh(recorded, out, "k")
    assert not manifest.fresh(recorded, out, "another key")
    out.write_text("edited by hand\n")
    assert not manifest.fresh(recorded, out, "k")
    manifest.write_manifest(tmp_path, {"a.md": None})
    assert manifest.read_manifest(tmp_path) == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_an_outputs_place_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.md")
    recorded = {"a.md": {"key": "k", "sha256": "x"}}
    assert not manifest.fresh(recorded, tmp_path / "a.md", "k")  # returns; does not block


def test_an_unreadable_manifest_reads_as_empty(tmp_path: Path) -> None:
    (tmp_path / manifest.MANIFEST).write_text('{"outputs": [1, 2]')
    assert manifest.read_manifest(tmp_path) == {}
    (tmp_path / manifest.MANIFEST).write_text('["not", "an", "object"]')
    assert manifest.read_manifest(tmp_path) == {}


def test_a_rows_key_changes_with_its_values_and_nothing_else() -> None:
    row = Row(index=1, line=2, slug="a", jurisdiction={"name": "A"}, params={"c": {"days": 7}})
    same = Row(index=9, line=10, slug="b", jurisdiction={"name": "A"},
               params={"c": {"days": 7}})
    other = Row(index=1, line=2, slug="a", jurisdiction={"name": "A"},
                params={"c": {"days": 8}})
    assert manifest.row_key("s", row) == manifest.row_key("s", same)
    assert manifest.row_key("s", row) != manifest.row_key("s", other)
    assert manifest.row_key("s", row) != manifest.row_key("t", row)
