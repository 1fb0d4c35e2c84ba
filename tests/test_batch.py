"""`ordgen batch`: one draft per jurisdiction, in workers, resumable, shardable."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RECIPE, ROOT, need_tool

Run = Callable[..., "subprocess.CompletedProcess[str]"]

HEADER = "name,short_name,kind,state,governing_body,executive,police_agency,code_name"
ROWS = [
    "City of Duluth,Duluth,city,MN,City Council,Mayor,Duluth Police Department,Duluth City Code",
    "City of Austin,Austin,city,TX,City Council,City Manager,Austin Police Department,"
    "Austin City Code",
    "Cook County,,county,Illinois,Board of Commissioners,Board President,"
    "Cook County Sheriff's Office,Cook County Code of Ordinances",
]
SLUGS = ["city-of-duluth", "city-of-austin", "cook-county"]


def csv_file(folder: Path, rows: list[str] = ROWS, header: str = HEADER,
             name: str = "cities.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cities(recipe: Path) -> Path:
    return csv_file(recipe.parent)


@pytest.fixture
def out(recipe: Path) -> Path:
    """The output folder, beside the recipe and its library."""
    folder = recipe.parent / "drafts"
    folder.mkdir()
    return folder


def batch(run_ordgen: Run, recipe: Path, cities: Path, out: Path, *args: str):
    return run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", out, *args)


def drafts(out: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def test_one_draft_per_row(recipe: Path, cities: Path, run_ordgen: Run, out: Path) -> None:
    out = out / "new"  # created when missing
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 0, result.stdout + result.stderr
    found = drafts(out)
    assert sorted(found) == sorted(f"{s}.md" for s in SLUGS)
    duluth, austin, cook = (found[f"{s}.md"] for s in SLUGS)
    assert "CITY OF DULUTH" in duluth and "Duluth City Code" not in austin
    assert "BE IT ORDAINED BY THE CITY COUNCIL OF THE CITY OF AUSTIN" in austin
    assert "COOK COUNTY" in cook and "the County" in cook  # kind fills jurisdiction.entity
    assert "seven (7) days" in duluth  # the recipe's value where the row sets none
    # plain progress lines on standard error, then a summary on standard output
    assert "[1/3] built" in result.stderr and "[3/3] built" in result.stderr
    assert result.stdout.startswith("3 built, 0 up to date, 0 failed")
    assert "State-law warnings:\n  City of Austin: Texas SB 4 (2017): Section 3" in result.stdout
    assert "Duluth:" not in result.stdout.split("State-law warnings:")[1]


def test_param_columns_fill_values(recipe: Path, run_ordgen: Run, out: Path) -> None:
    cities = csv_file(recipe.parent, [ROWS[0] + ",3", ROWS[1] + ","],
                      HEADER + ",property.staging.notice_days")
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 0, result.stderr
    assert "three (3) days" in (out / "city-of-duluth.md").read_text()
    assert "seven (7) days" in (out / "city-of-austin.md").read_text()  # empty cell


def test_yaml_list_of_jurisdictions(recipe: Path, run_ordgen: Run, out: Path) -> None:
    rows = recipe.parent / "cities.yaml"
    rows.write_text("""\
- name: Town of Brookline
  kind: town
  state: MA
  governing_body: Select Board
  police_agency: Brookline Police Department
  code_name: Brookline General By-Laws
  property.staging.notice_days: 12
