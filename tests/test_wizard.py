"""`ordgen new`: the recipe wizard, driven through a real pseudo-terminal as a person types."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ordgen.library import load_library
from ordgen.recipe_yaml import recipe_text
from ordgen.wizard import Defaults, interview, parse_numbers

Run = Callable[..., "subprocess.CompletedProcess[str]"]
ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>])")


class Terminal:
    """`python -m ordgen ...` on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 140, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        env.update(COLUMNS="140", LINES="50", TERM="xterm-256color")
        self.proc = subprocess.Popen([sys.executable, "-m", "ordgen", *map(str, args)], cwd=cwd,
                                     stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.seen = ""  # everything shown so far, without colour codes
        self.pos = 0  # where the next expect() starts looking

    def read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        if not data:
            return False
        self.seen += ANSI.sub("", data.decode("utf-8", "replace")).replace("\r", "")
        return True

    def expect(self, pattern: str, timeout: float = 30) -> str:
        """Wait until `pattern` (a regular expression) appears; return the text up to it."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            found = regex.search(self.seen, self.pos)
            if found:
                before = self.seen[self.pos:found.end()]
                self.pos = found.end()
                return before
            left = deadline - time.monotonic()
            if left <= 0 or (not self.read(min(left, 0.5)) and self.proc.poll() is not None
                             and not self.read(0.1)):
                raise AssertionError(f"never saw {pattern!r}; the screen shows:\n"
                                     f"{self.seen[self.pos:][-3000:]}")

    def type(self, text: str = "") -> None:
        """Type a line and press Enter."""
        os.write(self.master, text.encode() + b"\r")

    def eof(self) -> None:
        os.write(self.master, bytes([termios.tcgetattr(self.master)[6][termios.VEOF][0]]))

    def finish(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read(0.2)
        while self.read(0.1):
            pass
        os.close(self.master)
        if self.proc.poll() is None:
            self.proc.kill()
            raise AssertionError("ordgen did not exit")
        return self.proc.returncode


@pytest.fixture
def terminal(library: Path):
    opened: list[Terminal] = []

    def start(*args: str | Path) -> Terminal:
        term = Terminal(*args, cwd=library.parent)
        opened.append(term)
        return term

    yield start
    for term in opened:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()


def answer_jurisdiction(t: Terminal) -> None:
    t.expect(r"1\. city: a city council")
    t.expect(r"Kind of government \(number or name\) \(city\):")
    t.type()
    t.expect(r"Legal name \(e\.g\. City of Duluth\):")
    t.type("n")  # a slip: confirmed before it becomes the name
    t.expect(r"Use 'n' as the answer\? \[y/n\] \(n\):")
    t.type()
    t.expect(r"Legal name \(e\.g\. City of Duluth\):")
    t.type("City of Duluth")
    t.expect(r"State \(code or name\):")
    t.type("Minnesotta")
    t.expect(r"not a US state code or name; did you mean 'Minnesota'\? Try again\.")
    t.expect(r"State \(code or name\):")
    t.type("Minnesota")
    t.expect(r"governing body: City Council; chief executive: Mayor")
    t.expect(r"Change any of these\? \[y/n\] \(n\):")
    t.type("y")
    for _ in range(3):  # short name, governing body, chief executive
        t.expect(r"\):")
        t.type()
    t.expect(r"Executive \(Mayor\):")
    t.type("City Administrator")
    for _ in range(4):  # clerk, legal office, police, code
        t.expect(r"\):")
        t.type()
    t.expect(r"Instrument \(number or name\) \(ordinance\):")
    t.type()
    t.expect(r"Title \(An ordinance separating city services .*\):")
    t.type()


def test_wizard_as_a_person_types_it(terminal, library: Path, run_ordgen: Run) -> None:
    t = terminal("new", "draft.yaml", "--library", "lib")
    answer_jurisdiction(t)
    # the measures in one list, in draft order, each with its summary
    t.expect(r"1\. Trust: Trust findings\.")
    t.expect(r"3\. Use of Public Property: No staging on city lots\.")
    t.expect(r"Measures to include \(numbers such as 1-4, 7\) \(1-4\):")
    t.type("1-3, 9")
    t.expect(r"'9' is not within 1-4\. Try again\.")
    t.expect(r"Measures to include .*\(1-4\):")
    t.type("<")  # back to the title, then on again
    t.expect(r"back to the previous question")
    t.expect(r"Title \(.*\):")
    t.type()
    t.expect(r"Measures to include .*\(1-4\):")
    t.type("1, 2, 3")
    t.expect(r"Strength \(number or name\) \(each\):")
    t.type("baseline")
    t.expect(r"3 measures chosen, 2 added because others require them")
    t.expect(r"property\.staging \(baseline\)")
    t.expect(r"savings\.final \(required by property\.staging\)")
    t.expect(r"Write draft\.yaml\? \[y/n\] \(y\):")
    t.type()
    t.expect(r"wrote draft\.yaml")
    assert t.finish() == 0, t.seen
    assert "Traceback" not in t.seen
    assert "notice_days" not in t.seen  # baseline does not use it: not asked

    recipe = library.parent / "draft.yaml"
    text = recipe.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[0].endswith("schema/recipe.json")
    for fragment in ("name: City of Duluth", "state: MN", "# Minnesota", "kind: city",
                     "executive: City Administrator", "library: lib", "- findings.trust",
                     "- purpose.statement", "variant: baseline", "# or: strong",
                     "# Use of Public Property: No staging on city lots.",
                     "#   definitions.core (required by purpose.statement)",
                     "#   savings.final (required by property.staging)"):
        assert fragment in text, (fragment, text)
    assert "- definitions.core" not in text and "- savings.final" not in text
    assert "governing_body" not in text  # what the kind gives is not written out

    built = run_ordgen("build", recipe, "-o", library.parent / "draft.md")
    assert built.returncode == 0, built.stderr
    draft = (library.parent / "draft.md").read_text()
    assert "CITY OF DULUTH" in draft
    assert "layer=lib" in draft


def test_state_law_is_shown_as_soon_as_the_state_is_known(terminal, library: Path) -> None:
    t = terminal("new", "draft.yaml", "--library", "lib", "--name", "City of Austin")
    t.expect(r"Kind of government .*\(city\):")
    t.type()
    t.expect(r"State \(code or name\):")
    t.type("TX")
    t.expect(r"State law: Texas SB 4 \(2017\) \(Tex\. Gov't Code ch\. 752\) may forbid or "
             r"penalize some measures\.")
    t.expect(r"Change any of these\? \[y/n\] \(n\):")
    t.eof()
    assert t.finish() == 1


def test_wizard_declining_to_write_leaves_nothing(terminal, library: Path) -> None:
    t = terminal("new", "draft.yaml", "--library", "lib", "--name", "City of Duluth",
                 "--state", "MN")
    # preset answers are not asked again; the kind is guessed from the name
    t.expect(r"Kind of government \(number or name\) \(city\):")
    t.type()
    for _ in range(6):  # offices, instrument, title, measures, strength, values
        t.expect(r"\):")
        t.type()
    t.expect(r"Write draft\.yaml\? \[y/n\] \(y\):")
    t.type("n")
    t.expect("nothing written")
    assert t.finish() == 0
    assert "Legal name" not in t.seen and "State (code" not in t.seen
    assert not (library.parent / "draft.yaml").exists()


def test_wizard_end_of_input_writes_nothing(terminal, library: Path) -> None:
    t = terminal("new", "draft.yaml", "--library", "lib")
    t.expect(r"Kind of government .*:")
    t.eof()
    t.expect("input ended before every question was answered; nothing written")
    assert t.finish() == 1
    assert "Traceback" not in t.seen
    assert not (library.parent / "draft.yaml").exists()


def test_wizard_asks_before_replacing(terminal, library: Path) -> None:
    existing = library.parent / "draft.yaml"
    existing.write_text("keep me\n")
    t = terminal("new", "draft.yaml", "--library", "lib")
    t.expect(r"draft\.yaml exists\. Replace it once the questions are answered\? \[y/n\] \(n\):")
    t.type()
    t.expect("nothing written")
    assert t.finish() == 0
    assert existing.read_text() == "keep me\n"


def test_defaults_at_a_terminal_still_confirm(terminal, library: Path) -> None:
    t = terminal("new", "draft.yaml", "--library", "lib", "--defaults", "--name",
                 "Cook County", "--state", "IL")
    t.expect(r"Write draft\.yaml\? \[y/n\] \(y\):")
    t.type("y")
    t.expect("wrote draft.yaml")
    assert t.finish() == 0
    text = (library.parent / "draft.yaml").read_text()
    assert "kind: county" in text and "name: Cook County" in text


# -- without a terminal ------------------------------------------------------------------------

def test_no_terminal_and_no_flags_is_a_usage_error(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("new", "draft.yaml", "--library", "lib", cwd=library.parent)
    assert result.returncode == 2
    assert "standard input is not a terminal" in result.stderr
    assert "--defaults" in result.stderr
    assert not (library.parent / "draft.yaml").exists()


def test_defaults_need_the_jurisdiction(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("new", "draft.yaml", "--library", "lib", "--defaults", "--yes",
                        cwd=library.parent)
    assert result.returncode == 2
    assert "--name and --state" in result.stderr


def test_bad_preset_is_a_usage_error(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("new", "draft.yaml", "--library", "lib", "--yes", "--name", "X",
                        "--state", "ZZ", cwd=library.parent)
    assert result.returncode == 2
    assert "--state: 'ZZ' is not a US state" in result.stderr
    assert "Traceback" not in result.stderr


def test_defaults_write_a_recipe_that_builds(library: Path, run_ordgen: Run) -> None:
    folder = library.parent / "drafts"
    folder.mkdir()
    result = run_ordgen("new", folder / "duluth.yaml", "--library", library, "--defaults",
                        "--yes", "--name", "City of Duluth", "--state", "mn")
    assert result.returncode == 0, result.stderr
    text = (folder / "duluth.yaml").read_text()
    assert "library: ../lib" in text
    for cid in ("findings.trust", "purpose.statement", "definitions.core", "property.staging",
                "savings.final"):
        assert cid in text
    assert "variant: strong" in text and "notice_days: 10" in text  # strong reads notice_days
    built = run_ordgen("build", folder / "duluth.yaml", "-o", folder / "duluth.md")
    assert built.returncode == 0, built.stderr
    # an existing recipe is replaced only with --yes
    again = run_ordgen("new", folder / "duluth.yaml", "--library", library, "--defaults",
                       "--name", "City of Duluth", "--state", "MN")
    assert again.returncode == 1 and "pass --yes to replace it" in again.stderr


def test_defaults_leave_out_conflicting_clauses(library: Path) -> None:
    staging = library / "property/staging.yaml"
    staging.write_text(staging.read_text().replace("requires:", "conflicts: [purpose.statement]"
                                                                "\nrequires:"))
    lib = load_library([library])
    answers = interview(lib, Defaults(), {"name": "City of Duluth", "state": "MN"})
    chosen = [p.clause.id for p in answers.picks]
    assert "purpose.statement" in chosen and "property.staging" not in chosen
    assert answers.left_out == {"property.staging": ["purpose.statement"]}
    text = recipe_text(answers, library.parent / "r.yaml", [library])
    assert "#   property.staging (conflicts with purpose.statement)" in text


def test_measure_numbers() -> None:
    assert parse_numbers("1-3, 7", 9) == [1, 2, 3, 7]
    assert parse_numbers("4,2,2", 9) == [2, 4]
    for bad in ("0", "3-1", "x", "", "10"):
        with pytest.raises(ValueError):
            parse_numbers(bad, 9)


class Scripted(Defaults):
    """Answers from a list, in order; `<` steps back; the rest take the default."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def _next(self, question: str) -> str | None:
        self.asked.append(question)
        for key, queue in self.answers.items():
            if question.startswith(key) and queue:
                answer = queue.pop(0)
                if answer == "<":
                    from ordgen.wizard import Back

                    raise Back
                return answer
        return None

    def ask(self, question, parse, default=None, free=False):
        answer = self._next(question)
        return parse(answer) if answer is not None else super().ask(question, parse, default)

    def choose(self, question, options, default):
        answer = self._next(question)
        return answer if answer is not None else default

    def confirm(self, question, default=True):
        answer = self._next(question)
        return answer == "y" if answer is not None else default


def test_values_are_asked_only_for_what_the_chosen_variant_reads(library: Path) -> None:
    lib = load_library([library])
    ask = Scripted({"Strength": ["strong"], "Set the values": ["y"], "notice_days": ["12"]})
    answers = interview(lib, ask, {"name": "City of Duluth", "state": "MN"})
    staging = next(p for p in answers.picks if p.clause.id == "property.staging")
    assert (staging.variant, staging.values) == ("strong", {"notice_days": 12})
    assert [q for q in ask.asked if q.startswith("notice_days")] == [
        "notice_days: Days of notice. [a whole number from 0 to 90]"]


def test_going_back_asks_the_previous_question_again(library: Path) -> None:
    lib = load_library([library])
    ask = Scripted({"Title": ["An ordinance about lots", "A second title"],
                    "Measures": ["<", "3"]})
    answers = interview(lib, ask, {"name": "City of Duluth", "state": "MN"})
    assert answers.title == "A second title"
    assert [p.clause.id for p in answers.picks] == ["property.staging"]


def test_a_first_draft_from_the_bundled_library_takes_few_answers() -> None:
    """Enter at every question over the whole national library: a short interview, with no
    question about values unless asked for."""
    from conftest import ROOT

    lib = load_library([ROOT / "clauses"])
    ask = Scripted({"Legal name": ["City of Duluth"], "State": ["MN"]})
    answers = interview(lib, ask)
    assert len(answers.picks) > 30 and len(ask.asked) <= 12, ask.asked
    params = {n for p in answers.picks for n in p.clause.params}
    assert not [q for q in ask.asked if q.split(":")[0] in params]  # "notice_days: ..."
