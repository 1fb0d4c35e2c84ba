"""Broken and hostile input: exit 1 (or 2 for usage), a located message, no traceback,
and no output file written or changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RECIPE, need_tool

Run = Callable[..., "subprocess.CompletedProcess[str]"]  # noqa: F821


def assert_refused(result, *fragments: str, code: int = 1) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == code, out
    assert "Traceback" not in out
    for fragment in fragments:
        assert fragment in out, out


def build(run_ordgen: Run, recipe: Path, out: Path):
    return run_ordgen("build", recipe, "-o", out)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An existing output file that a failed build must leave untouched."""
    path = tmp_path / "draft.md"
    path.write_text("previous draft\n")
    return path


def untouched(out: Path) -> None:
    assert out.read_text() == "previous draft\n"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".draft.md")]


# -- YAML ------------------------------------------------------------------------------------

YAML_CASES = {
    "syntax": (RECIPE.replace("title: An", "title: [An"), "recipe.yaml:", "yaml-syntax"),
    "tab": (RECIPE.replace("  kind: city", "\tkind: city"), "recipe.yaml:3:1", "tabs"),
    "duplicate-key": (RECIPE + "title: again\n", "duplicate key", "recipe.yaml:16:1"),
    "empty": ("", "expected a mapping", "recipe.yaml"),
    "scalar": ("just a sentence\n", "expected a mapping", "recipe.yaml:1:1"),
    "unknown-key": (RECIPE.replace("title:", "titel: x\ntitle:"), "unknown key 'titel'",
                    "did you mean 'title'?"),
    "alias": (RECIPE + "x: &a [1]\ny: *a\n", "anchors and aliases are not allowed", "recipe.yaml"),
    "bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
             "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n", "aliases are not allowed",
             "recipe.yaml"),
    "deep": ("a: " + "[" * 10000 + "]" * 10000 + "\n", "nesting is deeper", "recipe.yaml"),
    "python-object": (RECIPE + "x: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
                      "recipe.yaml:", "yaml-syntax"),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_broken_yaml_recipe(case: str, recipe: Path, out: Path, run_ordgen: Run) -> None:
    text, *fragments = YAML_CASES[case]
    recipe.write_text(text)
    assert_refused(build(run_ordgen, recipe, out), *fragments)
    untouched(out)


def test_not_utf8(recipe: Path, out: Path, run_ordgen: Run) -> None:
    recipe.write_bytes(RECIPE.encode().replace(b"Minneapolis Police", b"Minneapolis \xff Police"))
    assert_refused(build(run_ordgen, recipe, out), "recipe.yaml:6:30", "not valid UTF-8")
    untouched(out)


def test_binary_garbage(recipe: Path, out: Path, run_ordgen: Run) -> None:
    recipe.write_bytes(bytes(range(256)) * 4)
    assert_refused(build(run_ordgen, recipe, out), "recipe.yaml")
    untouched(out)


def test_fifty_megabyte_file(recipe: Path, out: Path, run_ordgen: Run) -> None:
    with recipe.open("w") as fh:
        fh.write(RECIPE)
        fh.write("# " + "x" * (50 * 1024 * 1024) + "\n")
    assert_refused(build(run_ordgen, recipe, out), "file is", "at most")
    untouched(out)


def test_symlink_loop_in_library(library: Path, recipe: Path, out: Path, run_ordgen: Run) -> None:
    os.symlink(library / "loop-b.yaml", library / "property" / "loop-a.yaml")
    os.symlink(library / "property" / "loop-a.yaml", library / "loop-b.yaml")
    os.symlink(library, library / "property" / "self")  # a folder link back to the root
    assert_refused(build(run_ordgen, recipe, out), "loop-a.yaml", "broken-link")
    untouched(out)


# -- library ---------------------------------------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


