from __future__ import annotations

import marshal
import os
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


def entries(folder: Path, kind: str = "") -> list[Path]:
    return sorted((folder / kind if kind else folder).rglob("*.bin"))


def test_entries_are_signed_data_and_anything_else_is_a_miss(fresh: Path) -> None:
    text = "e: [1, two]\n"
    source.parse(Path("x.yaml"), text)
    (entry,) = entries(fresh)
    good = entry.read_bytes()
    assert b"two" in good  # msgpack data, readable as such
    for forged in (good[:-1] + b"\x00",  # tampered
                   good[:20],  # cut short
                   b"\x80\x04\x95" + good,  # a pickle's opening, or anything else
                   marshal.dumps(((compile("open('PWNED','w')", "<t>", "exec"), []),))):
        entry.write_bytes(forged)
        assert source.parse(Path("x.yaml"), text).data == {"e": [1, "two"]}
        assert entry.read_bytes() == good  # the miss rewrote the entry


def test_an_entry_signed_with_another_key_is_a_miss(fresh: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDGEN_CACHE_KEY", "someone-elses-key-0123456789")
    cache.store("yaml", cache.key("yaml", "f: 1\n"), {"f": "forged"})
    monkeypatch.setenv("ORDGEN_CACHE_KEY", "the-users-own-key-0123456789")
    assert source.parse(Path("x.yaml"), "f: 1\n").data == {"f": 1}


def test_an_entry_copied_under_another_name_is_a_miss(fresh: Path) -> None:
    cache.store("yaml", "ab" + "0" * 62, {"g": "one"})
    cache.store("yaml", "cd" + "0" * 62, {"g": "two"})
    first, second = entries(fresh)
    second.write_bytes(first.read_bytes())
    assert cache.load("yaml", "cd" + "0" * 62) is None
    assert cache.load("yaml", "ab" + "0" * 62) == ({"g": "one"},)


def test_only_plain_data_is_stored(fresh: Path) -> None:
    import datetime as dt

    for value in ({"d": dt.date(2026, 1, 1)}, {1: "int key"}, (1, 2), {"x": 2**70}, b"raw"):
        assert not cache.plain(value)
        cache.store("yaml", cache.key(repr(value)), value)
    assert entries(fresh) == []
    assert source.parse(Path("x.yaml"), "d: 2026-01-01\n").data["d"] == dt.date(2026, 1, 1)
    assert source.parse(Path("x.yaml"), "d: 2026-01-01\n").data["d"] == dt.date(2026, 1, 1)


def test_templates_are_cached_as_programs_never_as_code(fresh: Path) -> None:
    templating.render("{% if n %}{{ n | words }}{% endif %} days", {"n": 2})
    assert len(entries(fresh, "templates")) == 1
    hit = cache.load("templates", templating._key("{% if n %}{{ n | words }}{% endif %} days"))
    assert hit is not None and cache.plain(hit[0])
    assert hit[0]["program"][0][0] == "if" and hit[0]["names"] == ["n"]


def test_a_cached_program_of_the_wrong_shape_is_a_miss(fresh: Path) -> None:
    text = "{{ n }} items"
    cache.store("templates", templating._key(text), {"program": [["exec", 1, "x"]],
                                                     "names": ["n"]})
    assert templating.render(text, {"n": 3}) == "3 items"


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_folder_others_may_write_to_is_not_used(mode: int, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(folder))
    assert cache.folder() is None
    source.parse(Path("x.yaml"), "h: 1\n")
    assert entries(folder) == []


def test_a_folder_of_another_user_is_not_used(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(folder))
    assert cache.folder() is None


def test_the_default_folder_an_older_version_left_open_is_made_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORDGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "ordgen").mkdir(mode=0o775)
    (tmp_path / "ordgen").chmod(0o775)
    assert cache.folder() == str(tmp_path / "ordgen")
    assert (tmp_path / "ordgen").stat().st_mode & 0o777 == 0o755


def test_a_key_file_is_created_private_and_one_others_can_read_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ORDGEN_CACHE_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert cache.folder() == str(tmp_path / "cache")
    key = Path(cache.key_file())
    assert key.parent == tmp_path / "config" / "ordgen"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) == 64
    assert not (tmp_path / "cache" / "cache-key").exists()  # kept outside the cache
    key.chmod(0o644)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config") + "/")  # checked afresh
    assert cache.folder() is None


def test_links_planted_in_the_cache_are_never_written_through(fresh: Path,
                                                             tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    name = cache.key("yaml", "i: 1\n")
    (fresh / "yaml" / name[:2]).mkdir(parents=True)
    os.symlink(victim, fresh / "yaml" / name[:2] / f"{name}.bin")
    # where an older version put its temporary file, by a name anyone could guess
    os.symlink(victim, fresh / "yaml" / name[:2] / f"{name}.bin.{os.getpid()}.tmp")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = cache.key("yaml", "j: 1\n")
    os.symlink(elsewhere, fresh / "yaml" / other[:2])  # a planted folder link
    source.parse(Path("x.yaml"), "i: 1\n")
    source.parse(Path("x.yaml"), "j: 1\n")
    assert victim.read_text() == "precious\n"
    assert (fresh / "yaml" / name[:2] / f"{name}.bin").is_file()  # the link was replaced
    assert list(elsewhere.iterdir()) == []


def test_a_fifo_or_device_in_place_of_an_entry_does_not_block(fresh: Path) -> None:
    name = cache.key("yaml", "k: 1\n")
    folder = fresh / "yaml" / name[:2]
    folder.mkdir(parents=True)
    os.mkfifo(folder / f"{name}.bin")
    assert source.parse(Path("x.yaml"), "k: 1\n").data == {"k": 1}
    other = cache.key("yaml", "l: 1\n")
    (fresh / "yaml" / other[:2]).mkdir(exist_ok=True)
    os.symlink("/dev/zero", fresh / "yaml" / other[:2] / f"{other}.bin")
    assert source.parse(Path("x.yaml"), "l: 1\n").data == {"l": 1}


def test_entries_get_unpredictable_names_and_stale_temporary_files_go(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = cache.key("yaml", "m: 1\n")
    folder = fresh / "yaml" / name[:2]
    folder.mkdir(parents=True)
    stale = folder / ".ordgen-killed.tmp"
    stale.write_bytes(b"half an entry")
    os.utime(stale, (1, 1))
    monkeypatch.setattr(cache, "_folders", set())
    source.parse(Path("x.yaml"), "m: 1\n")
    assert [p.name for p in folder.iterdir()] == [f"{name}.bin"]


def test_the_ci_workflow_gives_every_ordgen_step_the_cache_key() -> None:
    import re

    from conftest import ROOT
    from ruamel.yaml import YAML

    text = (ROOT / "docs" / "github-actions.md").read_text()
    flow = YAML(typ="safe").load(next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S)
                                      if b.startswith("name:")))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]
             if s.get("run", "").startswith("ordgen ")]
    assert len(steps) == 2
    for step in steps:
        assert step["env"]["ORDGEN_CACHE_KEY"] == "${{ secrets.ORDGEN_CACHE_KEY }}"
