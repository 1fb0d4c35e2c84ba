"""Kinds of local government: how each is named, who sits on it, how it enacts.

A recipe's jurisdiction gives what it knows; everything it leaves out comes from the
form of its kind of government, adjusted for its state (the forms are gathered from real
enactments; see the README). "none" says the jurisdiction has no such office. Templates
see the result as `jurisdiction`, so clause text never hard-codes "City" or "Police
Department".
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, structs

from .model import STATES, Jurisdiction

NONE = "none"
COMMONWEALTHS = {"KY", "MA", "PA", "VA", "PR"}
ROLES = ("police", "sheriff", "jail", "prosecutor", "auditor", "complaints")


class Form(Struct, frozen=True, kw_only=True):
    """The usual offices of one kind of government; `{short}` and `{county}` are filled in."""

    entity: str  # "City", for "the City"
    prefix: str  # the legal name's prefix: "City of "
    body: str
    body_kind: str
    presiding: str
    chief: str  # approves or vetoes; "" when the kind has none
    administrator: str  # carries measures out where there is no chief executive
    clerk: str
    legal: str
    police: str = ""
    sheriff: str = ""
    jail: str = ""
    elected: tuple[str, ...] = ()
    with_state: bool = True  # the enacting clause names the state: "..., ILLINOIS:"


CITY = Form(entity="City", prefix="City of ", body="City Council", body_kind="city-council",
            presiding="President of the City Council", chief="Mayor",
            administrator="City Manager", clerk="City Clerk", legal="City Attorney",
            police="{short} Police Department", with_state=False)
COUNTY = Form(entity="County", prefix="County of ", body="Board of Commissioners",
              body_kind="board-of-commissioners", presiding="Chair of the Board of Commissioners",
              chief="", administrator="County Administrator", clerk="County Clerk",
              legal="County Attorney", sheriff="{county} Sheriff's Office",
              jail="{county} Sheriff's Office", elected=("sheriff", "prosecutor"))

FORMS: dict[str, Form] = {
    "city": CITY,
    "town": Form(entity="Town", prefix="Town of ", body="Town Council", body_kind="town-council",
                 presiding="President of the Town Council", chief="Mayor",
                 administrator="Town Manager", clerk="Town Clerk", legal="Town Attorney",
                 police="{short} Police Department"),
    "village": Form(entity="Village", prefix="Village of ", body="President and Board of Trustees",
                    body_kind="board-of-trustees", presiding="Village President",
                    chief="Village President", administrator="Village Administrator",
                    clerk="Village Clerk", legal="Village Attorney",
                    police="{short} Police Department"),
    "borough": Form(entity="Borough", prefix="Borough of ", body="Borough Council",
                    body_kind="borough-council", presiding="President of the Borough Council",
                    chief="Mayor", administrator="Borough Manager", clerk="Borough Clerk",
                    legal="Borough Solicitor", police="{short} Police Department"),
    "township": Form(entity="Township", prefix="Township of ", body="Township Board",
                     body_kind="township-board", presiding="Township Supervisor", chief="",
                     administrator="Township Manager", clerk="Township Clerk",
                     legal="Township Attorney", police="{short} Police Department"),
    "county": COUNTY,
    "city-county": structs.replace(CITY, prefix="City and County of ",
                                   sheriff="{short} Sheriff's Department",
                                   jail="{short} Sheriff's Department", elected=("prosecutor",)),
    "parish": structs.replace(COUNTY, entity="Parish", prefix="Parish of ", body="Parish Council",
                              body_kind="parish-council",
                              presiding="Chair of the Parish Council", chief="Parish President",
                              administrator="Parish President", clerk="Clerk of Council",
                              legal="Parish Attorney"),
    "metro": Form(entity="Metropolitan Government", prefix="Metropolitan Government of ",
                  body="Metropolitan Council", body_kind="metropolitan-council",
                  presiding="Presiding Officer of the Metropolitan Council", chief="Mayor",
                  administrator="Mayor", clerk="Metropolitan Clerk",
                  legal="Metropolitan Director of Law", police="Metropolitan Police Department",
                  sheriff="{short} Sheriff's Office", jail="{short} Sheriff's Office",
                  elected=("sheriff", "prosecutor"), with_state=False),
}

# Where a state gives a kind of government another body or other officers.
STATE_FORMS: dict[tuple[str, str], dict[str, str]] = {
    ("county", "TX"): {"body": "Commissioners Court", "body_kind": "commissioners-court",
                       "presiding": "County Judge", "chief": "County Judge",
                       "administrator": "County Judge"},
    ("county", "CA"): {"body": "Board of Supervisors", "body_kind": "board-of-supervisors",
                       "presiding": "Chair of the Board of Supervisors",
                       "clerk": "Clerk of the Board of Supervisors"},
    ("county", "VA"): {"body": "Board of Supervisors", "body_kind": "board-of-supervisors",
                       "presiding": "Chair of the Board of Supervisors"},
    ("county", "NY"): {"body": "County Legislature", "body_kind": "county-legislature",
                       "presiding": "Chair of the County Legislature"},
    ("county", "FL"): {"body": "Board of County Commissioners",
                       "presiding": "Chair of the Board of County Commissioners",
                       "clerk": "Clerk of the Board"},
    ("town", "MA"): {"body": "Select Board", "body_kind": "select-board",
                     "presiding": "Chair of the Select Board", "chief": ""},
    ("town", "NY"): {"body": "Town Board", "body_kind": "town-board",
                     "presiding": "Town Supervisor", "chief": "Town Supervisor"},
    ("village", "NY"): {"body": "Board of Trustees", "presiding": "Mayor", "chief": "Mayor"},
    ("borough", "PA"): {"clerk": "Borough Secretary"},
}


class Government(Struct, frozen=True, kw_only=True):
    """A jurisdiction with every office settled: what templates and renderers read."""

    name: str
    short_name: str
    the_name: str  # "the City of Chicago", "Harris County"
    kind: str
    entity: str
    state: str
    state_name: str
    state_style: str  # "State", "Commonwealth"
    state_full: str  # "State of Minnesota"
    governing_body: str
    body_kind: str
    presiding_officer: str
    chief_executive: str  # "" when there is none
    executive: str
    clerk: str
    legal_office: str
    police_agency: str  # the police, else the sheriff: who enforces the law locally
    agencies: dict[str, str]  # role -> agency ("" when there is none)
    elected: tuple[str, ...]
    code_name: str  # "" when there is no code
    with_state: bool

    def context(self) -> dict[str, Any]:
        """What clause templates see as `jurisdiction`."""
        data = structs.asdict(self)
        data.pop("with_state")
        data["agencies"] = dict(self.agencies)
        data["elected"] = list(self.elected)
        return data

    @property
    def named_in_full(self) -> str:
        """The jurisdiction as an enacting clause names it: "the Village of River Forest,
        Illinois"; cities are named without their state."""
        if self.with_state and self.kind != "city-county":
            return f"{self.the_name}, {self.state_name}"
        return self.the_name


