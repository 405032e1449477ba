"""The taps a person makes to get through onboarding, reused by several tests."""

from __future__ import annotations

from bot.sandbox.driver import SimUser

ENGLISH_SELF = [
    "English",
    "Agree",
    "Myself",
    "18 or older",
    "Female",
    "Kazakhstan",
    "Evening (19:00)",
]


RUSSIAN_SELF = [
    "Русский",
    "Да, соглашаюсь",
    "О своём",
    "18 или больше",
    "Женский",
    "Казахстан",
    "Вечером (19:00)",
]


async def onboard(user: SimUser, taps: list[str]) -> None:
    await user.send("/start")
    for button in taps:
        await user.tap(button)


async def onboard_english(user: SimUser) -> None:
    await onboard(user, ENGLISH_SELF)


async def onboard_russian(user: SimUser) -> None:
    await onboard(user, RUSSIAN_SELF)
