"""The data model: what a clause library and a recipe may contain.

msgspec checks the shape of each file (strictly: no coercion, no unknown keys);
`validate.py` checks what one field says about another. The JSON Schemas under
`schema/` are generated from here.
"""

from typing import TYPE_CHECKING, Annotated, Any, Literal

from msgspec import Meta, Struct, field

from .options import RationaleMode

CLAUSE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
ClauseId = Annotated[str, Meta(pattern=CLAUSE_ID_PATTERN, max_length=120)]
Key = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
ParamName = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Line = Annotated[str, Meta(min_length=1, max_length=500)]
Text = Annotated[str, Meta(min_length=1, max_length=100_000)]
Url = Annotated[str, Meta(pattern=r"^https?://\S+$", max_length=500)]
RuleKind = Literal["sanctuary-ban", "detainer-mandate", "cooperation-mandate", "287g-mandate",
                   "official-penalty", "funding-penalty"]
ParamValue = str | int | bool | list[str]
Kind = Literal["city", "town", "village", "borough", "township", "county", "city-county",
               "parish", "metro"]
BodyKind = Literal["city-council", "board-of-aldermen", "town-council", "town-board",
                   "select-board", "board-of-trustees", "borough-council", "township-board",
                   "board-of-commissioners", "board-of-supervisors", "county-council",
                   "county-legislature", "commissioners-court", "parish-council", "police-jury",
                   "metropolitan-council"]
InstrumentKind = Literal["ordinance", "resolution", "order", "executive-order"]
INSTRUMENT_KINDS: tuple[InstrumentKind, ...] = ("ordinance", "resolution", "order",
                                               "executive-order")
Role = Literal["police", "sheriff", "jail", "prosecutor", "auditor", "complaints"]
# An office a jurisdiction does not have is written "none"; a field left out takes the
# default of the kind of government and its state.
Office = Annotated[str, Meta(min_length=1, max_length=200)]

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


class Strict(Struct, frozen=True, forbid_unknown_fields=True):
    """Immutable, with every key known; values are never coerced from another type.

    Subclasses repeat `frozen=True` for type checkers, and pass `kw_only=True` so required
    and optional fields may come in any order.
    """


class Param(Strict, frozen=True, kw_only=True):
    """A value a recipe may set for one clause."""

    type: Literal["string", "integer", "boolean", "choice", "list"]
    default: ParamValue
    description: Line
    min: int | None = None
    max: int | None = None
    choices: list[Annotated[str, Meta(min_length=1, max_length=200)]] | None = None
    local: Annotated[bool, Meta(
        description="The value is a fact about one jurisdiction (a year, a local finding): "
                    "`ordgen batch` does not carry a recipe's value to other jurisdictions.")
    ] = False


class Recital(Strict, frozen=True, kw_only=True):
    """One WHEREAS recital of a findings clause."""

    text: Text
    local: Annotated[bool, Meta(
        description="True of one place only (its own history): a recipe names it to use it, "
                    "and `ordgen batch` leaves it out for other jurisdictions.")] = False


class Variant(Strict, frozen=True, kw_only=True):
    """One strength level of a clause's text."""

    summary: str = ""
    text: Text
    state_rules: Annotated[list[RuleKind] | None, Meta(
        description="The kinds of state rule this variant runs into, where they differ from "
                    "the clause's (a neutral baseline may run into none).")] = None


