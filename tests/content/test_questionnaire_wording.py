"""Questionnaire wording the clinical review asked for, held in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine.texts import resolve
from bot.scheduling.plans import PLANS

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "flows" / name).read_text("utf-8")))


# "Brought shame on" for "let yourself or your family down": for the people Qadam serves
# shame is heavily loaded, and it raises PHQ-9 item 6 scores.
SHAME = {"kk": "ұят", "ky": "уят", "uz": "uyat", "tg": "шарманда"}


@pytest.mark.parametrize(("locale", "word"), SHAME.items())
def test_phq9_item_6_says_disappointed_not_shamed(locale: str, word: str) -> None:
    item6 = _load("instruments/phq9.yaml")["items"][5][locale]
    assert word not in item6.lower()


def test_cries8_names_the_memory_before_asking_about_it_and_never_asks_what_it_was() -> None:
    steps = _load("checkin-reactions.yaml")["steps"]
    [yes] = [o for o in steps["invite"]["options"] if o["value"] == "yes"]
    assert yes["go"] == "memory" and steps["memory"]["go"] == "questions"
    assert steps["questions"]["instrument"] == "cries8"
    memory = steps["memory"]["say"]
    assert "hardest" in memory["en"] and "do not need to tell it" in memory["en"]
    assert "тяжелее всего" in memory["ru"] and "Рассказывать об этом не нужно" in memory["ru"]


def test_cries8_licence_asks_for_contact_before_translating_in_file_and_readmes() -> None:
    assert "contact it before making a translation" in _load("instruments/cries8.yaml")["licence"]
    for readme in (ROOT / "README.md", ROOT / "flows" / "instruments" / "README.md"):
        text = " ".join(readme.read_text("utf-8").split())
        assert "Children and War Foundation be contacted before" in text, readme


@pytest.mark.parametrize(
    ("gender", "first"),
    [
        ("female", "Я была бодрой и в хорошем настроении"),
        ("male", "Я был бодрым и в хорошем настроении"),
        ("unsaid", "Я был(а) бодрым(ой) и в хорошем настроении"),
        (None, "Я был(а) бодрым(ой) и в хорошем настроении"),
    ],
)
def test_who5_in_russian_speaks_in_the_persons_gender(gender: str | None, first: str) -> None:
    items = _load("instruments/who5.yaml")["items"]
    assert resolve(items[0], "ru", gender) == first
    assert all("{" not in resolve(item, "ru", gender) for item in items)
    # Other languages do not mark it, and are left as they are.
    assert resolve(items[0], "kk", gender) == items[0]["kk"]


def test_who5_runs_every_two_weeks_and_says_so() -> None:
    [plan] = [plan for plan in PLANS if plan.flow == "checkin-wellbeing"]
    assert plan.every_days == 14
    flow = _load("checkin-wellbeing.yaml")
    assert "Weekly" not in flow["title"]["en"]
    assert "two weeks" in flow["steps"]["questions"]["say"]["en"]


# A total says how much was troubling, not which item nor how often each one was.
@pytest.mark.parametrize(
    ("flow", "step"),
    [
        ("checkin-mood.yaml", "severe"),
        ("checkin-mood.yaml", "moderately_severe"),
        ("checkin-worry.yaml", "severe"),
        ("checkin-wellbeing.yaml", "low"),
    ],
)
def test_high_band_explanations_say_only_what_a_total_can(flow: str, step: str) -> None:
    text = _load(flow)["steps"][step]["say"]["en"]
    assert "score" in text and "not a diagnosis" in text
    for claim in ("nearly every day", "most days", "low mood", "little energy or joy"):
        assert claim not in text


def test_adults_and_caregivers_are_offered_a_hard_memories_check_in() -> None:
    steps = _load("checkins.yaml")["steps"]
    menus = ("adult", "caregiver", "teen")
    offered = {menu: [option["value"] for option in steps[menu]["options"]] for menu in menus}
    assert "memories" in offered["adult"] and "memories" in offered["caregiver"]
    assert "memories" not in offered["teen"]  # adolescents have CRIES-8 (checkin-reactions)
    flow = _load("checkin-memories.yaml")
    assert flow["audience"] == {"age_band": ["adult"]}
    assert flow["steps"]["questions"]["instrument"] == "pcptsd5"
