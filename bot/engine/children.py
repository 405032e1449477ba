"""The children a caregiver looks after, kept without names: each is known only by its
number and age band.

The profile keeps them in one field, `children`, the bands in the order they were added
("6-12,0-5": child 1 is 6-12, child 2 is 0-5), and `child_age_band` is the band of the
child the person last spoke about, which the child content reads. Flows never write
`children` directly; they save one of the actions below and the engine works out the
fields that change, so a conversation sees the new children at once and the domain only
stores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BANDS: tuple[str, ...] = ("0-5", "6-12", "13-17")
MAX_CHILDREN = 4
# Facts a flow may test, worked out from `children`: the band of child 1, 2, ... (unset
# past the last) and how many there are. Never stored.
SLOTS: tuple[str, ...] = tuple(f"child{number}" for number in range(1, MAX_CHILDREN + 1))
COUNT = "children_count"
DERIVED: frozenset[str] = frozenset({*SLOTS, COUNT})
# What a flow saves: a band for `add_child`, a child's number for `remove_child`, and for
# `child` the number of the child a check-in is about (kept with its answers as well).
ADD, REMOVE, PICK = "add_child", "remove_child", "child"
ACTIONS: frozenset[str] = frozenset({ADD, REMOVE, PICK})


def bands(facts: Mapping[str, Any]) -> list[str]:
    """The children's bands in order. A profile from before several children were kept
    has only `child_age_band`: that one child."""
    stored = facts.get("children")
    if isinstance(stored, str) and stored:
        return [band for band in stored.split(",") if band in BANDS]
    single = facts.get("child_age_band")
    return [single] if single in BANDS else []


def derived(facts: Mapping[str, Any]) -> dict[str, Any]:
    found = bands(facts)
    return {COUNT: len(found), **{SLOTS[i]: band for i, band in enumerate(found)}}


def changes(facts: Mapping[str, Any], action: str, value: object) -> dict[str, str | None]:
    """The profile fields an action sets. Out-of-range numbers and unknown bands change
    nothing: a button from an old message must not remove the wrong child."""
    found = bands(facts)
    if action == ADD and value in BANDS and len(found) < MAX_CHILDREN:
        return {"children": ",".join([*found, str(value)]), "child_age_band": str(value)}
    number = _number(value)
    if number is None or not 1 <= number <= len(found):
        return {}
    if action == PICK:
        return {"child_age_band": found[number - 1]}
    if action == REMOVE and len(found) > 1:
        del found[number - 1]
        return {"children": ",".join(found), "child_age_band": found[0]}
    return {}


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None
