"""The data model: what a clause library and a recipe may contain.

Pydantic checks the shape of each file; `validate.py` checks what one field
says about another. The JSON Schemas under `schema/` are generated from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$",
                                            max_length=120)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
RuleKind = Literal["sanctuary-ban", "detainer-mandate", "cooperation-mandate", "287g-mandate",
                   "official-penalty", "funding-penalty"]
ParamValue = str | int | bool | list[str]

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}
if TYPE_CHECKING:
    StateCode = str
else:
    StateCode = Literal[tuple(STATES)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Param(Strict):
    """A value a recipe may set for one clause."""

    type: Literal["string", "integer", "boolean", "choice", "list"]
    default: ParamValue
    description: Line
    min: int | None = None
    max: int | None = None
    choices: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] | None = None


class Variant(Strict):
    """One strength level of a clause's text."""

    summary: str = ""
    text: Text


class Clause(Strict):
    """One clause file: a section of a draft, in one or more variants."""

    id: ClauseId
    title: Line
    category: Key
    order: int = 100
    summary: Line
    params: dict[ParamName, Param] = {}
    variants: dict[Key, Variant] | None = None
    text: Text | None = None
    default_variant: Key | None = None
    defines: dict[Annotated[str, StringConstraints(min_length=1, max_length=80)], Text] = {}
    requires: list[ClauseId] = []
    conflicts: list[ClauseId] = []
    state_rules: list[RuleKind] = []
    instruments: list[Literal["ordinance", "resolution"]] = Field(
        default=["ordinance", "resolution"], min_length=1,
        description="The kinds of instrument the clause is written for.")
    rationale: Text
    authorities: list[Key] = []
    example: dict[str, ParamValue] = {}

    def variant_texts(self) -> dict[str, str]:
        """Variant name -> text template; a single-text clause has one, `standard`."""
        if self.variants:
            return {name: v.text for name, v in self.variants.items()}
        return {"standard": self.text or ""}

    @property
    def default(self) -> str:
        """The variant a recipe gets when it names none."""
        names = list(self.variant_texts())
        return self.default_variant or names[-1]


class Category(Strict):
    """A group of clauses; the order of categories is the order of a draft."""

    id: Key
    title: Line
    role: Literal["recitals", "definitions", "body"] = "body"


class Authority(Strict):
    """A statute, case, ordinance or model law that rationales rely on."""

    kind: Literal["case", "statute", "regulation", "ordinance", "executive", "model", "memo",
                  "report"]
    title: Line
    citation: Line
    short: Line
    parenthetical: Line
    source: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
    note: str = ""


class StateLaw(Strict):
    """A state law that forbids or penalizes separation policies."""

    id: Key
    state: StateCode
    name: Line
    citation: Line
    forbids: Text
    penalties: Text
    rules: list[RuleKind]
    confidence: Literal["verified", "reported", "unverified"]
    source: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]


class LibraryInfo(Strict):
    """`library.yaml`: a library's name and version, for provenance."""

    name: Line
    version: Line
    description: str = ""


class Jurisdiction(Strict):
    """The city or county a draft is for."""

    name: Line
    short_name: Line | None = None
    kind: Literal["city", "county", "town", "village", "township", "borough"]
    state: StateCode
    governing_body: Line
    executive: Line | None = None
    police_agency: Line
    code_name: Line


ClauseChoice = ClauseId | dict[ClauseId, dict[str, Any] | None]
CodeNumber = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]+([.:-][0-9A-Za-z]+)*$",
                                              max_length=40)]


class AmendedSection(Strict):
    """What the ordinance does to one section of the existing code."""

    code: CodeNumber = Field(description='The code section\'s number, quoted: "19.30".')
    clause: ClauseId | None = Field(
        default=None, description="The clause whose text the section is to read as "
                                  "(for amend and add; the clause must be in `clauses`).")
    action: Literal["amend", "add", "repeal"] = Field(
        default="amend", description="amend an existing section to read as the clause, add a "
                                     "new section, or repeal an existing one.")


class Amends(Strict):
    """The existing code text an amending ordinance changes, and how."""

    code: Line = Field(description="Markdown file of the current code sections, each "
                                   "`## 19.30. Title` and its text; relative to the recipe.")
    sections: list[AmendedSection] = Field(min_length=1)


class Recipe(Strict):
    """What an aide writes: which jurisdiction, which clauses, which variants and values."""

    jurisdiction: Jurisdiction
    title: Line
    number: Annotated[str, StringConstraints(max_length=80)] = ""
    draft: Annotated[str, StringConstraints(max_length=120)] = "Draft"
    instrument: Literal["ordinance", "resolution"] = "ordinance"
    library: Line | list[Line] | None = None
    rationale: Literal["none", "inline", "memo", "comments"] = "inline"
    enacting_clause: Line | None = None
    template: Line | None = None
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = Field(
        default=None, description="Document date (YYYY-MM-DD) for the DOCX core properties.")
    clauses: list[ClauseChoice] = Field(min_length=1)
    amends: Amends | None = Field(
        default=None, description="Make this an amending ordinance: the clauses named here "
                                  "amend, add or repeal sections of existing code text.")
