"""/library offers each of the shipped modules on guilt and shame, children's reactions,
staying well and self-harm to the people it was written for, and to nobody else: the
self-harm module to adolescents only, children's reactions to caregivers only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine.loader import load_library
from bot.library.screen import modules
from bot.spec.locales import ALL_LOCALES

FLOWS = load_library(Path(__file__).resolve().parents[2] / "flows", ALL_LOCALES)
NEW = {"guilt-shame", "child-reactions", "staying-well", "self-harm-urges"}
ADOLESCENT = {"age_band": "adolescent", "role": "self"}
ADULT = {"age_band": "adult", "role": "self"}
CAREGIVER = {"age_band": "adult", "role": "caregiver", "child_age_band": "6-12"}
ADOLESCENT_CAREGIVER = {"age_band": "adolescent", "role": "caregiver"}


def offered(facts: dict[str, Any]) -> set[str]:
    return {module.flow for module in modules(FLOWS.flows, facts, set(), "en")} & NEW


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (ADOLESCENT, {"guilt-shame", "staying-well", "self-harm-urges"}),
        (ADULT, {"guilt-shame", "staying-well"}),
        (CAREGIVER, {"guilt-shame", "staying-well", "child-reactions"}),
        (
            ADOLESCENT_CAREGIVER,
            {"guilt-shame", "staying-well", "child-reactions", "self-harm-urges"},
        ),
    ],
    ids=["adolescent", "adult", "caregiver", "adolescent-caregiver"],
)
def test_each_person_is_offered_the_modules_meant_for_them(
    facts: dict[str, Any], expected: set[str]
) -> None:
    assert offered(facts) == expected


def test_the_modules_sit_in_the_topics_that_fit_them() -> None:
    found = modules(FLOWS.flows, ADOLESCENT | {"role": "caregiver"}, set(), "en")
    topics = {module.flow: module.topic for module in found}
    assert {name: topics[name] for name in NEW} == {
        "guilt-shame": "kindness",
        "child-reactions": "parenting",
        "staying-well": "loss",
        "self-harm-urges": "safety",
    }
    # Self-harm comes after the safety plan it leads to, not before it.
    safety = [module.flow for module in found if module.topic == "safety"]
    assert safety.index("safety-plan") < safety.index("self-harm-urges")
