"""Trends in daily moods that no single answer shows: a run of low days, a sharp drop.

Pure, like the rest of the risk layer: the caller loads the recent moods and opens the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from bot.spec.severity import Severity

Reason: TypeAlias = Literal["mood-low-3", "mood-drop"]

# 1 ("very low") and 2 ("low") on the 1..5 scale: the check-in flow already routes these
# to support, so the trend rules agree with what the person was offered that day.
LOW_MAX = 2
# One low day is a bad day, two may be a bad weekend; three check-ins in a row is the
# issue's threshold for "this is not passing" and still early enough to reach out.
LOW_RUN = 3
# A drop is measured against more than one earlier check-in so that a single good day is
# not mistaken for the person's usual mood.
DROP_BASELINE = 2
# "Okay" (4) or better on average before, and low now: at least two points down the scale,
# past the neutral middle (3) that a small wobble would stop at.
DROP_FROM = 4
# How many of the latest moods `mood_trend` reads: one beyond the run, to see where it began.
MOOD_WINDOW = max(LOW_RUN, DROP_BASELINE) + 1


@dataclass(frozen=True)
class Trend:
    severity: Severity
    reason: Reason


def mood_trend(moods: Sequence[int]) -> Trend | None:
    """The trend the latest mood (last in `moods`, oldest first) completes, if any.

    A run fires only on the check-in that makes it exactly `LOW_RUN` long: a fourth and
    fifth low day belong to the same run, which already has a case. Give this the moods
    since the person's last case was resolved and a continuing run needs `LOW_RUN` new
    low days before it opens another.
    """
    if not moods or moods[-1] > LOW_MAX:
        return None
    run = 0
    for mood in reversed(moods):
        if mood > LOW_MAX:
            break
        run += 1
    if run == LOW_RUN:
        # Low for days on end is how depression shows in a check-in: a counsellor should
        # look within the day (medium), though nothing said calls for paging one (high).
        return Trend("medium", "mood-low-3")
    baseline = moods[-1 - DROP_BASELINE : -1]
    if len(baseline) == DROP_BASELINE and sum(baseline) >= DROP_FROM * DROP_BASELINE:
        # Low, not medium: it is one answer, and that day's flow has already offered the
        # person a counsellor and something to do. If the low days go on, the run above
        # joins this case and raises it to medium.
        return Trend("low", "mood-drop")
    return None
