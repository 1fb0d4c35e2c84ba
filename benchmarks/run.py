"""Measure ordgen against its performance targets and print a table.

Usage: python benchmarks/run.py [--runs N] [--quick]

Each ratio is measured side by side in one run, as medians of N runs (default 5).
Needs pandoc, LibreOffice (soffice) and GNU time (/usr/bin/time). Run from the repository
root with the project installed (pip install -e .).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_library import generate  # noqa: E402

# the installed console script, as users run it (python -m adds runpy's start-up)
_SCRIPT = Path(sys.executable).with_name("ordgen")
ORDGEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ordgen"]
EXAMPLE = ROOT / "examples" / "minneapolis.yaml"


def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None,
         before: object = None) -> float:
    """Median wall time of `cmd` over `runs` runs."""
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory (MB) of the largest process in a command's tree (GNU time %M)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    return int(out.strip().splitlines()[-1]) / 1024


def rows_csv(n: int, path: Path) -> Path:
    """A jurisdictions CSV of n rows, cycling the sample and varying names."""
    with (ROOT / "examples" / "jurisdictions.csv").open() as fh:
        sample = list(csv.DictReader(fh))
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(sample[0]))
        writer.writeheader()
        for i in range(n):
            row = dict(sample[i % len(sample)])
            if i >= len(sample):
                row["name"] = f"{row['name']} {i // len(sample) + 1}"
            writer.writerow(row)
    return path


def pdf_batches(recipe: Path, cities: Path, soffice: str, folder: Path) -> tuple[float, float]:
    """Seconds for a batch of PDFs through one LibreOffice process (`--format pdf`), and
    for the same batch as Word files, each then converted by a LibreOffice of its own."""
    t_one = wall([*ORDGEN, "-q", "batch", str(recipe), "--jurisdictions", str(cities), "-o",
                  str(folder / "one"), "--format", "pdf", "--jobs", "2", "--force"], 1)
    start = time.perf_counter()
    subprocess.run([*ORDGEN, "-q", "batch", str(recipe), "--jurisdictions", str(cities), "-o",
                    str(folder / "each"), "--format", "docx", "--jobs", "2", "--force"],
                   check=True)
    for i, draft in enumerate(sorted((folder / "each").glob("*.docx"))):
        # a private profile each time, as concurrent conversions need
        profile = (folder / f"profile-{i}").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder / "each"), str(draft)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return t_one, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller batch and memory runs")
    args = parser.parse_args()
    runs = args.runs
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is required")
    tmp = Path(tempfile.mkdtemp(prefix="ordgen-bench-"))
    # an installed ordgen has byte-compiled modules (pip compiles them); an editable
    # checkout may not, when PYTHONDONTWRITEBYTECODE is set: compile them as pip would
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    results: list[tuple[str, str, str, str]] = []

    def row(target: str, measured: str, limit: str, ok: bool | None) -> None:
        result = "for reference" if ok is None else "met" if ok else "NOT met"
        results.append((target, measured, limit, result))
        print(f"{target}: {measured} (target {limit})", file=sys.stderr)

    # 1. one draft against pandoc converting the same draft's Markdown
    md, docx = tmp / "x.md", tmp / "x.docx"
    subprocess.run([*ORDGEN, "build", str(EXAMPLE), "-o", str(md)], check=True)
    t_pandoc = wall([pandoc, str(md), "-o", str(tmp / "y.docx")], runs)
    t_docx = wall([*ORDGEN, "-q", "build", str(EXAMPLE), "-o", str(docx)], runs)
    t_md = wall([*ORDGEN, "-q", "build", str(EXAMPLE), "-o", str(md)], runs)
    row("1a. build .docx / pandoc md->docx", f"{t_docx:.3f}s / {t_pandoc:.3f}s = "
        f"{t_docx / t_pandoc:.2f}", "<= 1.0", t_docx <= t_pandoc)
    row("1b. build .md / pandoc md->docx", f"{t_md:.3f}s / {t_pandoc:.3f}s = "
        f"{t_md / t_pandoc:.2f}", "<= 0.6", t_md <= 0.6 * t_pandoc)

    # 2. a batch of 200 against Markdown + pandoc once per draft
    n = 40 if args.quick else 200
    cities = rows_csv(n, tmp / "cities.csv")
    out = tmp / "batch"
    t_batch = wall([*ORDGEN, "-q", "batch", str(EXAMPLE), "--jurisdictions", str(cities), "-o",
                    str(out), "--format", "docx", "--jobs", "2", "--force"], 1)
    drafts = sorted(out.glob("*.md")) or []
    # the baseline: one ordgen Markdown build per draft, then one pandoc run per draft
    base_out = tmp / "base"
    subprocess.run([*ORDGEN, "-q", "batch", str(EXAMPLE), "--jurisdictions", str(cities), "-o",
                    str(base_out), "--format", "md", "--jobs", "2", "--force"], check=True)
    drafts = sorted(base_out.glob("*.md"))
    start = time.perf_counter()
    for i, draft in enumerate(drafts):
        subprocess.run([*ORDGEN, "-q", "build", str(EXAMPLE), "-o", str(tmp / "one.md")],
                       check=True)
        subprocess.run([pandoc, str(draft), "-o", str(tmp / f"p{i}.docx")], check=True)
    t_base = time.perf_counter() - start
    row(f"2. batch {n} .docx vs md+pandoc per draft", f"{t_base:.1f}s / {t_batch:.1f}s = "
        f"{t_base / t_batch:.1f}x faster", ">= 10x", t_base >= 10 * t_batch)

    # 3. start-up
    # start-up times are short and noisy: take many more runs
    t_typer = wall([sys.executable, "-c", "import typer"], runs * 6)
    t_help = wall([*ORDGEN, "--help"], runs * 6)
    t_version = wall([*ORDGEN, "--version"], runs * 6)
    worst = max(t_help, t_version)
    row("3. --help, --version / import typer", f"{t_help:.3f}s, {t_version:.3f}s / "
        f"{t_typer:.3f}s = {worst / t_typer:.2f}", "<= 1.3", worst <= 1.3 * t_typer)

    # 4. check at scale, against loading the same files with the C safe loader
    big, small = generate(2000, tmp / "lib2000"), generate(200, tmp / "lib200")
    load = ("from pathlib import Path\nfrom ruamel.yaml import YAML\ny = YAML(typ='safe', "
            "pure=False)\nfor p in sorted(Path(r'%s').rglob('*.yaml')): y.load(p.read_text())")
    t_load = wall([sys.executable, "-c", load % big], runs)
    cache = tmp / "cache"
    env = {"ORDGEN_CACHE_DIR": str(cache)}
    t_cold = wall([*ORDGEN, "-q", "check", str(big), "--no-examples"], runs, env,
                  before=lambda: shutil.rmtree(cache, ignore_errors=True))
    t_warm = wall([*ORDGEN, "-q", "check", str(big), "--no-examples"], runs, env)
    t_warm_small = wall([*ORDGEN, "-q", "check", str(small), "--no-examples"], runs, env)
    row("4a. check 2,000 clauses, cache kept / C safe load", f"{t_warm:.2f}s / {t_load:.2f}s"
        f" = {t_warm / t_load:.2f}", "<= 3", t_warm <= 3 * t_load)
    # the first check of a library never seen: every template is compiled (no target)
    row("4b. first check of 2,000 clauses, empty cache / C safe load",
        f"{t_cold:.2f}s / {t_load:.2f}s = {t_cold / t_load:.2f}", "none", None)
    row("4c. check 2,000 / check 200, cache kept", f"{t_warm:.2f}s / {t_warm_small:.2f}s = "
        f"{t_warm / t_warm_small:.1f}", "<= 11", t_warm <= 11 * t_warm_small)

    # 5. memory of a batch of 1,000 drafts
    n = 100 if args.quick else 1000
    many = rows_csv(n, tmp / "many.csv")
    rss = peak_rss_mb([*ORDGEN, "-q", "batch", str(EXAMPLE), "--jurisdictions", str(many),
                       "-o", str(tmp / "mem"), "--format", "docx", "--jobs", "2", "--force"])
    row(f"5. batch {n} .docx peak RSS per process", f"{rss:.0f} MB", "< 200 MB", rss < 200)

    # 6. a batch of PDFs: one LibreOffice process for the batch against one per draft, for
    # the clean ordinance that goes into a council packet and for the review copy with
    # drafting notes, which has half again as many pages for LibreOffice to lay out
    n = 20 if args.quick else 200
    soffice = shutil.which("soffice")
    clean = tmp / "packet.yaml"
    clean.write_text(EXAMPLE.read_text().replace("rationale: inline", "rationale: none")
                     .replace("library: ../clauses", f"library: {ROOT / 'clauses'}"))
    for target, recipe, limit in ((f"6a. batch {n} .pdf (clean ordinance)", clean, 5),
                                  (f"6b. batch {n} .pdf (drafting notes inline)", EXAMPLE,
                                   None)):
        if not soffice:
            row(target, "not measured: LibreOffice is not installed", f">= {limit}x", None)
            continue
        t_one, t_each = pdf_batches(recipe, rows_csv(n, tmp / "pdf-cities.csv"), soffice,
                                    tmp / recipe.stem)
        row(f"{target}, one LibreOffice vs one per draft",
            f"{t_each:.1f}s / {t_one:.1f}s = {t_each / t_one:.1f}x faster",
            f">= {limit}x" if limit else "none", t_each >= limit * t_one if limit else None)
    # 7. the published site: the bundled library (with its examples), then at scale; the
    # generated libraries' parsed files are in the cache the checks above left
    t_site = wall([*ORDGEN, "-q", "site", str(ROOT / "clauses"), "-o", str(tmp / "site")], runs)
    row("7a. site of the bundled library and its examples", f"{t_site:.2f}s", "< 2s", t_site < 2)
    t_site_big = wall([*ORDGEN, "-q", "site", str(big), "-o", str(tmp / "site2000")], runs, env)
    t_site_small = wall([*ORDGEN, "-q", "site", str(small), "-o", str(tmp / "site200")], runs,
                        env)
    row("7b. site of 2,000 clauses / site of 200", f"{t_site_big:.2f}s / {t_site_small:.2f}s = "
        f"{t_site_big / t_site_small:.1f}", "<= 11", t_site_big <= 11 * t_site_small)

    print("| target | measured | limit | result |\n|---|---|---|---|")
    for r in results:
        print("| " + " | ".join(r) + " |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