LIBRARY_CASES = {
    "duplicate-id": ("savings/final.yaml", "id: savings.final", "id: property.staging",
                     "duplicate-id"),
    "unknown-category": ("savings/final.yaml", "category: savings", "category: saving",
                         "did you mean 'savings'?"),
    "requires-cycle": ("savings/final.yaml", "authorities: [usc-8-1373]",
                       "authorities: [usc-8-1373]\nrequires: [property.staging]",
                       "requires form a cycle"),
    "unknown-authority": ("savings/final.yaml", "[usc-8-1373]", "[usc-8-137]",
                          "unknown authority 'usc-8-137'"),
    "default-out-of-bounds": ("property/staging.yaml", "default: 10", "default: 100",
                              "above the maximum 90"),
    "unknown-clause-key": ("savings/final.yaml", "summary:", "sumary: x\nsummary:",
                           "did you mean 'summary'?"),
    "scalar-for-mapping": ("property/staging.yaml", "params:\n  notice_days:",
                           "params: 3\nx:\n  notice_days:", "final.yaml"),
    "template-syntax": ("savings/final.yaml", "federal law.", "federal law {% if %}.",
                        "template-syntax"),
    "template-undefined": ("savings/final.yaml", "federal law.", "{{ secret_key }}.",
                           "'secret_key' is undefined"),
}


@pytest.mark.parametrize("case", sorted(LIBRARY_CASES))
def test_broken_library(case: str, library: Path, recipe: Path, out: Path,
                        run_ordgen: Run) -> None:
    rel, old, new, fragment = LIBRARY_CASES[case]
    edit(library / rel, old, new)
    if case == "scalar-for-mapping":
        fragment = "staging.yaml"
    result = build(run_ordgen, recipe, out)
    assert_refused(result, fragment)
    assert ".yaml:" in result.stderr  # located
    untouched(out)


def test_conflicting_clauses_both_selected(library: Path, recipe: Path, out: Path,
                                           run_ordgen: Run) -> None:
    edit(library / "savings/final.yaml", "authorities:", "conflicts: [findings.trust]\nauthorities:")
    assert_refused(build(run_ordgen, recipe, out), "'savings.final' and 'findings.trust'")
    untouched(out)


# -- templates: sandbox escapes --------------------------------------------------------------

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ jurisdiction.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pwned').read() }}",
    "{{ ref.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 100000000 }}",
    "{{ ('x' * 10000) * 10000 }}",
    "{{ '%999999999s' % 'x' }}",
    "{{ 'x'.center(999999999) }}",
    "{{ '{:>999999999}'.format('x') }}",
    "{% set a = 'xxxxxxxxxxxxxxxxxxxx' %}{% set b = [a,a,a,a,a,a,a,a,a,a]|join %}"
    "{% set c = [b,b,b,b,b,b,b,b,b,b]|join %}{% set d = [c,c,c,c,c,c,c,c,c,c]|join %}"
    "{% set e = [d,d,d,d,d,d,d,d,d,d]|join %}{{ e }}",
    "{% set a = 'xxxxxxxxxx' ~ 'yyyyyyyyyy' %}{{ a }}",
    "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{% include '/etc/passwd' %}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ lipsum() }}{{ namespace() }}",
    "{{ jurisdiction.items.__self__ }}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_sandbox_refuses_escapes(template: str, library: Path, recipe: Path, out: Path,
                                 run_ordgen: Run, tmp_path: Path) -> None:
    marker = Path("/tmp/pwned")
    marker.unlink(missing_ok=True)
    edit(library / "savings/final.yaml", "federal law.", "federal law. " + template)
    result = build(run_ordgen, recipe, out)
    assert_refused(result, "final.yaml:")
    assert "error[template-" in result.stderr or "error[yaml-syntax]" in result.stderr
    assert not marker.exists()
    untouched(out)


# -- recipes ---------------------------------------------------------------------------------

RECIPE_CASES = {
    "unknown-clause": ("  - purpose.statement", "  - purpose.statment",
                       "did you mean 'purpose.statement'?"),
    "wrong-param-type": ("notice_days: 7", "notice_days: seven", "expected a whole number"),
    "unknown-variant": ("variant: strong", "variant: strogn", "did you mean 'strong'?"),
    "missing-jurisdiction-field": ("  state: MN\n", "", "missing required key 'state'"),
    "bad-state": ("state: MN", "state: ZZ", "jurisdiction.state"),
    "missing-library": ("library: lib", "library: nowhere", "does not exist"),
    "library-is-file": ("library: lib", "library: recipe.yaml", "not a folder"),
}


