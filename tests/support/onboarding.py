"""The taps a person makes to get through onboarding, in any language, reused by tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.sandbox.driver import SimUser

ROOT = Path(__file__).resolve().parents[2]


def taps_in(
    locale: str,
    *,
    role: str = "self",
    relationship: str = "mother",
    child_age: str = "6-12",
    age: str = "adult",
    gender: str = "female",
    country: str = "KZ",
    checkin_time: str = "19:00",
) -> list[str]:
    """The buttons a person who reads `locale` taps through onboarding to give these
    answers, read from the shipped flow so that every language is driven alike."""
    steps = _steps()
    answers = [("language", locale), ("consent", "yes"), ("role", role)]
    if role == "caregiver":
        answers += [("relationship", relationship), ("child_age", child_age)]
        answers.append(("more_children", "no"))
    answers += [("age", age), ("gender", gender), ("country", country)]
    answers.append(("checkin_time", checkin_time))
    return [_label(steps[step], value, locale) for step, value in answers]


@cache
def _steps() -> dict[str, Any]:
    text = (ROOT / "flows" / "onboarding.yaml").read_text("utf-8")
    return dict(yaml.load(text, Loader=yaml.CSafeLoader)["steps"])


def _label(step: dict[str, Any], value: str, locale: str) -> str:
    [option] = [option for option in step["options"] if option["value"] == value]
    return str(option["text"][locale])


ENGLISH_SELF = taps_in("en")
RUSSIAN_SELF = taps_in("ru")


async def onboard(user: SimUser, taps: list[str]) -> None:
    await user.send("/start")
    for button in taps:
        await user.tap(button)


async def onboard_in(user: SimUser, locale: str, **answers: str) -> None:
    await onboard(user, taps_in(locale, **answers))


async def onboard_english(user: SimUser) -> None:
    await onboard(user, ENGLISH_SELF)


async def onboard_russian(user: SimUser) -> None:
    await onboard(user, RUSSIAN_SELF)
