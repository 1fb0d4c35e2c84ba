"""Closing blocks: what follows the last section of a draft, for its body and instrument.

The passed (adopted, ordered, signed) line with blanks for the date, the vote record,
the presiding officer's signature, the clerk's attestation, the chief executive's approval
or veto where the chief executive is not the one presiding, and approval as to form by
the legal office. An executive order is signed by the chief executive and filed with the
clerk.
"""

from __future__ import annotations

from msgspec import Struct

from .government import Government

DATE = "____________, 20__"
NAME = "______________________"


class Signature(Struct, frozen=True):
    """A signature line: who signs, and the caption above the line ("ATTEST:")."""

    office: str
    caption: str = ""


class Closing(Struct, frozen=True):
    """The lines after the last section, then the signatures."""

    lines: tuple[str, ...]
    signatures: tuple[Signature, ...]
    after: tuple[str, ...] = ()  # lines below the signatures: filing with the clerk


def closing(government: Government, instrument: str) -> Closing:
    """The closing block a draft of this instrument by this jurisdiction ends with."""
    g = government
    chief = g.chief_executive
    if instrument == "executive-order":
        return Closing((f"Signed on {DATE}.",), (Signature(chief or g.executive),),
                       (f"Filed with the {g.clerk} on {DATE}.",))
    vote = "Vote: Ayes ____   Nays ____   Absent ____   Abstaining ____"
    lines: tuple[str, ...]
    if instrument == "order":
        lines = (f"ORDERED by the {g.governing_body} of {g.the_name} on {DATE}, on the motion "
                 f"of {NAME}, seconded by {NAME}.", vote)
    else:
        verb = "ADOPTED" if instrument == "resolution" else "PASSED"
        lines = (f"{verb} by the {g.governing_body} of {g.the_name} on {DATE}.", vote)
    signatures = [Signature(g.presiding_officer)]
    if chief and chief != g.presiding_officer and instrument == "ordinance":
        lines += (f"Approved ____   Vetoed ____   by the {chief} on {DATE}.",)
        signatures.append(Signature(chief, "APPROVED / VETOED:"))
    signatures.append(Signature(g.clerk, "ATTEST:"))
    signatures.append(Signature(g.legal_office, "APPROVED AS TO FORM:"))
    return Closing(lines, tuple(signatures))
