"""The sample jurisdictions `check` renders every clause for, one for each way a kind of
government changes what a clause must say, and `ordgen show --kind` renders one for.

Each is built from its kind's form in `government.FORMS` (and its state's changes), as a
recipe's jurisdiction is: only what the form leaves out, or what makes the sample telling,
is given here.
"""

from __future__ import annotations

from functools import cache

from ..government import SAMPLE, Government, resolve
from ..model import Agencies, Jurisdiction

SAMPLES: dict[str, tuple[str, Jurisdiction]] = {
    "city": ("a city with a mayor and a police department", SAMPLE),
    "county": ("a county with an elected sheriff who runs the jail, a prosecutor and an "
               "auditor", Jurisdiction(
                   name="Hennepin County", kind="county", state="MN",
                   agencies=Agencies(prosecutor="Hennepin County Attorney's Office",
                                     auditor="Hennepin County Auditor"))),
    "texas-county": ("a Texas county: a commissioners court and a county judge",
                     Jurisdiction(name="Travis County", kind="county", state="TX")),
    "village": ("a village with a president, a board of trustees, a police department and "
                "a complaints office", Jurisdiction(
                    name="Village of Oak Park", kind="village", state="IL",
                    agencies=Agencies(complaints="Oak Park Citizen Police Oversight "
                                                 "Committee"))),
    "town": ("a town with a select board, no chief executive and no police",
             Jurisdiction(name="Town of Leverett", kind="town", state="MA",
                          chief_executive="none", police_agency="none")),
}
DEFAULT_KIND = "city"  # what `ordgen show` renders for unless told


@cache
def government(kind: str) -> Government:
    """The sample jurisdiction `kind` with every office settled."""
    return resolve(SAMPLES[kind][1])[0]


def describe(kind: str) -> str:
    """The sample in a few words: "Travis County, Texas (kind texas-county)"."""
    gov = government(kind)
    return f"{gov.name}, {gov.state_name} (kind {kind})"