class Clause(Strict, frozen=True, kw_only=True):
    """One clause file: a section of a draft, in one or more variants."""

    id: ClauseId
    title: Line
    category: Key
    order: int = 100
    summary: Line
    params: dict[ParamName, Param] = {}
    variants: dict[Key, Variant] | None = None
    text: Text | None = None
    recitals: Annotated[dict[Key, Recital] | None, Meta(
        description="A findings clause's recitals by key, which recipes choose one by one.")
    ] = None
    default_variant: Key | None = None
    defines: dict[Annotated[str, Meta(min_length=1, max_length=80)], Text] = {}
    requires: list[ClauseId] = []
    conflicts: list[ClauseId] = []
    state_rules: list[RuleKind] = []
    instruments: Annotated[list[InstrumentKind], Meta(
        min_length=1, description="The kinds of instrument the clause is written for.")
    ] = field(default_factory=lambda: list(INSTRUMENT_KINDS))
    needs: Annotated[list[Role], Meta(
        description="Agencies the clause is about: a jurisdiction without one of them leaves "
                    "the clause out of its drafts (a city with no jail, say).")] = []
    rationale: Text
    authorities: list[Key] = []
    example: dict[str, ParamValue] = {}

    def variant_texts(self) -> dict[str, str]:
        """Variant name -> text template; a single-text clause has one, `standard` (for a
        clause of recitals, all of them)."""
        if self.variants:
            return {name: v.text for name, v in self.variants.items()}
        if self.recitals:
            return {"standard": "\n\n".join(r.text.strip() for r in self.recitals.values())}
        return {"standard": self.text or ""}

    def rules_of(self, variant: str) -> list[str]:
        """The kinds of state rule a variant runs into: its own, else the clause's."""
        own = self.variants[variant].state_rules if self.variants and variant in self.variants \
            else None
        return list(self.state_rules if own is None else own)

    def default_recitals(self) -> list[str]:
        """The recitals a recipe gets when it names none: all but the local ones."""
        return [key for key, r in (self.recitals or {}).items() if not r.local]

    @property
    def default(self) -> str:
        """The variant a recipe gets when it names none."""
        names = list(self.variant_texts())
        return self.default_variant or names[-1]


class Category(Strict, frozen=True, kw_only=True):
    """A group of clauses; the order of categories is the order of a draft."""

    id: Key
    title: Line
    role: Literal["recitals", "definitions", "body"] = "body"


class Authority(Strict, frozen=True, kw_only=True):
    """A statute, case, ordinance or model law that rationales rely on."""

    kind: Literal["case", "statute", "regulation", "ordinance", "executive", "model", "memo",
                  "report"]
    title: Line
    citation: Line
    short: Line
    parenthetical: Line
    source: Url
    note: Annotated[str, Meta(description=(
        "A caveat for the reader of the table of authorities (printed in drafts); "
        "maintainers' notes belong in YAML comments."))] = ""
    confidence: Annotated[Literal["verified", "reported", "unverified"], Meta(description=(
        "verified: read in a primary source (the opinion, the statute, the official site); "
        "reported: known only from secondary reporting; unverified: not confirmed."))
    ] = "reported"


class StateLaw(Strict, frozen=True, kw_only=True):
    """A state law that forbids or penalizes separation policies."""

    id: Key
    state: StateCode
    name: Line
    citation: Line
    forbids: Text
    penalties: Text
    rules: list[RuleKind]
    confidence: Literal["verified", "reported", "unverified"]
    source: Url


class Provision(Strict, frozen=True, kw_only=True):
    """One operative provision of an adopted law, and the clause that carries it."""

    section: Line
    summary: Line
    clause: ClauseId | None = None
    variant: Key | None = None  # the weakest variant that carries it
    state_only: Annotated[Line | None, Meta(
        description="Why a local government cannot adopt it, and which clause's rationale "
                    "says so.")] = None


class AdoptedModel(Strict, frozen=True, kw_only=True):
    """An adopted law the library is measured against (`models.yaml`)."""

    id: Key
    name: Line
    citation: Line
    source: Url
    provisions: Annotated[list[Provision], Meta(min_length=1)]


class LibraryInfo(Strict, frozen=True, kw_only=True):
    """`library.yaml`: a library's name and version, for provenance."""

    name: Line
    version: Line
    description: str = ""


class Agencies(Strict, frozen=True, kw_only=True):
    """The jurisdiction's agencies by role; "none" where it has no such agency."""

    police: Office | None = None
    sheriff: Office | None = None
    jail: Annotated[Office | None, Meta(
        description="Who runs the jail or other place of detention, if the jurisdiction "
                    "runs one.")] = None
    prosecutor: Office | None = None
    auditor: Annotated[Office | None, Meta(
        description="An auditor or inspector general who can review compliance.")] = None
    complaints: Annotated[Office | None, Meta(
        description="The office that takes complaints from the public.")] = None


