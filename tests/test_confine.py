"""A library is read inside its folder only: no root of the machine or of the user as a
library, only regular files inside it, and caps on what one layer may hold."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from ordgen import confine
from ordgen.diagnostics import OrdgenError


def codes(found: list) -> list[str]:
    return sorted(d.code for d in found)


@pytest.mark.parametrize("root", ["/", "/usr", "/tmp", "/etc", "~", "~/.."])
def test_roots_of_the_machine_and_of_the_user_are_not_libraries(root: str) -> None:
    with pytest.raises(OrdgenError) as err:
        confine.check_root(Path(os.path.expanduser(root)))
    (d,) = err.value.diagnostics
    assert d.code == "library-too-broad"


def test_an_ordinary_folder_is_a_library_and_a_file_is_not(tmp_path: Path) -> None:
    confine.check_root(tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(OrdgenError) as err:
        confine.check_root(tmp_path / "f")
    assert err.value.diagnostics[0].code == "no-library"


def test_only_regular_files_inside_the_library_are_listed(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "a").mkdir(parents=True)
    (lib / "a" / "good.yaml").write_text("id: a.good\n")
    (lib / "categories.yaml").write_text("[]\n")
    outside = tmp_path / "secret.yaml"
    outside.write_text("password: x\n")
    os.symlink(outside, lib / "a" / "out.yaml")
    os.symlink(lib / "a" / "good.yaml", lib / "a" / "alias.yaml")  # inside: read
    os.symlink(tmp_path / "nowhere.yaml", lib / "a" / "broken.yaml")
    os.symlink("/dev/zero", lib / "a" / "zero.yaml")
    os.symlink("/dev/stdin", lib / "a" / "stdin.yaml")
    os.mkfifo(lib / "a" / "fifo.yaml")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(lib / "a" / "sock.yaml"))
        found: list = []
        files = confine.clause_files(lib, found, {"categories.yaml"})
    assert [p.name for p in files] == ["alias.yaml", "good.yaml"]
    by_name = {Path(d.path).name: d.code for d in found}
    assert by_name == {"out.yaml": "link-outside-library", "broken.yaml": "broken-link",
                       "zero.yaml": "link-outside-library", "stdin.yaml": "link-outside-library",
                       "fifo.yaml": "not-a-regular-file", "sock.yaml": "not-a-regular-file"}


def test_a_device_inside_the_root_is_not_opened(tmp_path: Path) -> None:
    problem = confine.outside_or_special("/dev", Path("/dev/null"))
    assert problem is not None and problem.code == "not-a-regular-file"
    assert "device" in problem.message


def test_a_layer_with_too_many_files_or_bytes_is_refused(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (tmp_path / f"c{i}.yaml").write_text("id: x\n" * 10)
    monkeypatch.setattr(confine, "MAX_ENTRIES", 4)
    with pytest.raises(OrdgenError, match="files and folders"):
        confine.clause_files(tmp_path, [])
    monkeypatch.setattr(confine, "MAX_ENTRIES", 100)
    monkeypatch.setattr(confine, "MAX_LIBRARY_BYTES", 100)
    with pytest.raises(OrdgenError, match="bytes of YAML"):
        confine.clause_files(tmp_path, [])
    monkeypatch.setattr(confine, "MAX_LIBRARY_BYTES", 10_000)
    monkeypatch.setattr(confine, "MAX_CLAUSE_FILES", 3)
    with pytest.raises(OrdgenError, match="YAML files"):
        confine.clause_files(tmp_path, [])
