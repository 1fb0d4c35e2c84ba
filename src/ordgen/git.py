"""Every git call ordgen makes: read-only plumbing that never runs a repository's own code.

A clause library may arrive with its `.git` folder, and a repository's configuration can
name programs to run (`core.fsmonitor`, hooks, filters, pagers, external diff tools).
ordgen therefore runs only plumbing commands that read objects (`rev-parse`, `ls-tree`,
`cat-file`), never `status` or `diff`, which run filters and the file-system monitor; it
turns off every executing key it knows of, ignores the system and global configuration,
and reads output separated by NUL bytes. Whether the library has changes is found by
hashing its files here, as git would without filters.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

from .diagnostics import OrdgenError, display_path, file_error
from .source import MAX_BYTES, read_bytes

TIMEOUT = 60  # seconds; a repository on a hung network mount must not hang ordgen
# keys whose values git would run, or that would make it reach the network
SAFE_CONFIG = ("core.fsmonitor=false", "core.hooksPath=/dev/null", "core.pager=cat",
               "core.sshCommand=false", "core.askPass=false", "credential.helper=",
               "diff.external=", "protocol.allow=never", "core.alternateRefsCommand=",
               "uploadpack.packObjectsHook=", "core.gitProxy=", "gpg.program=false",
               # a bare repository hidden inside a library is not taken for the library's
               "safe.bareRepository=explicit",
               # protocol.<name>.allow in the repository's config would win over
               # protocol.allow; ext:: runs a command
               *(f"protocol.{name}.allow=never"
                 for name in ("ext", "file", "git", "ssh", "http", "https", "fd")))


def command(folder: Path, *args: str) -> list[str]:
    """A git command line for `folder` with every executing key turned off."""
    safe = [part for key in SAFE_CONFIG for part in ("-c", key)]
    return ["git", "--no-pager", "--no-replace-objects", *safe, "-C", str(folder), *args]


def environment() -> dict[str, str]:
    """The process environment without the user's GIT_* settings, and with no system or
    global configuration, no prompts and no optional locks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C",
                # a partial clone fetches a missing object from its remote when asked for
                # it; no fetch, and no protocol allowed should one start
                "GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": "none",
                "GIT_PROTOCOL_FROM_USER": "0"})
    return env


def run(folder: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's standard output, or None when git is missing or the command fails."""
    try:
        done = subprocess.run(command(folder, *args), input=stdin, capture_output=True,
                              timeout=TIMEOUT, env=environment(),
                              stdin=None if stdin is not None else subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return None if done.returncode else done.stdout


def _in_repository(folder: Path) -> bool:
    top = folder.resolve()
    return any((p / ".git").exists() for p in (top, *top.parents))


def start_commit(folder: Path) -> Callable[[], str]:
    """Start asking git for the commit of the repository holding `folder`; call the result
    for the answer: the commit, with `-dirty` when the folder's YAML files differ from it,
    or "" outside a repository.

    git runs while the caller goes on (loading the library, say)."""
    try:
        if not _in_repository(folder):
            return str
        procs = [subprocess.Popen(command(folder, *args), stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                  env=environment())
                 for args in (("rev-parse", "--verify", "--quiet", "HEAD^{commit}"),
                              ("ls-tree", "-r", "-z", "HEAD"))]
    except OSError:
        return str

    def answer() -> str:
        outs = []
        for proc in procs:
            try:
                out, _ = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                for p in procs:
                    p.kill()
                    p.communicate()
                return ""
            if proc.returncode:
                return ""
            outs.append(out)
        oid = outs[0].decode("ascii", "replace").strip()
        return oid + ("-dirty" if _changed(folder, outs[1]) else "") if oid else ""

    return answer


def commit(folder: Path) -> str:
    """The commit of the repository holding `folder`, with -dirty when it has changes."""
    return start_commit(folder)()


def blob_id(data: bytes) -> str:
    """The id git gives a file's content (SHA-1 of its blob), without filters."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _changed(folder: Path, listing: bytes) -> bool:
    """Whether the YAML files below `folder` differ from the tree `ls-tree -r -z` listed
    (paths relative to the folder)."""
    committed: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        meta, _, raw = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and raw.endswith((b".yaml", b".yml")):
            committed[os.fsdecode(raw)] = parts[2].decode("ascii")
    present: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for filename in filenames:
            if filename.endswith((".yaml", ".yml")):
                path = Path(dirpath) / filename
                present[path.relative_to(folder).as_posix()] = _present_blob(path)
    return present != committed


def _present_blob(path: Path) -> str:
    """The blob id of a file as git would store it: a link as its target's name (never
    followed), a regular file by its bytes; "" (a change) for anything else, or a file
    larger than any library file may be (the library refuses it anyway)."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return blob_id(os.fsencode(os.readlink(path)))
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
            return blob_id(read_bytes(path, limit=MAX_BYTES))
    except (OSError, OrdgenError):
        pass
    return ""


class Repository:
    """Read-only access to the history of the repository holding one folder."""

    def __init__(self, folder: Path, what: str = "library folder") -> None:
        self.folder = folder
        self.shown = display_path(folder)
        if not folder.is_dir():
            state = "is not a folder" if folder.exists() else "does not exist"
            raise self.error("no-library", f"{what} {state}",
                             "give the clause library's folder, such as clauses/")
        top = self.text("rev-parse", "--show-toplevel")
        prefix = self.text("rev-parse", "--show-prefix")
        if top is None or prefix is None:
            raise self.error("not-a-repository", f"the {what} is not in a git repository",
                             "--revisions REV1..REV2 compares commits; run it inside a clone")
        self.top = Path(top.strip())
        self.prefix = prefix.strip()

    def error(self, code: str, message: str, hint: str) -> OrdgenError:
        return file_error(self.shown, code, message, hint)

    def text(self, *args: str) -> str | None:
        data = run(self.folder, *args)
        return None if data is None else data.decode("utf-8", "replace")

    def commit(self, rev: str) -> str | None:
        """The commit a revision names, or None."""
        out = self.text("rev-parse", "--verify", "--quiet", "--end-of-options",
                        f"{rev}^{{commit}}")
        return out.strip() if out else None

    def files(self, commit: str, suffixes: tuple[str, ...] = (".yaml", ".yml")
              ) -> dict[bytes, bytes]:
        """The folder's files at a commit, by their raw path below the folder."""
        listing = run(self.folder, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
                      self.prefix or ".") or b""
        entries = []  # (raw path below the folder, blob id)
        prefix = os.fsencode(self.prefix)
        for entry in listing.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == b"blob" and name.endswith(
                    tuple(s.encode() for s in suffixes)) and name.startswith(prefix):
                entries.append((name[len(prefix):], parts[2]))
        if not entries:
            return {}
        request = b"".join(oid + b"\n" for _, oid in entries)
        out = run(self.folder, "cat-file", "--batch", stdin=request) or b""
        found: dict[bytes, bytes] = {}
        pos = 0
        for name, _ in entries:  # each answer: "<oid> blob <size>\n<content>\n"
            end = out.find(b"\n", pos)
            if end < 0:
                break
            header = out[pos:end].split()
            if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
                pos = end + 1
                continue
            size = int(header[2])
            found[name] = out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
        return found
