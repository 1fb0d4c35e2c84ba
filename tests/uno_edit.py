"""Edit Word files in LibreOffice as a person would, through its Python UNO bridge.

Run with the system Python that has LibreOffice's `uno` module (Debian: python3-uno),
not the project's virtual environment:

    /usr/bin/python3 tests/uno_edit.py jobs.json

jobs.json is a list of jobs, all done in one LibreOffice session: each opens `file`,
optionally records changes as `author`, runs its `steps` in order, and saves the result
as `save` (.docx) or `pdf` (a job that exports a PDF cannot add comments). Steps:
  {"insert_section_before": "Definitions.", "title": "New Heading.", "text": "Body."}
      a new section heading (and a paragraph of text) before the heading that reads so
  {"replace": "old words", "with": "new words"}   {"delete": "words"}
  {"comment": "anchor words", "text": "the comment"}
  {"update_fields": true}   refresh every field, as Tools > Update > Update All does
Prints one JSON line per job: the section headings as LibreOffice numbers them.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno  # noqa: E402  (LibreOffice's bridge: only in the system Python)
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile, pipe):
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, ctx
        except Exception:
            time.sleep(0.1)
    stop(office)
    raise SystemExit("LibreOffice did not start")


def stop(office):
    """End LibreOffice and the processes it started (soffice is a wrapper script)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(office.pid, signal.SIGKILL)
    office.wait()


def set_author(ctx, name):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    first, _, last = name.partition(" ")
    access.setPropertyValue("givenname", first)
    access.setPropertyValue("sn", last)
    access.commitChanges()


def paragraphs(doc):
    out = []
    items = doc.getText().createEnumeration()
    while items.hasMoreElements():
        p = items.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            out.append(p)
    return out


def find(doc, words):
    """A cursor selecting the first place the words appear within one paragraph."""
    for p in paragraphs(doc):
        at = p.getString().find(words)
        if at >= 0:
            cursor = p.getText().createTextCursorByRange(p.getStart())
            cursor.goRight(at, False)
            cursor.goRight(len(words), True)
            return cursor
    raise SystemExit(f"not found: {words!r}")


def step(doc, ctx, s):
    text = doc.getText()
    if "insert_section_before" in s:
        target = next(p for p in paragraphs(doc) if p.getString() == s["insert_section_before"])
        cursor = text.createTextCursorByRange(target.getStart())
        text.insertString(cursor, s["title"], False)
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        # the new heading keeps the style; a text paragraph goes after it
        heading = next(p for p in paragraphs(doc) if p.getString() == s["title"])
        cursor = text.createTextCursorByRange(heading.getEnd())
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, s["text"], False)
        cursor.ParaStyleName = "Section Text"
    elif "replace" in s:
        found = find(doc, s["replace"])
        found.setString(s["with"])
    elif "delete" in s:
        find(doc, s["delete"]).setString("")
    elif "comment" in s:
        found = find(doc, s["comment"])
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = s.get("author", "Reviewer")
        note.Content = s["text"]
        found.getText().insertTextContent(found, note, True)
    elif s.get("update_fields"):
        doc.getTextFields().refresh()
        doc.refresh()


def run(jobs):
    profile = tempfile.mkdtemp(prefix="ordgen-uno-")
    office, ctx = connect(profile, f"ordgen_uno_{os.getpid()}")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    try:  # every job in one LibreOffice session
        for job in jobs:
            if job.get("author"):
                set_author(ctx, job["author"])
            url = uno.systemPathToFileUrl(job["file"])
            if job.get("pdf"):  # exporting a PDF needs the layout of a (hidden) window
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            else:  # a comment's window needs Writer's user interface, not in -nogui
                doc = ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.text.TextDocument", ctx)
                doc.load((prop("URL", url), prop("FilterName", "MS Word 2007 XML")))
            if job.get("track"):
                doc.RecordChanges = True
            for s in job.get("steps", []):
                step(doc, ctx, s)
            headings = [(p.ListLabelString, p.getString()) for p in paragraphs(doc)
                        if p.ParaStyleName == "Section Heading"]
            if job.get("save"):
                doc.storeToURL(uno.systemPathToFileUrl(job["save"]),
                               (prop("FilterName", "MS Word 2007 XML"),))
            elif job.get("pdf"):
                doc.storeToURL(uno.systemPathToFileUrl(job["pdf"]),
                               (prop("FilterName", "writer_pdf_Export"),))
            doc.close(True)
            print(json.dumps({"headings": headings}), flush=True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            office.wait(30)  # it stops by itself once told to
        stop(office)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        run(json.load(fh))