# The jurisdiction `ordgen check` and `ordgen show` render sample drafts for.
SAMPLE = Jurisdiction(name="City of Saint Paul", kind="city", state="MN",
                      governing_body="City Council", executive="Mayor",
                      police_agency="Saint Paul Police Department",
                      code_name="Saint Paul Legislative Code")


class Note(Struct, frozen=True):
    """Something about the jurisdiction a recipe should hear, located in the recipe."""

    loc: tuple[str, ...]
    code: str
    message: str
    hint: str
    severity: str = "warning"


KIND_WORDS = ("city", "town", "village", "borough", "township", "county", "parish",
              "metropolitan", "municipality")


def _given(value: str | None) -> str | None:
    """A field's value, "" for "none", or None when it was left out."""
    if value is None:
        return None
    return "" if value.strip().lower() == NONE else value


def resolve(j: Jurisdiction) -> tuple[Government, list[Note]]:
    """Fill every office the jurisdiction left out from its kind and state."""
    notes: list[Note] = []
    form = FORMS[j.kind]
    over = STATE_FORMS.get((j.kind, j.state), {})

    def pick(key: str) -> str:
        return str(over.get(key, getattr(form, key)))

    name = j.name
    if not any(w in name.lower().replace("-", " ").split() for w in KIND_WORDS):
        fixed = (f"{name} {form.entity}" if j.kind in ("county", "parish")
                 else f"{form.prefix}{name}")
        notes.append(Note(("jurisdiction", "name"), "name-without-kind",
                          f"the name '{name}' does not say what kind of government it is; "
                          f"the draft calls it '{fixed}'",
                          f"write the legal name, e.g. name: {fixed}"))
        name = fixed
    prefixed = name.lower().startswith(form.prefix.lower())
    short = j.short_name or (name[len(form.prefix):] if prefixed else name)
    if j.kind in ("county", "parish"):
        county = (f"{short} {form.entity}" if prefixed else name)
    else:
        county = short
    fill = {"short": short, "county": county}
    agencies = {role: (_default_agency(form, role, fill) if getattr(j.agencies, role) is None
                       else _given(getattr(j.agencies, role)) or "") for role in ROLES}
    if j.police_agency is not None and j.agencies.police is None:
        agencies["police"] = _given(j.police_agency) or ""
    chief = _given(j.chief_executive)
    chief = pick("chief") if chief is None else chief
    style = ("Commonwealth" if j.state in COMMONWEALTHS
             else "District" if j.state == "DC" else "State")
    state_name = STATES[j.state]
    code = _given(j.code_name)
    government = Government(
        name=name, short_name=short,
        the_name=f"the {name}" if _starts_with_kind(name) else name,
        kind=j.kind, entity=j.entity or form.entity, state=j.state, state_name=state_name,
        state_style=style,
        state_full=state_name if j.state == "DC" else f"{style} of {state_name}",
        governing_body=j.governing_body or pick("body"),
        body_kind=j.body_kind or pick("body_kind"),
        presiding_officer=_given(j.presiding_officer) or pick("presiding"),
        chief_executive=chief,
        executive=j.executive or chief or pick("administrator"),
        clerk=j.clerk or pick("clerk"),
        legal_office=j.legal_office or pick("legal"),
        police_agency=agencies["police"] or agencies["sheriff"],
        agencies=agencies,
        elected=tuple(j.elected) if j.elected is not None else form.elected,
        # a Texas commissioners court keeps orders in its minutes, not in a code
        code_name=code if code is not None else (
            "" if pick("body_kind") == "commissioners-court" else f"{short} Code of Ordinances"),
        with_state=form.with_state,
    )
    return government, notes


def _starts_with_kind(name: str) -> bool:
    """Whether a legal name reads after "the": "City of Chicago", not "Harris County"."""
    return any(name.lower().startswith(form.prefix.lower()) for form in FORMS.values())


def _default_agency(form: Form, role: str, fill: dict[str, str]) -> str:
    pattern: str = getattr(form, role, "")
    return pattern.format(**fill) if pattern else ""
