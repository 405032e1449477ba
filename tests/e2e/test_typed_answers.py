"""A word typed in answer to a flow's question is the flow's: the bot does not look up the
person's case for it (a statement fewer on the busiest path, issue #17), while words that
could be for a counsellor still are looked at for one, when the person has a case."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command

from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.spies import calls_to, statements_of

PERSON = 5557601


def case_lookups(statements: list[str]) -> list[str]:
    """The reads of one person's unresolved case (`cases.current`)."""
    return [
        s
        for s in statements
        if s.startswith("SELECT escalations.id,")
        and "escalations.participant_id =" in s
        and "escalations.status !=" in s
    ]


def own_reads_of_the_flow(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("SELECT flow_states.state_enc FROM")]


def marks_answered(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("UPDATE chat_traces SET counts_from")]


async def onboarded(emulator: tuple[BotApiEmulator, str]) -> SimUser:
    """Someone onboarded in English."""
    emu, _ = emulator
    user = emu.add_user(PERSON, "Test")
    await onboard_in(user, "en")
    return user


async def making_a_plan(emulator: tuple[BotApiEmulator, str]) -> SimUser:
    """Someone onboarded in English who has just asked to make their safety plan."""
    user = await onboarded(emulator)
    await user.send("/myplan")
    await user.tap("Make my plan")
    return user


async def test_an_answer_the_flow_waits_for_reads_no_case(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    user = await making_a_plan(emulator)
    await user.tap("Let's start")

    with statements_of(bot) as typed:
        next_question = await user.send("Feeling numb in the evenings")
    assert next_question, "the plan went on to its next question"
    assert not case_lookups(typed)

    await user.send("/menu")
    with statements_of(bot) as no_case:
        await user.send("hello there")
    assert not case_lookups(no_case), "known to have no case from the start of the update"

    await user.send("I feel hopeless")  # a case is opened for the person
    await user.send("/menu")
    with statements_of(bot) as with_case:
        await user.send("hello there")
    assert case_lookups(with_case), "words at a button step may be for their counsellor"


async def test_words_go_by_the_routers_that_answer_only_commands(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await onboarded(emulator)
    checked = calls_to(monkeypatch, Command, "__call__")
    answer = await user.send("hello there")
    assert answer, "the words were answered"
    assert checked == []
    menu = await user.send("/menu")
    assert menu and checked, "a command still meets the command filters"


def routers_visited(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each router an update is offered to, from now on."""
    visited: list[str] = []
    real = Router.propagate_event

    async def watched(self: Router, update_type: str, event: Any, **kwargs: Any) -> Any:
        visited.append(self.name)
        return await real(self, update_type, event, **kwargs)

    monkeypatch.setattr(Router, "propagate_event", watched)
    return visited


async def test_words_pass_the_staff_and_command_routers_by_at_once(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await onboarded(emulator)
    visited = routers_visited(monkeypatch)
    assert await user.send("hello there")
    inner = {"staff", "staff-departed", "staff-only", "flows", "mydata", "help"}
    assert inner.isdisjoint(visited), visited
    assert visited[-1] == "answers"
    visited.clear()
    assert await user.send("/menu")
    assert "flows" in visited, "a command still goes inside"


async def test_a_word_or_a_tap_reads_the_flow_with_the_person(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    user = await making_a_plan(emulator)

    with statements_of(bot) as tap:
        assert await user.tap("Let's start")
    with statements_of(bot) as word:
        assert await user.send("Feeling numb in the evenings")

    assert own_reads_of_the_flow(tap) == own_reads_of_the_flow(word) == []
    # No counsellor's message waits for them: nothing to mark answered.
    assert marks_answered(tap) == marks_answered(word) == []
