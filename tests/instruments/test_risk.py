"""`assess`: which questionnaire results open a case, how severe, and why."""

from __future__ import annotations

from typing import Any

import pytest

from bot.engine.instruments.risk import Assessment, assess
from bot.engine.instruments.scoring import score
from bot.engine.parse import parse_instrument
from bot.spec.severity import Severity
from tests.instruments.helpers import NAMES, answers_for, instrument


def assessed(name: str, answers: list[int]) -> Assessment | None:
    found = instrument(name)
    return assess(found, score(found, answers))


def test_phq9_item9_is_critical_whatever_the_total() -> None:
    assert assessed("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]) == Assessment("critical", ("phq9-item9",))


def test_every_rule_that_holds_is_a_reason_the_most_severe_first() -> None:
    assert assessed("phq9", [3, 3, 3, 3, 3, 3, 3, 0, 1]) == Assessment(
        "critical", ("phq9-item9", "phq9-severe")
    )
    assert assessed("gad7", [3, 3, 3, 3, 3, 3, 3]) == Assessment("low", ("gad7-positive",))


# (instrument, total, severity or None, reasons): what the flows escalated at by themselves
# before the rules were data, and screen-positive results as low cases. The opt-in cases
# (PHQ-9 moderate, GAD-7 severe, CRIES-8 positive) have no rule: the check-in asks the
# person first, and only their "Yes" escalates (tests/escalation/test_questionnaires.py).
CASES: list[tuple[str, int, Severity | None, tuple[str, ...]]] = [
    ("phq9", 9, None, ()),
    ("phq9", 10, None, ()),
    ("phq9", 14, None, ()),
    ("phq9", 15, "high", ("phq9-moderately-severe",)),
    ("phq9", 20, "high", ("phq9-severe",)),
    ("phq2", 2, None, ()),
    ("phq2", 3, "low", ("phq2-positive",)),
    ("gad2", 3, "low", ("gad2-positive",)),
    ("gad7", 9, None, ()),
    ("gad7", 10, "low", ("gad7-positive",)),
    # Severe is opt-in; the positive screen still holds: a low case for review.
    ("gad7", 15, "low", ("gad7-positive",)),
    ("pcptsd5", 2, None, ()),
    ("pcptsd5", 3, "low", ("pcptsd5-positive",)),
    ("cries8", 16, None, ()),
    ("cries8", 17, None, ()),
]


@pytest.mark.parametrize(("name", "total", "severity", "reasons"), CASES)
def test_bands_and_positive_screens(
    name: str, total: int, severity: Severity | None, reasons: tuple[str, ...]
) -> None:
    expected = Assessment(severity, reasons) if severity is not None else None
    assert assessed(name, answers_for(name, total)) == expected


def test_who5_positive_is_low_and_good_wellbeing_is_nothing() -> None:
    assert assessed("who5", [2, 2, 2, 2, 2]) == Assessment("low", ("who5-positive",))  # 40%
    assert assessed("who5", [3, 3, 3, 3, 1]) is None  # 52%


# Instruments whose every case is the person's choice, asked for in the flow.
OPT_IN_ONLY = frozenset({"cries8"})


@pytest.mark.parametrize("name", NAMES)
def test_every_instrument_has_risk_rules_with_sources(name: str) -> None:
    risk = instrument(name).risk
    rules = [*risk.flags.values(), *risk.bands.values()]
    rules += [risk.positive] if risk.positive is not None else []
    assert bool(rules) is (name not in OPT_IN_ONLY)
    assert all(rule.source.strip() for rule in rules)


# (instrument, band): results after which a check-in asks whether the person would like a
# counsellor, escalating only on "Yes". A rule here would open the case at scoring and
# override a "Not now".
OPT_IN_BANDS = [("phq9", "moderate"), ("gad7", "severe"), ("cries8", "positive")]


@pytest.mark.parametrize(("name", "band"), OPT_IN_BANDS)
def test_opt_in_results_open_no_medium_case_at_scoring(name: str, band: str) -> None:
    found = instrument(name)
    assert found.scoring.bands is not None
    [rule] = [rule for rule in found.scoring.bands.ranges if rule.id == band]
    for total in (rule.min, rule.max):
        assessment = assessed(name, answers_for(name, total))
        assert assessment is None or assessment.severity == "low", (name, total, assessment)


def test_no_risk_section_means_no_case() -> None:
    data: dict[str, Any] = {
        "spec": 1,
        "instrument": "plain",
        "title": "Plain",
        "items": ["One"],
        "scale": [{"value": 0, "text": "No"}, {"value": 1, "text": "Yes"}],
        "scoring": {
            "method": "sum",
            "source": "test",
            "positive": {"min": 1, "source": "test"},
        },
        "ages": ["adult"],
        "licence": "test",
        "citation": "test",
        "translations": {"en": {"validated": True}},
    }
    plain = parse_instrument(data, "plain.yaml")
    assert assess(plain, score(plain, [1])) is None