@pytest.mark.parametrize("case", sorted(RECIPE_CASES))
def test_broken_recipe(case: str, recipe: Path, out: Path, run_ordgen: Run) -> None:
    old, new, fragment = RECIPE_CASES[case]
    edit(recipe, old, new)
    result = build(run_ordgen, recipe, out)
    assert_refused(result, fragment)
    untouched(out)


# -- output ----------------------------------------------------------------------------------

def test_output_in_missing_folder(recipe: Path, run_ordgen: Run, tmp_path: Path) -> None:
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path / "nope" / "x.md"),
                   "does not exist")
    assert not (tmp_path / "nope").exists()


def test_output_is_a_folder(recipe: Path, run_ordgen: Run, tmp_path: Path) -> None:
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path), "is a folder")


def test_output_in_read_only_folder(recipe: Path, run_ordgen: Run, tmp_path: Path) -> None:
    # root ignores permission bits, so as root use sysfs, which refuses new files
    folder = Path("/sys") if os.geteuid() == 0 else tmp_path / "ro"
    if folder != Path("/sys"):
        folder.mkdir()
        folder.chmod(0o500)
    try:
        assert_refused(run_ordgen("build", recipe, "-o", folder / "x.md"), "ermission denied")
    finally:
        if folder != Path("/sys"):
            folder.chmod(0o700)
    assert not (folder / "x.md").exists()


def test_unknown_output_format_leaves_nothing(recipe: Path, run_ordgen: Run,
                                              tmp_path: Path) -> None:
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path / "a.md", "-o",
                              tmp_path / "b.odt"), "cannot tell the output format")
    assert not (tmp_path / "a.md").exists()


def test_bad_usage_exits_2(recipe: Path, run_ordgen: Run) -> None:
    assert_refused(run_ordgen("build", recipe), code=2)
    assert_refused(run_ordgen("build", recipe, "-o", "x.md", "--rationale", "loud"), code=2)
    assert_refused(run_ordgen("frobnicate"), code=2)


def test_missing_recipe(run_ordgen: Run, tmp_path: Path) -> None:
    assert_refused(run_ordgen("build", tmp_path / "none.yaml", "-o", tmp_path / "x.md"),
                   "none.yaml", "file does not exist")


def test_no_network_code_in_ordgen() -> None:
    import ast

    from conftest import ROOT

    banned = {"socket", "urllib", "http", "requests", "httpx", "ftplib", "smtplib", "ssl"}
    for path in (ROOT / "src" / "ordgen").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in banned, f"{path.name} imports {name}"


# == a second hostile pass: one section per class of attack ==================================