class Jurisdiction(Strict, frozen=True, kw_only=True):
    """The local government a draft is for; what is left out comes from its kind and state."""

    name: Annotated[Line, Meta(description="The legal name: 'City of Duluth', 'Harris County'.")]
    kind: Kind
    state: StateCode
    short_name: Annotated[Line | None, Meta(description="'Duluth'.")] = None
    entity: Annotated[Line | None, Meta(
        description="How the text refers to the jurisdiction after naming it: 'City' for "
                    "'the City'.")] = None
    governing_body: Annotated[Line | None, Meta(description="'City Council'.")] = None
    body_kind: BodyKind | None = None
    presiding_officer: Annotated[Office | None, Meta(
        description="Who signs for the governing body: 'President of the City Council'.")
    ] = None
    chief_executive: Annotated[Office | None, Meta(
        description="Who approves or vetoes what the body passes ('Mayor', 'County "
                    "Executive'), or 'none'.")] = None
    executive: Annotated[Line | None, Meta(
        description="The officer who carries the measures out; default the chief executive, "
                    "else the manager or administrator.")] = None
    clerk: Annotated[Line | None, Meta(description="'City Clerk', 'Clerk of the Board'.")] = None
    legal_office: Annotated[Line | None, Meta(description="'City Attorney', 'County "
                                                          "Attorney'.")] = None
    police_agency: Annotated[Office | None, Meta(
        description="The police agency (the same as agencies.police).")] = None
    agencies: Agencies = Agencies()
    elected: Annotated[list[Role] | None, Meta(
        description="Agencies headed by independently elected officers, whom the governing "
                    "body cannot discipline or direct (a county's sheriff and prosecutor).")
    ] = None
    code_name: Annotated[Office | None, Meta(
        description="The code of ordinances, or 'none' where there is no code.")] = None
    number_label: Annotated[Line | None, Meta(
        description="The heading before the number: 'Bill No.', 'Council File No.'.")] = None


# A bare id is checked against the library, which names the closest clause; its form is
# given to editors only. msgspec (0.19 to 0.22) corrupts memory validating a union that
# holds a patterned string beside a list or mapping, and the process may crash on exit
# (seen under PYTHONMALLOC=debug; msgspec issue 717 reports such crashes).
ClauseChoice = (Annotated[str, Meta(max_length=120,
                                    extra_json_schema={"pattern": CLAUSE_ID_PATTERN})]
                | dict[ClauseId, dict[str, Any] | None])
CodeNumber = Annotated[str, Meta(pattern=r"^[0-9A-Za-z]+([.:-][0-9A-Za-z]+)*$", max_length=40)]


class AmendedSection(Strict, frozen=True, kw_only=True):
    """What the ordinance does to one section of the existing code."""

    code: Annotated[CodeNumber, Meta(description='The code section\'s number, quoted: "19.30".')]
    clause: Annotated[ClauseId | None, Meta(
        description="The clause whose text the section is to read as "
                    "(for amend and add; the clause must be in `clauses`).")] = None
    action: Annotated[Literal["amend", "add", "repeal"], Meta(
        description="amend an existing section to read as the clause, add a "
                    "new section, or repeal an existing one.")] = "amend"


class Amends(Strict, frozen=True, kw_only=True):
    """The existing code text an amending ordinance changes, and how."""

    code: Annotated[Line, Meta(description="Markdown file of the current code sections, each "
                                           "`## 19.30. Title` and its text; relative to the "
                                           "recipe.")]
    sections: Annotated[list[AmendedSection], Meta(min_length=1)]


class Recipe(Strict, frozen=True, kw_only=True):
    """What an aide writes: which jurisdiction, which clauses, which variants and values."""

    jurisdiction: Jurisdiction
    title: Line
    number: Annotated[str, Meta(max_length=80)] = ""
    draft: Annotated[str, Meta(max_length=120)] = "Draft"
    instrument: InstrumentKind = "ordinance"
    library: Line | list[Line] | None = None
    rationale: RationaleMode = "inline"
    enacting_clause: Line | None = None
    closing: Annotated[bool, Meta(
        description="End the draft with the passage, vote, attestation and signature "
                    "lines of its body and instrument.")] = True
    template: Line | None = None
    date: Annotated[Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None, Meta(
        description="Document date (YYYY-MM-DD) for the DOCX core properties.")] = None
    clauses: Annotated[list[ClauseChoice], Meta(min_length=1)]
    amends: Annotated[Amends | None, Meta(
        description="Make this an amending ordinance: the clauses named here "
                    "amend, add or repeal sections of existing code text.")] = None
