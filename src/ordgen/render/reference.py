"""A reference .docx from anyone, checked and cleaned before python-docx opens it.

Its zip is read here first, within caps on its size, its number of parts, each part's
size, their total and how far each is compressed (a zip bomb declares sizes it cannot
exceed, so the caps hold); parts must have plain names (no `..`, no backslashes), no
encryption and a good checksum. Every XML part is parsed with a parser that resolves no
entities, reads nothing from the network and refuses huge trees, and a part that declares
a DTD is refused. Relationships to anything outside the package (an attached template on a
server, a linked image, a mail-merge data source) are dropped, with the references to
them, so Word never reaches out when it opens a draft. What python-docx then opens is the
cleaned package, from memory.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import OrdgenError, file_error
from ..source import read_bytes

MAX_FILE = 64 * 1024 * 1024  # bytes of the .docx itself
MAX_PARTS = 1_000
MAX_PART = 32 * 1024 * 1024  # bytes of one part, uncompressed
MAX_TOTAL = 128 * 1024 * 1024  # bytes of all parts, uncompressed
MAX_RATIO = 100  # how far a part over RATIO_FROM bytes may be compressed
RATIO_FROM = 1024 * 1024
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_DOCUMENT = f"{DOC_RELS}/officeDocument"
_NAME = re.compile(r"[A-Za-z0-9_.~\-\[\]%]+")
# settings that exist only to reach outside the document: a template to attach, a mail
# merge's data source and query
_OUTWARD = {f"{{{W_NS}}}attachedTemplate", f"{{{W_NS}}}mailMerge"}


def checked(path: Path) -> io.BytesIO:
    """The reference document at `path`, checked and cleaned, ready for python-docx."""
    data = read_bytes(path, limit=MAX_FILE, kind="Word", suffix=".docx")
    return io.BytesIO(_cleaned(str(path), data))


@lru_cache(maxsize=2)  # a batch renders every draft from the same template
def _cleaned(shown: str, data: bytes) -> bytes:
    path = Path(shown)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _bad(path, f"template is not a Word document (not a zip file: {exc})") from None
    with archive:
        parts = _read_parts(path, archive)
    trees = {name: _parse(path, name, blob) for name, blob in parts.items()
             if name.endswith((".xml", ".rels"))}
    dropped = _drop_external(path, parts, trees)
    _drop_outward_settings(trees)
    _require_section(path, parts, trees)
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for name, blob in parts.items():
            if name in trees and (name in dropped or name.endswith("settings.xml")):
                blob = etree.tostring(trees[name], xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(name, blob)
    return out.getvalue()


def _bad(path: Path, message: str) -> OrdgenError:
    return file_error(path, "bad-template", message,
                      "save the template again from Word as a .docx (not .doc or .dotx), "
                      "or use the bundled one")


def _read_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every part's bytes, once its name, size, compression and checksum are found sound."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _bad(path, f"template has {len(infos):,} parts; at most {MAX_PARTS:,} are read")
    total = 0
    names: set[str] = set()
    for info in infos:
        name = info.filename
        segments = name.split("/")
        if (name in names or info.is_dir() or name.startswith("/")
                or any(s in ("", ".", "..") or not _NAME.fullmatch(s) for s in segments)):
            raise _bad(path, f"template has a part named {name!r}, which is not a plain part "
                             "name (or is named twice)")
        names.add(name)
        if info.flag_bits & 0x1:
            raise _bad(path, f"template part {name} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _bad(path, f"template part {name} is compressed in a way Word does not use")
        total += info.file_size
        if info.file_size > MAX_PART or total > MAX_TOTAL:
            raise _bad(path, f"template part {name} is {info.file_size:,} bytes uncompressed; "
                             f"a template may hold {MAX_PART:,} bytes in one part and "
                             f"{MAX_TOTAL:,} in all")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size,
                                                                             1):
            raise _bad(path, f"template part {name} is compressed more than {MAX_RATIO} to 1, "
                             "as no real document is")
    parts: dict[str, bytes] = {}
    for info in infos:
        try:
            parts[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError) as exc:
            raise _bad(path, f"template part {info.filename} cannot be read: {exc}") from None
    return parts


def _parse(path: Path, name: str, blob: bytes) -> Any:
    """One XML part, parsed so that nothing in it is fetched or expanded; a DTD is refused."""
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        root = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        line = f", line {exc.lineno}" if exc.lineno else ""
        raise _bad(path, f"template part {name}{line} is not well-formed XML: "
                         f"{exc.msg}") from None
    except ValueError as exc:
        raise _bad(path, f"template part {name} is not XML: {exc}") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _bad(path, f"template part {name} declares a DTD, which Word documents never "
                         "do (entities in a DTD can read files or expand without end)")
    return root


def _drop_external(path: Path, parts: dict[str, bytes], trees: dict[str, Any]) -> set[str]:
    """Remove every relationship that points outside the package, and the attributes that
    refer to it; refuse an internal target that leaves the package. Returns the names of
    the parts changed."""
    changed: set[str] = set()
    for name, root in trees.items():
        if not name.endswith(".rels"):
            continue
        folder, _, rels_file = name.rpartition("/")
        source = posixpath.join(posixpath.dirname(folder), rels_file.removesuffix(".rels"))
        gone: set[str] = set()
        for rel in list(root):
            if rel.get("TargetMode") == "External":
                gone.add(rel.get("Id", ""))
                root.remove(rel)
                continue
            target = rel.get("Target", "")
            resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else
                                          posixpath.join(posixpath.dirname(source), target))
            if "\\" in target or resolved.startswith("..") or ":" in target:
                raise _bad(path, f"template relationship in {name} points at {target!r}, "
                                 "outside the document")
        if gone:
            changed.add(name)
            if source in trees:
                _drop_references(trees[source], gone)
                changed.add(source)
    return changed


def _drop_references(root: Any, ids: set[str]) -> None:
    """Remove, from one part, the attributes that name dropped relationships (and the
    elements that exist only to hold one)."""
    for element in list(root.iter()):
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{DOC_RELS}}}") and value in ids:
                del element.attrib[attribute]
                if element.tag in _OUTWARD and element.getparent() is not None:
                    element.getparent().remove(element)
                    break


def _drop_outward_settings(trees: dict[str, Any]) -> None:
    for name, root in trees.items():
        if name.endswith("settings.xml"):
            for element in list(root.iter(*_OUTWARD)):
                element.getparent().remove(element)


def _require_section(path: Path, parts: dict[str, bytes], trees: dict[str, Any]) -> None:
    """The main document must end its body with section properties (the page)."""
    rels = trees.get("_rels/.rels")
    main = next((rel.get("Target", "").lstrip("/") for rel in (rels if rels is not None else [])
                 if rel.get("Type") == OFFICE_DOCUMENT), "word/document.xml")
    root = trees.get(posixpath.normpath(main))
    if root is None:
        raise _bad(path, f"template has no main document part ({main})")
    body = root.find(f"{{{W_NS}}}body")
    if body is None or body.find(f"{{{W_NS}}}sectPr") is None:
        raise _bad(path, "template's document has no section properties (w:sectPr), so it "
                         "has no page size or margins")
