"""Each instrument against its published scoring: every band edge, both sides."""

from __future__ import annotations

import pytest

from bot.engine.instruments.scoring import AnswersError, parse_answers, score
from tests.instruments.helpers import answers_for, instrument

# (instrument, total, band, positive): each boundary from both sides, plus min and max.
BAND_EDGES = [
    ("phq9", 0, "minimal", False),
    ("phq9", 4, "minimal", False),
    ("phq9", 5, "mild", False),
    ("phq9", 9, "mild", False),
    ("phq9", 10, "moderate", True),
    ("phq9", 14, "moderate", True),
    ("phq9", 15, "moderately-severe", True),
    ("phq9", 19, "moderately-severe", True),
    ("phq9", 20, "severe", True),
    ("phq9", 27, "severe", True),
    ("phq2", 0, "negative", False),
    ("phq2", 2, "negative", False),
    ("phq2", 3, "positive", True),
    ("phq2", 6, "positive", True),
    ("gad2", 0, "negative", False),
    ("gad2", 2, "negative", False),
    ("gad2", 3, "positive", True),
    ("gad2", 6, "positive", True),
    ("gad7", 0, "minimal", False),
    ("gad7", 4, "minimal", False),
    ("gad7", 5, "mild", False),
    ("gad7", 9, "mild", False),
    ("gad7", 10, "moderate", True),
    ("gad7", 14, "moderate", True),
    ("gad7", 15, "severe", True),
    ("gad7", 21, "severe", True),
    ("pcptsd5", 0, "negative", False),
    ("pcptsd5", 2, "negative", False),
    ("pcptsd5", 3, "positive", True),
    ("pcptsd5", 5, "positive", True),
    ("cries8", 0, "negative", False),
    ("cries8", 16, "negative", False),
    ("cries8", 17, "positive", True),
    ("cries8", 40, "positive", True),
]


@pytest.mark.parametrize(("name", "total", "band", "positive"), BAND_EDGES)
def test_band_edges(name: str, total: int, band: str, positive: bool) -> None:
    result = score(instrument(name), answers_for(name, total))
    assert (result.total, result.score, result.band, result.positive) == (
        total,
        total,
        band,
        positive,
    )


# WHO-5: raw x 4 = percentage; good 51-100, poor 29-50, low (likely depression) 0-28.
WHO5_EDGES = [
    (0, 0, "low", True),
    (7, 28, "low", True),
    (8, 32, "poor", True),
    (12, 48, "poor", True),
    (13, 52, "good", False),
    (25, 100, "good", False),
]


@pytest.mark.parametrize(("raw", "percentage", "band", "positive"), WHO5_EDGES)
def test_who5_percentage_and_bands(raw: int, percentage: int, band: str, positive: bool) -> None:
    result = score(instrument("who5"), answers_for("who5", raw))
    assert (result.total, result.score, result.band, result.positive) == (
        raw,
        percentage,
        band,
        positive,
    )


def test_who5_items_run_from_five_to_zero() -> None:
    assert [point.value for point in instrument("who5").scale] == [5, 4, 3, 2, 1, 0]


def test_phq9_item9_is_flagged_whatever_the_total() -> None:
    result = score(instrument("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert (result.total, result.band, result.flags) == (1, "minimal", ("item9",))


def test_phq9_without_item9_raises_no_flag() -> None:
    assert score(instrument("phq9"), [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags == ()


def test_cries8_scale_and_subscales_follow_the_published_form() -> None:
    cries = instrument("cries8")
    assert [point.value for point in cries.scale] == [0, 1, 3, 5]
    # Intrusion is items 1, 3, 6, 7; avoidance 2, 4, 5, 8.
    result = score(cries, [5, 0, 3, 1, 0, 5, 1, 0])
    assert result.subscales == {"intrusion": 14, "avoidance": 1}
    assert result.total == 15
    assert score(cries, [0, 5, 0, 5, 5, 0, 0, 5]).subscales == {"intrusion": 0, "avoidance": 20}


def test_pcptsd5_gate_answered_no_scores_zero() -> None:
    result = score(instrument("pcptsd5"), [])
    assert (result.total, result.band, result.positive, result.flags) == (0, "negative", False, ())


def test_instruments_without_subscales_or_flags_report_none() -> None:
    result = score(instrument("gad7"), [3, 3, 3, 3, 3, 3, 3])
    assert (result.flags, result.subscales) == ((), {})


@pytest.mark.parametrize(
    ("name", "answers", "message"),
    [
        ("phq9", [0] * 8, "phq9 expects 9 answers, one per item in order; got 8"),
        ("phq9", [0] * 10, "phq9 expects 9 answers, one per item in order; got 10"),
        ("phq9", [], "phq9 expects 9 answers"),
        ("phq9", [0] * 8 + [4], "phq9 item 9: 4 is not on the scale; expected one of 0, 1, 2, 3"),
        ("phq9", [-1] + [0] * 8, "phq9 item 1: -1 is not on the scale"),
        (
            "cries8",
            [0, 0, 2, 0, 0, 0, 0, 0],
            "cries8 item 3: 2 is not on the scale; expected one of 0, 1, 3, 5",
        ),
        (
            "pcptsd5",
            [1, 1],
            "pcptsd5 expects 5 answers (or none, when its first question was answered no)",
        ),
        ("who5", [6, 0, 0, 0, 0], "who5 item 1: 6 is not on the scale; expected one of 5, 4, 3"),
    ],
)
def test_answers_that_do_not_fit_are_refused(name: str, answers: list[int], message: str) -> None:
    with pytest.raises(AnswersError) as caught:
        score(instrument(name), answers)
    assert message in str(caught.value)


def test_booleans_are_not_answers() -> None:
    with pytest.raises(AnswersError, match="True is not on the scale"):
        score(instrument("pcptsd5"), [True, 0, 0, 0, 0])


def test_parse_answers() -> None:
    assert parse_answers(" 0, 1,3 ") == (0, 1, 3)
    assert parse_answers("") == ()
    with pytest.raises(AnswersError, match="whole numbers separated by commas"):
        parse_answers("0,a,1")
