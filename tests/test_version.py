"""The version: one number, in the package metadata and in the command."""

from __future__ import annotations

import tomllib
from conftest import ROOT

from ordgen import __version__
from ordgen.version import __version__ as version


def test_the_package_and_its_metadata_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__ == version
