"""`qadam instruments score NAME ANSWERS` as people run it: a real process."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.support.process import assert_clean_failure, qadam

pytestmark = pytest.mark.process


def score(*args: str) -> subprocess.CompletedProcess[str]:
    return qadam("instruments", "score", *args)


def test_phq9_item9_prints_the_result_as_json() -> None:
    result = score("phq9", "0,0,0,0,0,0,0,0,1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "instrument": "phq9",
        "total": 1,
        "score": 1,
        "band": "minimal",
        "positive": False,
        "flags": ["item9"],
        "subscales": {},
    }


def test_who5_derived_percentage_and_cries8_subscales() -> None:
    who5 = json.loads(score("who5", "3,3,2,2,2").stdout)
    assert (who5["total"], who5["score"], who5["band"], who5["positive"]) == (12, 48, "poor", True)
    cries = json.loads(score("cries8", "5,0,3,1,0,5,1,3").stdout)
    assert cries["subscales"] == {"intrusion": 14, "avoidance": 4}
    assert (cries["total"], cries["band"], cries["positive"]) == (18, "positive", True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("phq9", "0,0,0"), "phq9 expects 9 answers, one per item in order; got 3"),
        (
            ("gad7", "0,0,0,0,0,0,9"),
            "gad7 item 7: 9 is not on the scale; expected one of 0, 1, 2, 3",
        ),
        (("gad2", "0,x"), "answers should be whole numbers separated by commas"),
        (
            ("phq10", "0"),
            "no instrument 'phq10'; known instruments: cries8, gad2, gad7, "
            "pcptsd5, phq2, phq9, who5",
        ),
    ],
)
def test_bad_input_exits_2_and_says_what_was_expected(args: tuple[str, str], message: str) -> None:
    assert_clean_failure(score(*args), message)
