"""A non-editable install carries the library and templates and builds from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_ships_library_and_builds_anywhere(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(ROOT)], check=True,
                   capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("ordgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ordgen/data/clauses/categories.yaml" in names
    assert any(n.startswith("ordgen/data/clauses/alpr/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    recipe = tmp_path / "recipe.yaml"
    text = (ROOT / "examples" / "denver.yaml").read_text()
    recipe.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith("library:")) + "\n")
    result = subprocess.run([sys.executable, "-m", "ordgen", "build", str(recipe), "-o",
                             str(tmp_path / "out.md")], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    assert "ordgen model separation library" in (tmp_path / "out.md").read_text()
    assert str(site) in subprocess.run(
        [sys.executable, "-c", "import ordgen.library as l; print(l.bundled_library())"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(site)}).stdout
    # the site's templates and assets ship too: the bundled library publishes from anywhere
    published = subprocess.run([sys.executable, "-m", "ordgen", "site", "-o", str(tmp_path / "pub")],
                               cwd=tmp_path, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(site)})
    assert published.returncode == 0, published.stderr
    assert (tmp_path / "pub" / "assets" / "lunr.min.js").is_file()
    assert "ordgen model separation library" in (tmp_path / "pub" / "index.html").read_text()
