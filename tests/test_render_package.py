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
