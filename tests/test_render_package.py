"""The Word package: template, page, properties and a zip that is the same every time."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.render import package


def test_timestamps_are_fixed_and_within_what_a_zip_holds(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert package.timestamp(None) == package.EPOCH
    assert package.timestamp("2026-03-04").isoformat().startswith("2026-03-04")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")  # past what a zip holds
    assert package.timestamp(None) == package.LATEST
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 5000)  # more digits than int() reads
    assert package.timestamp(None) == package.LATEST
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert package.timestamp(None).year == 2026


@pytest.mark.parametrize("epoch", ["\u00b2\u00b3", "-1", "1e9", "12 34", "\u0661\u0662"])
def test_a_source_date_epoch_that_is_not_seconds_is_refused(epoch: str,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(OrdgenError) as err:
        package.timestamp(None)
    (d,) = err.value.diagnostics
    assert (d.path, d.code) == ("SOURCE_DATE_EPOCH", "bad-environment")


def test_the_template_has_every_style_and_no_body() -> None:
    word = package.open_template(None)
    assert set(package.STYLES) <= set(package.style_ids(word))
    assert [p for p in word.paragraphs if p.text] == []


def test_long_titles_are_shortened_for_word(tmp_path: Path) -> None:
    word = package.open_template(None)
    title = "An ordinance " + "about many things " * 20
    package.core_properties(word, package.EPOCH, title=title, subject="s", category="c",
                            status="d", comments="x")
    data = package.package_bytes(word, package.EPOCH)
    props = docx.Document(BytesIO(data)).core_properties
    assert len(props.title) <= 255 and props.title.endswith("\u2026")
    with zipfile.ZipFile(BytesIO(data)) as z:
        assert z.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert package.package_bytes(word, package.EPOCH) == data


def test_a_template_without_a_list_gets_the_outline_list(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    plain = docx.Document()
    for rid, rel in list(plain.part.rels.items()):  # no numbering part at all
        if rel.reltype == RT.NUMBERING:
            del plain.part.rels[rid]
    plain.save(str(tmp_path / "plain.docx"))
    word = package.open_template(tmp_path / "plain.docx")
    package.outline(word)
    numbering = word.part.numbering_part.element
    names = [a.find(qn("w:name")).get(qn("w:val")) for a in numbering.iterchildren(qn("w:abstractNum"))]
    assert names == [package.LIST_NAME]
    ids = {style.style_id for style in word.styles if style.name in package.OUTLINE}
    assert len(ids) == len(package.OUTLINE)
    levels = [word.styles[name].element.pPr.numPr.ilvl.val for name in package.OUTLINE]
    assert levels == [0, 1, 2, 3, 4]
    package.outline(word)  # once is enough: a second call finds the list and adds nothing
    assert len(list(numbering.iterchildren(qn("w:abstractNum")))) == 1


def test_settings_app_properties_and_indents() -> None:
    from docx.oxml.ns import qn

    word = package.open_template(None)
    package.update_fields_on_open(word)
    package.update_fields_on_open(word)
    settings = word.settings.element
    assert len(settings.findall(qn("w:updateFields"))) == 1
    after = [c.tag for c in settings][[c.tag for c in settings].index(qn("w:updateFields")) + 1]
    assert after == qn("w:compat")  # where the schema wants it
    package.app_properties(word)
    data = package.package_bytes(word, package.EPOCH)
    with zipfile.ZipFile(BytesIO(data)) as z:
        app = z.read("docProps/app.xml").decode()
    from ordgen import __version__

    assert f"<Application>ordgen {__version__}</Application>" in app
    assert "Microsoft" not in app
    assert package.indents(word)["Subsection 2"] == '<w:ind w:left="1440" w:hanging="720"/>'
