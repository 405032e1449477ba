"""`qadam bench throughput`'s stopwatch: each request is paired with the next bot message
in its chat, extra messages are counted, and a crisis's further messages are not; and the
command refuses, saying why, what would measure nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.bench.throughput import Stopwatch, quantile
from bot.cli import app
from bot.sandbox import methods
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import Person


async def bot_says(emulator: BotApiEmulator, person: Person, text: str) -> None:
    await methods.send_message(emulator.world, {"chat_id": person.id, "text": text})


async def test_each_request_is_paired_with_the_next_answer_in_its_chat() -> None:
    emulator = BotApiEmulator(limits=None)
    first, second, crisis = (Person(n, f"P{n}") for n in (1, 2, 3))
    for person in (first, second, crisis):
        emulator.world.add_person(person)
    watch = Stopwatch(emulator)
    answered = watch.send(first, "hello")
    watch.send(first, "hello again")
    watch.send(crisis, "I want to die", crisis=True)
    assert watch.unanswered() == 3 and not answered.is_set()
    await bot_says(emulator, first, "one")
    assert len(watch.replies) == 1 and watch.unanswered() == 2 and not answered.is_set()
    await bot_says(emulator, first, "two")
    assert answered.is_set() and len(watch.replies) == 2
    await bot_says(emulator, crisis, "the card")
    await bot_says(emulator, crisis, "and more")
    assert len(watch.crisis) == 1 and watch.unasked == 0
    await bot_says(emulator, second, "nobody asked")
    await bot_says(emulator, first, "a third answer")
    assert watch.unasked == 2 and watch.unanswered() == 0


def test_quantiles_of_the_latencies() -> None:
    values = [i / 100 for i in range(1, 101)]
    median, high = quantile(values, 0.5), quantile(values, 0.99)
    assert median is not None and high is not None
    assert abs(median - 0.505) < 1e-9 and abs(high - 0.9901) < 1e-9
    assert quantile([], 0.5) is None and quantile([0.2], 0.99) == 0.2


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--people", "0", "--rate", "0"], "--people takes numbers of people from 1"),
        (["--people", "", "--rate", "0"], "nothing to measure"),
        (["--people", "5", "--history-rows", "-3"], "--history-rows numbers of rows from 0"),
        (["--databases", "mysql"], "unknown database mysql"),
        (["--seconds", "0"], "--seconds"),
        (["--rate", "-1"], "--rate"),
    ],
)
def test_a_bench_that_would_measure_nothing_is_refused_with_why(
    arguments: list[str], says: str
) -> None:
    result = CliRunner().invoke(app, ["bench", "throughput", *arguments])
    assert result.exit_code == 2
    assert says in " ".join(result.output.replace("│", " ").split())