""")
    result = batch(run_ordgen, recipe, rows, out)
    assert result.returncode == 0, result.stderr
    text = (out / "town-of-brookline.md").read_text()
    assert "TOWN OF BROOKLINE" in text and "twelve (12) days" in text and "the Town" in text


def test_rerun_skips_what_is_up_to_date(recipe: Path, cities: Path, run_ordgen: Run,
                                        out: Path) -> None:
    assert batch(run_ordgen, recipe, cities, out).returncode == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.md")}
    again = batch(run_ordgen, recipe, cities, out)
    assert again.returncode == 0
    assert again.stdout.startswith("0 built, 3 up to date, 0 failed")
    assert "[1/3] skipped" in again.stderr
    # warnings are remembered for skipped rows
    assert "City of Austin: Texas SB 4 (2017)" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.md")} == first

    # an output edited or deleted by hand is rebuilt; the others are not
    (out / "city-of-duluth.md").write_text("edited\n")
    (out / "cook-county.md").unlink()
    third = batch(run_ordgen, recipe, cities, out)
    assert third.stdout.startswith("2 built, 1 up to date")
    assert "CITY OF DULUTH" in (out / "city-of-duluth.md").read_text()

    # a changed row, recipe or library rebuilds what it touches
    csv_file(recipe.parent, [ROWS[0].replace("Duluth City Code", "Duluth Legislative Code"),
                             *ROWS[1:]])
    assert batch(run_ordgen, recipe, cities, out).stdout.startswith("1 built, 2 up to date")
    recipe.write_text(RECIPE.replace("rationale: inline", "rationale: none"))
    assert batch(run_ordgen, recipe, cities, out).stdout.startswith("3 built, 0 up to date")
    savings = recipe.parent / "lib/savings/final.yaml"
    savings.write_text(savings.read_text().replace("federal law.", "federal or state law."))
    assert batch(run_ordgen, recipe, cities, out).stdout.startswith("3 built")
    assert batch(run_ordgen, recipe, cities, out, "--force").stdout.startswith("3 built")
    manifest = json.loads((out / ".ordgen-batch.json").read_text())
    assert sorted(manifest["outputs"]) == sorted(f"{s}.md" for s in SLUGS)


def test_a_failing_row_does_not_stop_the_others(recipe: Path, run_ordgen: Run,
                                                out: Path) -> None:
    staging = recipe.parent / "lib/property/staging.yaml"
    # a template that fails only for one value: an error found while building the row
    staging.write_text(staging.read_text().replace(
        "      - Notice shall", "      {% if notice_days == 13 %}{{ no_such_name }}{% endif %}\n"
                               "      - Notice shall"))
    cities = csv_file(recipe.parent, [
        ROWS[0] + ",",
        ROWS[1].replace(",TX,", ",ZZ,") + ",",  # refused when read
        ROWS[2] + ",500",  # refused when read: out of bounds
        "City of Ely,Ely,city,MN,City Council,Mayor,,Ely City Code,",  # default police agency
        "City of Hibbing,Hibbing,city,MN,City Council,Mayor,Hibbing Police,Hibbing Code,13",
    ], HEADER + ",property.staging.notice_days")
    (out / "city-of-hibbing.md").write_text("previous draft\n")
    result = batch(run_ordgen, recipe, cities, out)
    shown = result.stdout + result.stderr
    assert result.returncode == 1, shown
    assert "Traceback" not in shown
    assert result.stdout.startswith("2 built, 0 up to date, 3 failed")
    failed = result.stdout.split("Failed:")[1]
    assert "City of Austin\n    " in failed and "cities.csv:3: error[bad-cell]: state: 'ZZ'" in failed
    assert "cities.csv:4: error[bad-cell]: property.staging.notice_days: 500 is above the " \
           "maximum 90" in failed
    assert "staging.yaml:" in failed and "'no_such_name' is undefined" in failed
    assert sorted(drafts(out)) == ["city-of-duluth.md", "city-of-ely.md", "city-of-hibbing.md"]
    assert (out / "city-of-hibbing.md").read_text() == "previous draft\n"  # untouched
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]

    data = json.loads(batch(run_ordgen, recipe, cities, out, "--json").stdout)
    assert (data["built"], data["skipped"], data["failed"]) == (0, 2, 3)
    hibbing = next(r for r in data["rows"] if r["jurisdiction"] == "City of Hibbing")
    assert hibbing["status"] == "failed" and hibbing["errors"][0]["code"] == "template-error"


@pytest.mark.parametrize(("header", "fragment"), [
    (HEADER + ",property.staging.notice_day", "clause 'property.staging' has no param "
                                              "'notice_day'"),
    (HEADER + ",police", "column 'police' is neither a jurisdiction field"),
    (HEADER.replace(",state", ",State"), "did you mean 'state'?"),
    (HEADER.replace(",state", ""), "no column for state"),
])
def test_bad_columns_refuse_the_whole_file(header: str, fragment: str, recipe: Path,
                                           run_ordgen: Run, out: Path) -> None:
    cells = len(header.split(","))
    rows = [",".join((r + ",,").split(",")[:cells]) for r in ROWS]
    cities = csv_file(recipe.parent, rows, header)
    result = batch(run_ordgen, recipe, cities, out / "out")
    assert result.returncode == 1
    assert "cities.csv:1: error[" in result.stderr and fragment in result.stderr
    assert not (out / "out").exists()


def test_param_of_a_clause_the_recipe_does_not_list(recipe: Path, run_ordgen: Run,
                                                    out: Path) -> None:
    recipe.write_text(RECIPE.replace("  - property.staging: {variant: strong, notice_days: 7}\n",
                                     ""))
    cities = csv_file(recipe.parent, [r + ",3" for r in ROWS],
                      HEADER + ",property.staging.notice_days")
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 1
    assert "which the recipe does not list" in result.stderr
    assert "add 'property.staging' to the recipe's clauses" in result.stderr


def test_names_shared_by_two_jurisdictions(recipe: Path, run_ordgen: Run,
                                           out: Path) -> None:
    portland = "City of Portland,Portland,city,{},City Council,Mayor,Portland Police,Code"
    cities = csv_file(recipe.parent, [portland.format("OR"), portland.format("ME"),
                                      portland.format("ME")])
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 1
    assert sorted(drafts(out)) == ["city-of-portland-me.md", "city-of-portland-or.md"]
    assert "cities.csv:4: error[duplicate-row]: same output name 'city-of-portland-me' as the " \
           "row at line 3" in result.stdout


def test_shards_share_a_run(recipe: Path, run_ordgen: Run, out: Path) -> None:
    rows = [f"City of Place {i},Place {i},city,MN,City Council,Mayor,Police {i},Code {i}"
            for i in range(1, 8)]
    cities = csv_file(recipe.parent, rows)
    first = batch(run_ordgen, recipe, cities, out, "--shard", "1/3")
    assert first.returncode == 0, first.stderr
    assert sorted(drafts(out)) == ["city-of-place-1.md", "city-of-place-4.md",
                                        "city-of-place-7.md"]
    assert "(shard 1/3: 3 of 7 rows)" in first.stdout
    for shard in ("2/3", "3/3"):
        assert batch(run_ordgen, recipe, cities, out, "--shard", shard).returncode == 0
    assert len(drafts(out)) == 7
    # the shards' manifests merged: a full run now has nothing to do
    assert batch(run_ordgen, recipe, cities, out).stdout.startswith("0 built, 7 up to date")


@pytest.mark.parametrize("shard", ["0/3", "4/3", "1-3", "x"])
def test_bad_shard_is_a_usage_error(shard: str, recipe: Path, cities: Path, run_ordgen: Run,
                                    out: Path) -> None:
    result = batch(run_ordgen, recipe, cities, out, "--shard", shard)
    assert result.returncode == 2 and "--shard" in result.stderr
    assert "Traceback" not in result.stderr


def test_workers_build_the_same_bytes(recipe: Path, run_ordgen: Run, out: Path) -> None:
    rows = [f"City of Place {i},Place {i},city,TX,City Council,Mayor,Police {i},Code {i}"
            for i in range(1, 9)]
    cities = csv_file(recipe.parent, rows)
    one, four = out / "one", out / "four"
    assert batch(run_ordgen, recipe, cities, one, "--jobs", "1").returncode == 0
    result = batch(run_ordgen, recipe, cities, four, "--jobs", "4")
    assert result.returncode == 0, result.stderr
    assert drafts(one) == drafts(four) and len(drafts(four)) == 8
    assert result.stdout.count("Texas SB 4") == 8


def test_missing_or_unreadable_jurisdictions(recipe: Path, run_ordgen: Run,
                                             out: Path) -> None:
    result = batch(run_ordgen, recipe, out / "none.csv", out / "out")
    assert result.returncode == 1 and "none.csv" in result.stderr
    other = out / "cities.txt"
    other.write_text(HEADER)
    result = batch(run_ordgen, recipe, other, out / "out")
    assert result.returncode == 1 and "give a .csv file or a .yaml list" in result.stderr
    broken = recipe.parent / "broken.csv"
    broken.write_text(HEADER + '\n"City of Duluth,Duluth\n')
    assert batch(run_ordgen, recipe, broken, out / "out").returncode == 1


def test_quiet_prints_nothing_but_failures(recipe: Path, cities: Path, run_ordgen: Run,
                                           out: Path) -> None:
    result = run_ordgen("--quiet", "batch", recipe, "--jurisdictions", cities, "-o", out)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_progress_bar_at_a_terminal(recipe: Path, cities: Path) -> None:
    from test_wizard import Terminal

    t = Terminal("batch", "recipe.yaml", "--jurisdictions", "cities.csv", "-o", "drafts",
                 cwd=recipe.parent)
    assert t.finish() == 0, t.seen
    assert "3/3" in t.seen and "━" in t.seen  # rich's bar
    assert "3 built, 0 up to date, 0 failed" in t.seen
    assert "State-law warnings" in t.seen and "City of Austin" in t.seen


@pytest.mark.skipif(not (ROOT / "src/ordgen/render/docx.py").exists(),
                    reason="the DOCX renderer is not there yet")
def test_word_and_markdown(recipe: Path, cities: Path, run_ordgen: Run, out: Path) -> None:
    result = batch(run_ordgen, recipe, cities, out, "--format", "both", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(drafts_any(out))
    assert names == sorted([f"{s}.docx" for s in SLUGS] + [f"{s}.md" for s in SLUGS])
    assert (out / "cook-county.docx").read_bytes()[:2] == b"PK"
    # asking for Markdown only afterwards finds it up to date
    again = batch(run_ordgen, recipe, cities, out, "--format", "md")
    assert again.stdout.startswith("0 built, 3 up to date")


def drafts_any(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if not p.name.startswith(".")]


def counting_soffice(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `soffice` logs each start, then runs the real LibreOffice."""
    real = need_tool("soffice")
    log = folder / "soffice.log"
    fake = folder / "bin"
    fake.mkdir()
    (fake / "soffice").write_text(f'#!/bin/sh\necho "$#" >> "{log}"\nexec "{real}" "$@"\n')
    (fake / "soffice").chmod(0o755)
    return {"PATH": f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"}, log


def test_pdfs_for_a_whole_batch_come_from_one_libreoffice(recipe: Path, cities: Path,
                                                          run_ordgen: Run, out: Path) -> None:
    env, log = counting_soffice(recipe.parent)
    tmp = recipe.parent / "tmp"
    tmp.mkdir()
    env["TMPDIR"] = str(tmp)
    result = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", out, "--format",
                        "all", "--jobs", "2", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(drafts_any(out)) == sorted(f"{s}{ext}" for s in SLUGS
                                             for ext in (".md", ".docx", ".pdf"))
    assert len(log.read_text().splitlines()) == 1  # one process for every draft
    for slug in SLUGS:
        assert (out / f"{slug}.pdf").read_bytes().startswith(b"%PDF-")
    manifest = json.loads((out / ".ordgen-batch.json").read_text())["outputs"]
    assert {name for name in manifest if name.endswith(".pdf")} == {f"{s}.pdf" for s in SLUGS}
    again = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", out, "--format",
                       "pdf", env=env)
    assert again.stdout.startswith("0 built, 3 up to date")
    assert len(log.read_text().splitlines()) == 1  # nothing to convert: LibreOffice not run
    assert list(tmp.iterdir()) == []  # the staged Word files and the profile are gone


