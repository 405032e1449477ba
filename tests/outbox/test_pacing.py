"""The sender's global pace, on a fake monotonic clock: no test here waits for real."""

from __future__ import annotations

import itertools
import random

from bot.outbox.pacing import Pacer


class FakeTime:
    """A monotonic clock that moves only when the pacer sleeps or the test works."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.overshoot = 0.0  # every sleep lasts this much longer than asked, as real ones do

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.overshoot


# Telegram counts over one second; the pacer counts over a little more, so that calls
# whose trip to the server varies by up to 15 ms still never make 31 in a second there.
SLACK = 1.015


def most_in_any_second(starts: list[float], window: float = 1.0) -> int:
    """The most calls that start in any `window` seconds [t, t + window)."""
    first, most = 0, 0
    for last, at in enumerate(starts):
        while at - starts[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    return most


async def run(pacer: Pacer, time: FakeTime, calls: int, work: list[float]) -> list[float]:
    """Each call waits for the pacer, then spends `work[i]` seconds (database, HTTP)."""
    starts = []
    for i in range(calls):
        await pacer.wait()
        starts.append(time.now)
        time.now += work[i % len(work)]
    return starts


async def test_steady_sending_stays_just_under_the_limit() -> None:
    time = FakeTime()
    time.overshoot = 0.001
    starts = await run(Pacer(30, clock=time, sleep=time.sleep), time, 3000, [0.011])

    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert 28.5 <= rate < 30
    assert most_in_any_second(starts, SLACK) <= 30


async def test_slow_calls_are_made_up_for_without_breaking_the_limit() -> None:
    # Database round trips that now and then take longer than the spacing itself: each
    # would cost throughput for good if the next call only waited for the previous one.
    rng = random.Random(7)
    work = [rng.choice([0.011] * 14 + [0.05, 0.08]) for _ in range(500)]
    time = FakeTime()
    time.overshoot = 0.001
    starts = await run(Pacer(30, clock=time, sleep=time.sleep), time, 3000, work)

    assert (len(starts) - 1) / (starts[-1] - starts[0]) >= 28.5
    # Catching up never squeezes a 31st call into a second.
    assert most_in_any_second(starts, SLACK) <= 30


async def test_an_idle_spell_builds_up_no_burst() -> None:
    time = FakeTime()
    pacer = Pacer(30, clock=time, sleep=time.sleep)
    await run(pacer, time, 10, [0.001])
    time.now += 60
    resumed = time.now
    starts = await run(pacer, time, 60, [0.001])

    assert starts[0] == resumed  # the first goes at once, the rest at the even pace
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 1 / 30
