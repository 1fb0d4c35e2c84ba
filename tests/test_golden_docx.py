"""Word output of the examples matches the reviewed golden XML, part by part.

The golden files hold each package's parts that carry words and structure (the body,
comments, numbering, custom properties), pretty-printed so that a change reads in a diff.
Regenerate after an intended change with:
ORDGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_docx.py
"""

from __future__ import annotations

import io
import os
import re
import zipfile

import msgspec
import pytest
from conftest import ROOT
from lxml import etree

from ordgen import api
from ordgen.render import render

GOLDEN = ROOT / "tests" / "golden" / "docx"
PARTS = ("word/document.xml", "word/comments.xml", "word/numbering.xml", "docProps/custom.xml")
CASES = [("minneapolis", "comments"), ("cook-county", "memo"), ("minneapolis-amend", "none"),
         ("harris-county", "inline"), ("chicago-executive-order", "none")]
COMMIT = re.compile(r"<vt:lpwstr>[0-9a-f]{40}(-dirty)?</vt:lpwstr>")


def normalized(data: bytes) -> str:
    """The package's telling parts as indented XML, the library commit left out."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in PARTS:
            if name not in z.namelist():
                continue
            tree = etree.fromstring(z.read(name))
            text = etree.tostring(tree, pretty_print=True, encoding="unicode")
            out.append(f"<!-- {name} -->\n{COMMIT.sub('<vt:lpwstr>COMMIT</vt:lpwstr>', text)}")
    return "\n".join(out)


@pytest.mark.parametrize(("example", "mode"), CASES, ids=[c[0] for c in CASES])
def test_word_output_matches_golden(example: str, mode: str) -> None:
    document = api.draft(ROOT / "examples" / f"{example}.yaml").document
    document = msgspec.structs.replace(document, rationale_mode=mode)
    text = normalized(render(document, "docx"))
    golden = GOLDEN / f"{example}-{mode}.xml"
    if os.environ.get("ORDGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden for {example}: run with ORDGEN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")
