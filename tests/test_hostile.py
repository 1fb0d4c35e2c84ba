"""Broken and hostile input: exit 1 (or 2 for usage), a located message, no traceback,
and no output file written or changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RECIPE

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