def test_a_draft_libreoffice_cannot_convert_fails_alone(recipe: Path, cities: Path,
                                                        run_ordgen: Run, out: Path) -> None:
    real = need_tool("soffice")
    fake = recipe.parent / "bin"
    fake.mkdir()
    # drop one file from the list LibreOffice is given, as if it could not read it
    (fake / "soffice").write_text('#!/bin/sh\nargs=""\nfor a in "$@"; do case "$a" in '
                                  f'*city-of-austin.docx) ;; *) args="$args \"$a\"";; esac; '
                                  f'done\neval exec "{real}" $args\n')
    (fake / "soffice").chmod(0o755)
    env = {"PATH": f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", out, "--format",
                        "pdf", "--json", env=env)
    assert result.returncode == 1
    rows = {r["jurisdiction"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["City of Austin"]["status"] == "failed"
    assert rows["City of Austin"]["errors"][0]["code"] == "pdf-failed"
    assert rows["City of Duluth"]["status"] == "built"
    assert sorted(drafts_any(out)) == ["city-of-duluth.pdf", "cook-county.pdf"]


def test_a_broken_recipe_is_reported_once(recipe: Path, cities: Path, run_ordgen: Run,
                                          out: Path) -> None:
    recipe.write_text(RECIPE.replace("  - purpose.statement", "  - purpose.statment"))
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 1
    assert result.stderr.count("unknown clause 'purpose.statment'") == 1
    assert "recipe.yaml:14:5: error[unknown-clause]" in result.stderr
    assert drafts(out) == {}


def test_output_that_cannot_be_a_folder(recipe: Path, cities: Path, run_ordgen: Run,
                                        out: Path) -> None:
    (out / "file").write_text("x")
    result = batch(run_ordgen, recipe, cities, out / "file")
    assert result.returncode == 1 and "cannot create the output folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_only_output_folder(recipe: Path, cities: Path, run_ordgen: Run,
                                 out: Path) -> None:
    # root ignores permission bits, so as root use sysfs, which refuses new files
    folder = Path("/sys") if os.geteuid() == 0 else out
    if folder == out:
        out.chmod(0o500)
    try:
        result = batch(run_ordgen, recipe, cities, folder)
        assert result.returncode == 1, result.stderr
        assert "permission denied" in result.stderr.lower()
        assert "[1/3]" not in result.stderr  # refused before any row
    finally:
        out.chmod(0o700)


def test_ctrl_c_stops_cleanly_and_the_rerun_resumes(recipe: Path, run_ordgen: Run,
                                                    out: Path) -> None:
    import signal
    import sys

    rows = [f"City of Place {i},Place {i},city,MN,City Council,Mayor,Police {i},Code {i}"
            for i in range(1, 401)]
    cities = csv_file(recipe.parent, rows)
    proc = subprocess.Popen([sys.executable, "-m", "ordgen", "batch", str(recipe),
                             "--jurisdictions", str(cities), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # a row is done: the run is under way
    assert "built" in first, first
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches every process
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    built = {p.name for p in out.glob("*.md")}
    assert 0 < len(built) < 400
    manifest = json.loads((out / ".ordgen-batch.json").read_text())["outputs"]
    assert set(manifest) == built  # every draft written is recorded, and only those
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    again = batch(run_ordgen, recipe, cities, out, "--jobs", "2")
    assert again.returncode == 0
    assert again.stdout.startswith(f"{400 - len(built)} built, {len(built)} up to date")


def test_amending_recipes_build_amending_ordinances(run_ordgen: Run, tmp_path: Path) -> None:
    cities = tmp_path / "cities.csv"
    cities.write_text("name,kind,state,governing_body,police_agency,code_name\n"
                      "City of Minneapolis,city,MN,City Council,Minneapolis Police Department,"
                      "Minneapolis Code of Ordinances\n")
    out = tmp_path / "drafts"
    result = run_ordgen("batch", ROOT / "examples" / "minneapolis-amend.yaml",
                        "--jurisdictions", cities, "-o", out)
    assert result.returncode == 0, result.stderr
    (draft,) = out.glob("*.md")
    assert "is amended to read as follows:" in draft.read_text()


def test_a_missing_recipe_library_is_located_in_the_recipe(recipe: Path, cities: Path,
                                                           run_ordgen: Run, out: Path) -> None:
    recipe.write_text(recipe.read_text().replace("library: lib", "library: nowhere"))
    result = batch(run_ordgen, recipe, cities, out)
    assert result.returncode == 1
    assert "recipe.yaml:10:10: error[no-library]: library 'nowhere' does not exist" in \
        result.stderr.replace(str(recipe.parent) + "/", "")
    assert drafts(out) == {}


EXAMPLE_RECIPES = sorted(p for p in (ROOT / "examples").glob("*.yaml")
                         if "amends:" not in p.read_text())


@pytest.mark.parametrize("example", EXAMPLE_RECIPES, ids=[p.stem for p in EXAMPLE_RECIPES])
def test_no_draft_names_the_recipes_own_jurisdiction_by_accident(example: Path,
                                                                 tmp_path: Path) -> None:
    """The 35-row sample from every example: a row's draft names the recipe's own
    jurisdiction no more often than a draft for a made-up place does (the library's
    rationales and authorities cite real places on purpose)."""
    from ordgen import api
    from ordgen.recipe import load_recipe

    base = load_recipe(example).recipe.jurisdiction
    words = [w for w in {base.short_name or "", base.name} if w]
    neutral = tmp_path / "neutral.csv"
    neutral.write_text(f"name,kind,state\nCity of Exampleton,city,{base.state}\n")
    with api.batch(example, neutral, tmp_path / "n", jobs=1) as run:
        list(run)
    (text,) = [p.read_text() for p in (tmp_path / "n").glob("*.md")]
    allowed = max(text.count(w) for w in words)
    with api.batch(example, ROOT / "examples" / "jurisdictions.csv", tmp_path / "d",
                   jobs=2) as run:
        results = list(run)
    # a place with no chief executive cannot issue an executive order; nothing else fails
    assert {d.code for r in results for d in r.errors} <= {"no-chief-executive"}
    for result in results:
        if result.status != "built" or result.row.jurisdiction["name"] == base.name:
            continue
        draft = result.outputs[0].read_text()
        assert max(draft.count(w) for w in words) <= allowed, result.row.name
        if base.name.startswith("City of"):
            assert f"OF THE {base.name.upper()}" not in draft
