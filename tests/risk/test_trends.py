"""`mood_trend(moods)`: a run of exactly three low check-ins, or a sharp drop, newest last."""

from __future__ import annotations

import pytest

from bot.risk.trends import MOOD_WINDOW, Trend, mood_trend

LOW_RUN = Trend("medium", "mood-low-3")
DROP = Trend("low", "mood-drop")


@pytest.mark.parametrize(
    "moods",
    [
        [1, 1, 1],
        [2, 2, 2],
        [1, 2, 1],
        [3, 2, 2, 1],
        [5, 1, 1, 1],
        [4, 3, 2, 1, 2],  # only the last three are low
    ],
)
def test_three_low_check_ins_in_a_row(moods: list[int]) -> None:
    assert mood_trend(moods) == LOW_RUN


@pytest.mark.parametrize(
    "moods",
    [
        [5, 4, 2],
        [4, 4, 1],
        [5, 5, 1],
        [3, 5, 2],  # the two before average exactly 4
        [1, 5, 4, 2],  # only the two check-ins before today are the baseline
        [2, 2, 5, 5, 1],
    ],
)
def test_a_sharp_drop_from_a_good_baseline(moods: list[int]) -> None:
    assert mood_trend(moods) == DROP


@pytest.mark.parametrize(
    "moods",
    [
        [],
        [1],  # a single low is a bad day
        [2],
        [1, 1],  # not three yet
        [2, 3, 2],  # a break in the run
        [1, 1, 3],
        [1, 1, 1, 3],  # the latest is not low
        [1, 1, 1, 1],  # the same run as three days ago: no second case
        [2, 2, 2, 2, 2],
        [5, 1],  # one good day is no baseline
        [3, 4, 2],  # averaged 3.5 before: not sharp
        [4, 3, 2],
        [5, 5, 3],  # down, but not low
        [5, 5, 5, 4],
        [4, 4, 1, 2],  # the day after a drop: yesterday is in the baseline now
    ],
)
def test_nothing_fires(moods: list[int]) -> None:
    assert mood_trend(moods) is None


def test_the_window_sees_where_a_run_began() -> None:
    # Given the latest MOOD_WINDOW moods of a long low run, a fourth low day is not a
    # fresh run of three.
    assert mood_trend([1] * MOOD_WINDOW) is None
    assert mood_trend([1] * (MOOD_WINDOW - 1)) == LOW_RUN
