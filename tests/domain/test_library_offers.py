"""The shipped library offers each module of issue #16 to the people it is written for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine.loader import load_library
from bot.library.screen import modules
from bot.spec.locales import ALL_LOCALES

FLOWS = load_library(Path(__file__).resolve().parents[2] / "flows", ALL_LOCALES).flows
NEW = {"safety-at-home", "after-sexual-violence", "discipline", "offices", "unhooking"}

ADULT = {"locale": "en", "role": "self", "age_band": "adult"}
ADOLESCENT = {"locale": "en", "role": "self", "age_band": "adolescent"}
CAREGIVER = {"locale": "en", "role": "caregiver", "age_band": "adult", "child_age_band": "0-5"}
YOUNG_CAREGIVER = {
    "locale": "en",
    "role": "caregiver",
    "age_band": "adolescent",
    "child_age_band": "0-5",
}


def offered(facts: dict[str, Any]) -> set[str]:
    return {module.flow for module in modules(FLOWS, facts, set(), "en")} & NEW


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (ADULT, {"safety-at-home", "after-sexual-violence", "offices", "unhooking"}),
        # Offices are an adult's errand; discipline is for caregivers.
        (ADOLESCENT, {"safety-at-home", "after-sexual-violence", "unhooking"}),
        (CAREGIVER, NEW),
        (YOUNG_CAREGIVER, {"safety-at-home", "after-sexual-violence", "discipline", "unhooking"}),
    ],
    ids=["adult", "adolescent", "caregiver", "adolescent-caregiver"],
)
def test_each_person_is_offered_the_modules_written_for_them(
    facts: dict[str, Any], expected: set[str]
) -> None:
    assert offered(facts) == expected


def test_after_sexual_violence_is_never_offered_to_a_child_or_an_unknown_age() -> None:
    assert "after-sexual-violence" not in offered({"locale": "en", "age_band": "child"})
    assert "after-sexual-violence" not in offered({"locale": "en", "role": "self"})


def test_the_new_modules_follow_the_ones_already_there_in_their_topics() -> None:
    found = modules(FLOWS, CAREGIVER, set(), "en")
    order = {module.flow: (module.topic, index) for index, module in enumerate(found)}

    def before(first: str, then: str) -> bool:
        return order[first][0] == order[then][0] and order[first][1] < order[then][1]

    assert before("safety-plan", "safety-at-home")
    assert before("safety-at-home", "after-sexual-violence")
    assert before("worries", "offices") and before("offices", "unhooking")
    assert before("caregiver-care", "discipline")
