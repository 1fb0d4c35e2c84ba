"""Read a Word file (.docx) as sections: ordgen's own drafts, a returned draft with an
attorney's tracked changes and comments, or a city's code saved from Word.

Paragraph styles and list numbering are read back: a heading style (or a short paragraph
that reads "Section 3. Title.", "Sec. 19.30.", "§ 2-173-020 ...") starts a section, and
the labels the lists show ("Section 3.", "(a)") are worked out from numbering.xml as Word
counts them. Tracked changes are read as accepted, or with `as_sent` as rejected.

A .docx is untrusted: it is read as a zip of bounded size, its XML with no DTD, no
entities and no network, and nothing in it runs.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..diagnostics import display_path, file_error
from ..document import Block, Paragraph, Redline
from ..source import read_bytes
from . import outline
from .sections import CodeText

MAX_BYTES = 25_000_000  # the .docx file
MAX_PART = 50_000_000  # one part, uncompressed: a zip bomb stops here
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT, STYLES, NUMBERING, COMMENTS = ("word/document.xml", "word/styles.xml",
                                         "word/numbering.xml", "word/comments.xml")
SKIP = {"pPr", "rPr", "drawing", "pict", "object", "AlternateContent", "footnoteReference",
        "endnoteReference", "commentReference", "sym", "instrText", "delInstrText",
        "txbxContent", "rPrChange"}
WRAPPERS = {"hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "bdo",
            "dir", "r"}
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


class Comment(Struct, frozen=True):
    """A comment in a Word file, and the section it is anchored in."""

    author: str
    text: str
    where: str  # the heading of its section, or "" in the preamble


class WordText(Struct, frozen=True):
    """A file read as sections, with its comments (only a Word file has any)."""

    code: CodeText
    comments: tuple[Comment, ...]


def q(tag: str) -> str:
    """A WordprocessingML tag in Clark notation: q("p") -> "{...main}p"."""
    return f"{{{W}}}{tag}"


def local(el: Any) -> str:
    """An element's tag without its namespace ("" for a comment or instruction)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def file_bytes(path: Path) -> bytes:
    """A Word file's bytes: a regular file of at most MAX_BYTES, never a FIFO or a device."""
    return read_bytes(path, limit=MAX_BYTES, kind="Word", suffix=".docx")


def parts(path: Path, data: bytes) -> dict[str, bytes]:
    """The parts ordgen reads, from the zip `data` (the file at `path`), checked first;
    located errors otherwise."""
    hint = "save it from Word as a Word Document (.docx), not .doc or .rtf"
    try:
        found: dict[str, bytes] = {}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if DOCUMENT not in names:
                raise file_error(path, "bad-docx", "not a Word document: it has no "
                                 f"{DOCUMENT}", hint)
            for name in (DOCUMENT, STYLES, NUMBERING, COMMENTS):
                if name not in names:
                    continue
                with z.open(name) as fh:
                    part = fh.read(MAX_PART + 1)
                if len(part) > MAX_PART:
                    raise file_error(path, "file-too-large", f"{name} unpacks to more than "
                                     f"{MAX_PART:,} bytes", "check that this is the file "
                                     "you meant")
                found[name] = part
        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
            NotImplementedError, RuntimeError, ValueError) as exc:
        raise file_error(path, "bad-docx", f"not a Word document: {exc}", hint) from None


def parse(data: bytes, path: Path, name: str) -> Any:
    """One part's XML with no DTD, entities or network."""
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise file_error(path, "bad-docx", f"{name} is not well-formed XML (line {line}): "
                         f"{exc.msg}", "open it in Word and save it again") from None
    if root.getroottree().docinfo.doctype:
        raise file_error(path, "bad-docx", f"{name} declares a DTD, which Word never writes",
                         "open it in Word and save it again")
    return root


class Styles:
    """Paragraph styles by id: name, base, list, heading level, bold."""

    def __init__(self, root: Any | None) -> None:
        self.info: dict[str, dict[str, Any]] = {}
        self.default = ""
        for style in [] if root is None else root.iterchildren(q("style")):
            if style.get(q("type")) != "paragraph":
                continue
            sid = style.get(q("styleId")) or ""
            name = style.find(q("name"))
            based = style.find(q("basedOn"))
            ppr = style.find(q("pPr"))
            b = style.find(f"{q('rPr')}/{q('b')}")
            self.info[sid] = {
                "name": (name.get(q("val")) or "") if name is not None else sid,
                "base": based.get(q("val")) if based is not None else None,
                "num": numbering_of(ppr), "outline": val(ppr, "outlineLvl"),
                "bold": None if b is None else on(b)}
            if style.get(q("default")) in ("1", "true"):
                self.default = sid

    def chain(self, sid: str) -> list[dict[str, Any]]:
        """A style and the styles it is based on, nearest first (a loop stops it)."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        while sid in self.info and sid not in seen and len(out) < 20:
            seen.add(sid)
            out.append(self.info[sid])
            sid = self.info[sid]["base"] or ""
        return out

    def first(self, sid: str, key: str) -> Any:
        """A property as a style has it, or inherits it from its bases."""
        return next((s[key] for s in self.chain(sid) if s[key] is not None), None)

    def heading(self, sid: str) -> int:
        """A heading style's level (Heading 2 -> 2), from its name or its outline level."""
        name = str(self.info.get(sid, {}).get("name", "")).casefold()
        if name.startswith("heading ") and name[8:].isdigit():
            return int(name[8:])
        level = self.first(sid, "outline")
        return int(level) + 1 if level is not None and str(level).isdigit() and \
            int(level) < 9 else 0