def git(folder: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c",
                           "user.email=t@example.org", *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def evil_script(tmp_path: Path, marker: Path) -> Path:
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho ran >> {marker}\ncat\n")
    script.chmod(0o755)
    return script


# -- code execution: the cache holds signed data, git runs none of the repository's code ----

def test_a_cache_of_code_objects_is_never_run(recipe: Path, out: Path, run_ordgen: Run,
                                              tmp_path: Path) -> None:
    import marshal
    import pickle

    cache_dir = tmp_path / "cache"
    env = {"ORDGEN_CACHE_DIR": str(cache_dir)}
    assert build(run_ordgen, recipe, out).returncode == 0
    assert run_ordgen("build", recipe, "-o", out, env=env).returncode == 0
    first = out.read_bytes()
    pwned = tmp_path / "PWNED"
    code = compile(f"open({str(pwned)!r}, 'w')", "<t>", "exec")
    payloads = [marshal.dumps(((code, []),)), marshal.dumps((code,)),
                pickle.dumps(("os.system", f"touch {pwned}")), b"\x00garbage", b""]
    entries = sorted(cache_dir.rglob("*.bin"))
    assert entries
    for payload in payloads:
        for entry in entries:
            entry.write_bytes(payload)
        result = run_ordgen("build", recipe, "-o", out, env=env)
        assert result.returncode == 0, result.stderr
        assert not pwned.exists() and out.read_bytes() == first


GIT_EXECUTES = ["core.fsmonitor", "core.pager", "diff.external", "core.hooksPath",
                "filter.evil.clean", "filter.evil.smudge", "core.sshCommand",
                "core.alternateRefsCommand"]


def test_a_delivered_repository_runs_none_of_its_programs(library: Path, recipe: Path,
                                                          tmp_path: Path, run_ordgen: Run
                                                          ) -> None:
    need_tool("git")
    marker = tmp_path / "ran"
    script = evil_script(tmp_path, marker)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction",
                 "fsmonitor-watchman", "pre-auto-gc"):
        (hooks / hook).write_text(script.read_text())
        (hooks / hook).chmod(0o755)
    repo = library.parent
    (repo / "examples").mkdir()
    (repo / "examples" / "draft.yaml").write_text(RECIPE.replace("library: lib",
                                                                 "library: ../lib"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (library / "savings" / "final.yaml").write_text(
        (library / "savings" / "final.yaml").read_text().replace("federal law", "all law"))
    git(repo, "commit", "-qam", "two")
    for key in GIT_EXECUTES:
        git(repo, "config", key, str(hooks if key == "core.hooksPath" else script))
    git(repo, "config", "protocol.ext.allow", "always")
    git(repo, "config", "remote.origin.url", f"ext::sh -c {script}")
    (repo / ".gitattributes").write_text("*.yaml filter=evil diff=evil\n")
    git(repo, "config", "diff.evil.textconv", str(script))
    (library / "categories.yaml").write_text((library / "categories.yaml").read_text() + "\n")
    for args in (("build", recipe, "-o", tmp_path / "x.md"), ("check", library),
                 ("diff", "--library", "HEAD~1..HEAD", library, "-o", tmp_path / "c.md")):
        result = run_ordgen(*args, cwd=repo)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "-dirty" in (tmp_path / "x.md").read_text()
    assert not marker.exists()


# -- data loss: no input overwritten, all outputs or none, shards and killed runs -----------

def test_a_comparison_cannot_overwrite_its_input(tmp_path: Path, run_ordgen: Run) -> None:
    from conftest import NEW, OLD

    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD)
    new.write_text(NEW)
    os.link(new, tmp_path / "hard.md")
    for target in (new, old, tmp_path / "hard.md", tmp_path / "." / "new.md"):
        result = run_ordgen("diff", old, new, "-o", tmp_path / "other.md", "-o", target)
        assert_refused(result, "output-is-input")
    assert new.read_text() == NEW and old.read_text() == OLD
    assert not (tmp_path / "other.md").exists()


def test_an_amending_build_cannot_overwrite_its_code_text(tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    from ordgen import api
    from ordgen.diagnostics import OrdgenError

    for name in ("minneapolis-amend.yaml", "minneapolis-code-sample.md"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    recipe = tmp_path / "minneapolis-amend.yaml"
    recipe.write_text(recipe.read_text().replace("library: ../clauses",
                                                 f"library: {ROOT / 'clauses'}"))
    code = tmp_path / "minneapolis-code-sample.md"
    before = code.read_bytes()
    with pytest.raises(OrdgenError) as err:
        api.build(recipe, [tmp_path / "draft.docx", code])
    assert err.value.diagnostics[0].code == "output-is-input"
    assert code.read_bytes() == before and not (tmp_path / "draft.docx").exists()


def test_a_full_disk_on_the_second_output_leaves_the_first_as_it_was(
        recipe: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from ordgen import api, output
    from ordgen.diagnostics import OrdgenError

    first, second = tmp_path / "a.md", tmp_path / "b.docx"
    first.write_text("previous a\n")
    writes = []
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        writes.append(fd)
        if len(set(writes)) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(output.os, "write", write)
    with pytest.raises(OrdgenError) as err:
        api.build(recipe, [first, second])
    assert err.value.diagnostics[0].code == "write-failed"
    assert "No space left" in err.value.diagnostics[0].message
    assert first.read_text() == "previous a\n" and not second.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ordgen")] == []


def test_two_shards_run_at_once_into_one_folder(recipe: Path, tmp_path: Path,
                                                run_ordgen: Run) -> None:
    import json
    import subprocess
    import sys

    rows = "\n".join(f"City of Place {i},,city,MN,City Council,Mayor,Police,City Code"
                     for i in range(8))
    cities = tmp_path / "cities.csv"
    cities.write_text("name,short_name,kind,state,governing_body,executive,police_agency,"
                      "code_name\n" + rows + "\n")
    out = tmp_path / "drafts"
    procs = [subprocess.Popen([sys.executable, "-m", "ordgen", "-q", "batch", str(recipe),
                               "--jurisdictions", str(cities), "-o", str(out), "--shard",
                               f"{i}/2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i in (1, 2)]
    for proc in procs:
        assert proc.wait(120) == 0, proc.stderr.read() if proc.stderr else ""
    manifest = json.loads((out / ".ordgen-batch.json").read_text())["outputs"]
    assert len(manifest) == 8 == len(list(out.glob("*.md")))


def _killed_while_writing(folder: str) -> None:
    import signal

    from ordgen import output

    def die(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    output.os.replace = die  # type: ignore[assignment]  # killed between write and rename
    output.write_all([(Path(folder) / "city-of-x.md", b"half of a draft")])


def test_what_a_killed_run_left_is_cleaned_by_the_next(recipe: Path, tmp_path: Path,
                                                       run_ordgen: Run) -> None:
    import fcntl
    import multiprocessing

    out = tmp_path / "drafts"
    out.mkdir()
    child = multiprocessing.get_context("fork").Process(target=_killed_while_writing,
                                                        args=(str(out),))
    child.start()
    child.join(30)
    assert child.exitcode == -9
    (left,) = [p for p in out.iterdir() if p.name.startswith(".ordgen-")]
    assert left.name.endswith(".tmp") and "city-of-x" not in left.name  # not guessable
    live = out / ".ordgen-live.tmp"  # a temporary file another shard is writing now
    live.write_text("in progress")
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    for path in (left, live):
        os.utime(path, (1, 1))  # older than any write takes
    cities = tmp_path / "cities.csv"
    cities.write_text("name,kind,state,governing_body,police_agency,code_name\n"
                      "City of X,city,MN,City Council,Police,City Code\n")
    try:
        result = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", out)
        assert result.returncode == 0, result.stderr
        assert not left.exists() and live.exists()
    finally:
        os.close(holder)


def test_an_output_name_too_long_for_the_file_system_is_located(recipe: Path, tmp_path: Path,
                                                                run_ordgen: Run) -> None:
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path / ("t" * 290 + ".md")),
                   "output-not-writable", "too long")
    near = tmp_path / ("t" * 240 + ".md")  # the name fits; a temporary name must fit too
    result = run_ordgen("build", recipe, "-o", near)
    assert result.returncode == 0, result.stderr
    assert near.is_file()


# -- unsafe output: annotations, links out of the library, outward references in Word -------

def test_a_file_name_cannot_inject_workflow_commands(library: Path, run_ordgen: Run) -> None:
    name = "bad\n::error file=x.yaml::injected,line=1:x\r%0A.yaml"
    (library / "savings" / name).write_text("id: [\n")
    result = run_ordgen("check", library, "--format", "github")
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert not any(line.startswith("::error file=x.yaml") for line in lines)
    bad = [line for line in lines if "injected" in line]
    assert bad and all("bad%0A%3A%3Aerror file=x.yaml%3A%3Ainjected%2Cline=1%3Ax%0D%250A.yaml"
                       in line for line in bad)


def test_a_clause_linked_from_outside_the_library_is_not_read(library: Path, recipe: Path,
                                                              out: Path, run_ordgen: Run,
                                                              tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text((library / "savings" / "final.yaml").read_text().replace(
        "federal law", "SECRET-PASSWORD").replace("savings.final", "savings.secret"))
    os.symlink(secret, library / "savings" / "secret.yaml")
    result = build(run_ordgen, recipe, out)
    assert_refused(result, "secret.yaml", "link-outside-library")
    assert "SECRET-PASSWORD" not in result.stdout + result.stderr
    untouched(out)


def test_outward_references_and_odd_part_names_never_reach_a_draft(
        recipe: Path, tmp_path: Path, run_ordgen: Run) -> None:
    import zipfile

    from test_render_reference import EXTERNAL_RELS, hostile, member, template_with

    settings = member("word/settings.xml").replace("<w:zoom", '<w:attachedTemplate '
                                                   'r:id="rId99"/><w:zoom', 1)
    outward = template_with(tmp_path / "outward.docx", {"word/settings.xml": settings.encode()},
                            extra=(("word/_rels/settings.xml.rels", EXTERNAL_RELS.encode()),))
    draft = tmp_path / "draft.docx"
    result = run_ordgen("build", recipe, "-o", draft, "--template", outward)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(draft) as z:
        assert all(b"External" not in z.read(n) and b"attachedTemplate" not in z.read(n)
                   for n in z.namelist())
        assert all("\\" not in n and ".." not in n for n in z.namelist())
    for kind in ("backslash", "dotdot", "xxe", "encrypted", "crc", "no-sectpr", "bomb"):
        assert_refused(run_ordgen("build", recipe, "-o", tmp_path / "x.docx", "--template",
                                  hostile(kind, tmp_path)), "bad-template", f"{kind}.docx")
    assert not (tmp_path / "x.docx").exists()


# -- hangs and memory: caps before C calls, a budget for the command, nothing blocks --------

MORE_ESCAPES = [
    "{{ ([[1]*10]*10) | sum(start=[]) }}",
    "{{ ['a', 'b'] | sum(start='') }}",
    "{{ '{:>999999999}'.format('x') }}",
    "{{ '{0:>999999999}'.format_map(['x']) }}",
    "{% set s = 'x' * 10000 %}{% set a = [s, s, s, s] %}{% set b = [a, a, a, a] %}{{ [b, b, b] }}",
    "{% set s = 'x' * 10000 %}{{ ([s] * 2) | join }}",
    "{% set s = 'x' * 10000 %}{{ [s, s, s] | upper }}",
    "{% set q %}{% for a in range(1000) %}{% for b in range(1000) %}xx{% endfor %}"
    "{% endfor %}{% endset %}",
    "{% filter upper %}{% for a in range(1000) %}{% for b in range(1000) %}x{% endfor %}"
    "{% endfor %}{% endfilter %}",
    "{% set a = 2 ** 64 %}{% set b = a * a %}{% set c = b * b %}{% set d = c * c %}"
    "{% set e = d * d %}{% set f = e * e %}{% set g = f * f %}{% set h = g * g %}{{ h * h }}",
]


@pytest.mark.parametrize("template", MORE_ESCAPES)
def test_large_values_are_refused_before_they_are_built(template: str, library: Path) -> None:
    import resource
    import time

    from ordgen.diagnostics import OrdgenError
    from ordgen.library import load_library
    from ordgen.lint import lint_library

    edit(library / "savings/final.yaml", "federal law.", "federal law. " + template)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        found, _ = lint_library(load_library([library]))
    except OrdgenError as exc:
        found = exc.diagnostics
    assert time.perf_counter() - started < 3
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # kB
    assert any(d.code == "template-security" and d.path.endswith("final.yaml") for d in found)


def _slow_library(library: Path, clauses: int) -> None:
    loop = "{% for a in range(300) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"
    for i in range(clauses):
        text = (library / "savings" / "final.yaml").read_text()
        (library / "savings" / f"slow{i}.yaml").write_text(
            text.replace("savings.final", f"savings.slow{i}").replace("federal law.",
                                                                      f"federal law.{loop}"))


def test_many_templates_share_one_budget_for_the_command(library: Path, recipe: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import time

    from ordgen import api, limits

    _slow_library(library, 12)
    edit(recipe, "  - purpose.statement\n",
         "  - purpose.statement\n" + "".join(f"  - savings.slow{i}\n" for i in range(12)))
    monkeypatch.setattr(limits, "_budgets", [limits.Budget(seconds=0.2)])
    started = time.perf_counter()
    from ordgen.diagnostics import OrdgenError

    with pytest.raises(OrdgenError) as err:
        api.build(recipe, [recipe.parent / "x.md"])
    assert time.perf_counter() - started < 5  # each template alone is within its 2 s
    assert any("seconds in all" in d.message and d.path.endswith(".yaml")
               for d in err.value.diagnostics)
    monkeypatch.setattr(limits, "_budgets", [limits.Budget(chars=2_000)])
    with pytest.raises(OrdgenError) as err:
        api.build(recipe, [recipe.parent / "x.md"])
    assert any("characters in all" in d.message for d in err.value.diagnostics)
    assert not (recipe.parent / "x.md").exists()


def test_a_budget_is_each_batch_rows_own(library: Path, recipe: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ordgen import api, limits

    monkeypatch.setattr(limits, "_budgets", [limits.Budget(seconds=0.0)])  # all spent
    cities = tmp_path / "cities.csv"
    cities.write_text("name,kind,state,governing_body,police_agency,code_name\n" + "".join(
        f"City {i},city,MN,City Council,Police,Code\n" for i in range(3)))
    with api.batch(recipe, cities, tmp_path / "drafts") as runner:
        results = list(runner)
    assert [r.status for r in results] == ["built"] * 3  # each row had a budget of its own
    with pytest.raises(Exception, match="seconds in all"):
        api.build(recipe, [tmp_path / "one.md"])  # where the command's spent one applies


@pytest.mark.parametrize("kind", ["fifo", "stdin", "zero", "socket"])
def test_nothing_in_a_library_can_block_a_check(kind: str, library: Path, run_ordgen: Run
                                                ) -> None:
    import socket

    path = library / "savings" / "odd.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    else:
        os.symlink(f"/dev/{kind}", path)
    result = run_ordgen("check", library, timeout=30)
    assert_refused(result, "odd.yaml")
    assert "link-outside-library" in result.stderr or "not-a-regular-file" in result.stderr


def test_named_files_that_would_block_are_refused(recipe: Path, tmp_path: Path,
                                                  run_ordgen: Run) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert_refused(run_ordgen("build", fifo, "-o", tmp_path / "x.md", timeout=30),
                   "not-a-regular-file", "FIFO")
    docx_fifo = tmp_path / "fifo.docx"
    os.mkfifo(docx_fifo)
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path / "x.docx", "--template",
                              docx_fifo, timeout=30), "FIFO")
    csv_fifo = tmp_path / "fifo.csv"
    os.mkfifo(csv_fifo)
    assert_refused(run_ordgen("batch", recipe, "--jurisdictions", csv_fifo, "-o",
                              tmp_path / "d", timeout=30), "FIFO")
    md_fifo = tmp_path / "fifo.md"
    os.mkfifo(md_fifo)
    assert_refused(run_ordgen("diff", md_fifo, md_fifo, "-o", tmp_path / "c.md", timeout=30),
                   "FIFO")


@pytest.mark.parametrize("root", ["/", "~", "/usr", "/etc"])
def test_roots_are_not_libraries(root: str, recipe: Path, out: Path, run_ordgen: Run) -> None:
    edit(recipe, "library: lib", f"library: {os.path.expanduser(root)}")
    assert_refused(build(run_ordgen, recipe, out, ), "recipe.yaml:10:", "library-too-broad")
    untouched(out)
    assert_refused(run_ordgen("check", os.path.expanduser(root), timeout=30),
                   "library-too-broad")


def test_a_long_yaml_list_of_jurisdictions_is_read_quickly(recipe: Path, library: Path,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import time

    from ordgen import source
    from ordgen.jurisdictions import read_rows
    from ordgen.library import load_library
    from ordgen.recipe import load_recipe

    rows = tmp_path / "rows.yaml"
    rows.write_text("".join(f"- {{name: City of Place {i}, kind: city, state: MN, "
                            f"governing_body: City Council, police_agency: Police, "
                            f"code_name: Code}}\n" for i in range(5000)))
    monkeypatch.setattr(source.Source, "locate", lambda *a, **k: pytest.fail("round trip"))
    started = time.perf_counter()
    found = read_rows(rows, load_recipe(recipe), load_library([library]))
    assert time.perf_counter() - started < 10
    assert [r.line for r in found[:3]] == [1, 2, 3] and found[-1].line == 5000


def test_an_unclosed_comment_does_not_make_a_comparison_rescan(tmp_path: Path,
                                                               run_ordgen: Run) -> None:
    import time

    hostile = tmp_path / "hostile.md"
    hostile.write_text("## 1. A\n\nText.\n\n" + "<!-- never closed\n" * 100_000)
    plain = tmp_path / "plain.md"
    plain.write_text("## 1. A\n\nText.\n")
    started = time.perf_counter()
    result = run_ordgen("diff", plain, hostile, "-o", tmp_path / "c.md")
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 20


# -- internal errors become located ones ----------------------------------------------------

@pytest.mark.parametrize("escape", ["\\x0b", "\\uFFFF", "\\x1b[31m", "\\x07", "\\ue000",
                                    "\\r"])
def test_control_characters_yaml_escapes_write_are_refused(escape: str, library: Path,
                                                           recipe: Path, out: Path,
                                                           run_ordgen: Run) -> None:
    edit(library / "savings/final.yaml", "title: Savings", f'title: "Sav{escape}ings"')
    result = run_ordgen("check", library)
    assert_refused(result, "final.yaml:2:8", "control-character")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert_refused(run_ordgen("build", recipe, "-o", out.with_suffix(".docx")),
                   "control-character")


def test_a_date_that_is_not_on_the_calendar_is_located(recipe: Path, out: Path,
                                                       run_ordgen: Run) -> None:
    recipe.write_text(RECIPE + 'date: "2026-13-45"\n')
    assert_refused(run_ordgen("build", recipe, "-o", out.with_suffix(".docx")),
                   "recipe.yaml:16:7", "not a real date")


def test_source_date_epoch_is_seconds_or_a_located_error(recipe: Path, tmp_path: Path,
                                                         run_ordgen: Run) -> None:
    draft = tmp_path / "x.docx"
    huge = run_ordgen("build", recipe, "-o", draft, env={"SOURCE_DATE_EPOCH": "9" * 40})
    assert huge.returncode == 0, huge.stderr
    assert_refused(run_ordgen("build", recipe, "-o", tmp_path / "y.docx",
                              env={"SOURCE_DATE_EPOCH": "\u00b2\u00b3"}),
                   "SOURCE_DATE_EPOCH", "bad-environment")


# -- unclear input: names and messages shown as they are, never as commands -----------------

def test_a_committed_file_name_with_a_newline_is_shown_escaped(library: Path, tmp_path: Path,
                                                               run_ordgen: Run) -> None:
    need_tool("git")
    repo = library.parent
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (library / "savings" / "two\nlines.yaml").write_text("id: [\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "two")
    result = run_ordgen("diff", "--library", "HEAD~1..HEAD", library, "-o", tmp_path / "c.md",
                        cwd=repo)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    (first,) = [i for i, line in enumerate(lines) if "lines.yaml" in line]
    assert "two\\nlines.yaml:" in lines[first] and "error[yaml-syntax]" in lines[first]
    assert lines[first + 1].startswith("  hint:")


def test_terminal_control_characters_in_names_are_shown_escaped(library: Path,
                                                                run_ordgen: Run) -> None:
    (library / "savings" / "\x1b[2Jbell\x07.yaml").write_text("id: [\n")
    result = run_ordgen("check", library)
    assert_refused(result, "\\x1b[2Jbell\\x07.yaml")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_names_in_a_list_of_jurisdictions_are_one_line_and_never_device_names(
        recipe: Path, library: Path, tmp_path: Path) -> None:
    from ordgen.jurisdictions import read_rows
    from ordgen.library import load_library
    from ordgen.recipe import load_recipe

    cities = tmp_path / "cities.csv"
    cities.write_text('name,kind,state,governing_body,police_agency,code_name\n'
                      '"City of\n\n- Evil",city,MN,City Council,Police,Code\n'
                      'Con,city,MN,City Council,Police,Code\n'
                      'NUL,city,MN,City Council,Police,Code\n'
                      'Com1,city,MN,City Council,Police,Code\n'
                      'City\tof Tab,city,MN,City Council,Police,Code\n')
    rows = read_rows(cities, load_recipe(recipe), load_library([library]))
    assert rows[0].problems and "line break" in rows[0].problems[0].message
    assert rows[0].problems[0].line == 2
    assert [r.slug for r in rows[1:4]] == ["con-draft", "nul-draft", "com1-draft"]
    assert rows[4].problems and rows[4].problems[0].message.startswith("name:")
