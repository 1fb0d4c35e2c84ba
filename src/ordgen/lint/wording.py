"""What a rendered clause must not say in a draft for one jurisdiction and instrument:
another kind of government ("City" in a county's draft, "municipal" in a county's) or
another instrument ("this ordinance" in a resolution)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..government import Government
from ..instruments import INSTRUMENTS

_ENTITIES = ("City", "Town", "Village", "Borough", "Township")
_MUNICIPAL = re.compile(r"\b[Mm]unicipal(?:ity|ities)?\b")
_NOT_MUNICIPAL = ("county", "parish")
_SELF = re.compile(r"\b[Tt]his (ordinance|resolution|executive[ -]order|order)\b", re.IGNORECASE)
_SAYS_ITSELF = {"executive-order": ("this order", "this executive order")}


def kind_words(text: str, government: Government, given: tuple[str, ...] = ()) -> list[str]:
    """Words of `text` that name another kind of government than `government`'s, in
    order, each once: its own names and offices aside, and the `given` values (a clause's
    example is written for one jurisdiction; a recipe sets its own)."""
    masked = _mask(government, given).sub(" ", text)
    others = [w for w in _ENTITIES if w != government.entity]
    found = re.findall(r"\b(?:" + "|".join(others) + r")\b", masked) if others else []
    if government.kind in _NOT_MUNICIPAL:
        found += _MUNICIPAL.findall(masked)
    return list(dict.fromkeys(found))


def instrument_words(text: str, instrument: str) -> list[str]:
    """The ways `text` refers to itself as another instrument than `instrument` (words in
    quotation marks, which speak of the phrase, aside)."""
    own = _SAYS_ITSELF.get(instrument, (INSTRUMENTS[instrument].itself,))
    return list(dict.fromkeys(m.group() for m in _SELF.finditer(text)
                              if m.group().lower() not in own
                              and text[m.start() - 1:m.start()] not in ('"', "\u201c")))


def _mask(government: Government, given: tuple[str, ...]) -> re.Pattern[str]:
    """The jurisdiction's own names and offices, which may say "City" and still be right,
    and the given values."""
    return _pattern(_names(government), given)


_NAMES: dict[int, tuple[Government, tuple[str, ...]]] = {}


def _names(government: Government) -> tuple[str, ...]:
    known = _NAMES.get(id(government))
    if known is None or known[0] is not government:
        names = {v for v in government.context().values() if isinstance(v, str) and v}
        names |= {v for v in government.agencies.values() if v}
        known = _NAMES[id(government)] = (government, tuple(sorted(names)))
    return known[1]


@lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...], given: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({*names, *(g for g in given if g)}, key=lambda n: (-len(n), n))
    return re.compile("|".join(map(re.escape, words)))