def val(ppr: Any | None, tag: str) -> str | None:
    """The w:val of a child element, if there is one."""
    el = None if ppr is None else ppr.find(q(tag))
    return None if el is None else el.get(q("val"))


def on(el: Any) -> bool:
    """Whether a toggle property (w:b) is on: present without a false value."""
    return el.get(q("val"), "true") not in ("0", "false", "off", "none")


def numbering_of(ppr: Any | None) -> tuple[str, int] | None:
    """A w:pPr's list: (numId, level), or None."""
    num = None if ppr is None else ppr.find(q("numPr"))
    if num is None:
        return None
    num_id = val(num, "numId")
    level = val(num, "ilvl") or "0"
    if num_id is None:
        return None
    return num_id, int(level) if level.isdigit() and int(level) < 9 else 0


class Lists:
    """Counts list paragraphs as Word does, and shows each one's label."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        for abstract in [] if root is None else root.iterchildren(q("abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(q("lvl")):
                ilvl = lvl.get(q("ilvl")) or "0"
                start = val(lvl, "start") or "1"
                levels[int(ilvl) if ilvl.isdigit() else 0] = (
                    int(start) if start.isdigit() else 1, val(lvl, "numFmt") or "decimal",
                    val(lvl, "lvlText") or "")
            self.levels[abstract.get(q("abstractNumId")) or ""] = levels
        for num in [] if root is None else root.iterchildren(q("num")):
            overrides = {}
            for o in num.iterchildren(q("lvlOverride")):
                restart = val(o, "startOverride") or ""
                at = o.get(q("ilvl")) or ""
                if restart.isdigit() and at.isdigit():
                    overrides[int(at)] = int(restart)
            self.nums[num.get(q("numId")) or ""] = (val(num, "abstractNumId") or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of a list at a level ("(b)", "Section 4."); "" for bullets."""
        if num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        starts = [overrides.get(i, levels.get(i, (1, "", ""))[0]) for i in range(9)]
        if abstract not in self.counters:
            self.counters[abstract] = [s - 1 for s in starts]
        counts = self.counters[abstract]
        for i in list(overrides):  # a restarting list instance starts over, once
            counts[i] = overrides.pop(i) - 1
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = starts[deeper] - 1
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for i in range(9):
            if f"%{i + 1}" in text:
                shown = levels.get(i, (1, "decimal", ""))[1]
                text = text.replace(f"%{i + 1}", number(max(counts[i], starts[i]), shown))
        return " ".join(text.split())


def number(n: int, fmt: str) -> str:
    """A counter in a Word number format."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out, left = "", n
        for value, numeral in ROMAN:
            while left >= value:
                out += numeral
                left -= value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Reader:
    """Walks a document's paragraphs in reading order, tracked changes made or undone."""

    def __init__(self, styles: Styles, lists: Lists, as_sent: bool) -> None:
        self.styles, self.lists, self.as_sent = styles, lists, as_sent
        self.paras: list[outline.Para] = []
        self.anchors: dict[str, int] = {}  # comment id -> paragraph index
        self.carried = ""  # text of a paragraph whose mark the changes take away
        self.waiting: list[str] = []  # comments anchored in that paragraph

    def gone(self, tag: str) -> bool:
        """Whether content marked with a tracked change of this kind is left out."""
        if tag in ("del", "moveFrom"):
            return not self.as_sent
        return tag in ("ins", "moveTo") and self.as_sent

    def body(self, el: Any) -> None:
        """The paragraphs of a body, a table or a content control, in order."""
        for child in el:
            tag = local(child)
            if tag == "p":
                self.paragraph(child)
            elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml"):
                self.body(child)

    def paragraph(self, p: Any) -> None:
        """One paragraph: its text, style and list label; a paragraph whose mark the
        changes take away joins the next one, as it does in Word."""
        ppr = p.find(q("pPr"))
        mark = None if ppr is None else ppr.find(q("rPr"))
        if self.as_sent and ppr is not None and ppr.find(q("pPrChange")) is not None:
            ppr = ppr.find(q("pPrChange")).find(q("pPr"))  # the style as sent
        text: list[str] = []
        bold: list[bool] = []
        comments: list[str] = []
        self.runs(p, text, bold, comments, [])
        joined = self.carried + "".join(text)
        comments = self.waiting + comments
        marked = {local(c) for c in mark} if mark is not None else set()
        if any(self.gone(tag) for tag in marked):  # the paragraph joins the next one
            self.carried, self.waiting = joined, comments
            return
        self.carried, self.waiting = "", []
        sid = val(ppr, "pStyle") or self.styles.default
        num = numbering_of(ppr) or self.styles.first(sid, "num")
        label = self.lists.label(*num) if num and num[0] != "0" else ""
        style_bold = bool(self.styles.first(sid, "bold"))
        for cid in comments:
            self.anchors.setdefault(cid, len(self.paras))
        self.paras.append(outline.Para(
            joined, len(self.paras) + 1, heading=self.styles.heading(sid), label=label,
            bold=bool(bold) and all(b or style_bold for b in bold)))

    def runs(self, el: Any, text: list[str], bold: list[bool], comments: list[str],
             fields: list[str]) -> None:
        """The text of a paragraph's content; `fields` holds the state of each open field
        ("code" until its result starts, then "result")."""
        for child in el:
            tag = local(child)
            if tag in SKIP or self.gone(tag):
                continue
            if tag in ("ins", "del", "moveFrom", "moveTo"):
                self.runs(child, text, bold, comments, fields)
            elif tag in ("commentRangeStart",):
                comments.append(child.get(q("id")) or "")
            elif tag == "fldChar":
                kind = child.get(q("fldCharType"))
                if kind == "begin":
                    fields.append("code")
                elif kind == "separate" and fields:
                    fields[-1] = "result"
                elif kind == "end" and fields:
                    fields.pop()
            elif tag in WRAPPERS:
                self.runs(child, text, bold, comments, fields)
            elif "code" in fields:  # a field's instructions are not its text
                continue
            elif tag in ("t", "delText"):
                words = child.text or ""
                text.append(words)
                if words.strip():
                    b = el.find(f"{q('rPr')}/{q('b')}") if local(el) == "r" else None
                    bold.append(b is not None and on(b))
            elif tag == "tab":
                text.append("\t")
            elif tag in ("br", "cr"):
                text.append(" ")
            elif tag == "noBreakHyphen":
                text.append("-")


def read(path: Path, *, as_sent: bool = False, data: bytes | None = None) -> WordText:
    """A .docx as sections and comments; tracked changes accepted, or rejected. `data`:
    the file's bytes, when they have been read already."""
    found = parts(path, file_bytes(path) if data is None else data)
    root = parse(found[DOCUMENT], path, DOCUMENT)
    styles = Styles(parse(found[STYLES], path, STYLES) if STYLES in found else None)
    lists = Lists(parse(found[NUMBERING], path, NUMBERING) if NUMBERING in found else None)
    reader = Reader(styles, lists, as_sent)
    body = root.find(q("body"))
    if body is None:
        raise file_error(path, "bad-docx", "not a Word document: it has no body",
                         "open it in Word and save it again")
    reader.body(body)
    if reader.carried:
        reader.paras.append(outline.Para(reader.carried, len(reader.paras) + 1))
    code = outline.build(reader.paras, path)
    comments = []
    if COMMENTS in found:
        where = section_at(code, reader.paras)
        for c in parse(found[COMMENTS], path, COMMENTS).iterchildren(q("comment")):
            note = Reader(styles, Lists(None), False)
            note.body(c)
            words = " ".join(" ".join(p.text for p in note.paras).split())
            at = reader.anchors.get(c.get(q("id")) or "")
            if words:
                comments.append(Comment(c.get(q("author")) or "", words,
                                        where[at] if at is not None else ""))
    return WordText(code, tuple(comments))


def section_at(code: CodeText, paras: list[outline.Para]) -> list[str]:
    """For each paragraph index, the heading of the section it falls in ("" before any)."""
    starts = {s.line: s.heading for s in code.sections}
    out, current = [], ""
    for para in paras:
        current = starts.get(para.line, current)
        out.append(current)
    return out


def load(path: Path, data: bytes | None = None) -> CodeText:
    """A .docx as sections, its tracked changes accepted."""
    return read(path, data=data).code


def with_comments(redline: Redline, comments: tuple[Comment, ...], path: Path) -> Redline:
    """The redline with a last part listing the comments of the file at `path`."""
    if not comments:
        return redline
    items = tuple(Paragraph(0, "", (f"{c.author or 'Unknown'} \u2014 "
                                    f"{(c.where or 'the preamble').rstrip('.')}: {c.text}",))
                  for c in comments)
    noun = "comment" if len(comments) == 1 else "comments"
    heading = (f"Comments in {display_path(path)}",)
    return Redline(redline.title, f"{redline.summary} {len(comments)} {noun}.",
                   (*redline.blocks, Block(heading, items)), redline.legend)
