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


async def onboard_english(user: SimUser) -> None:
    await user.send("/start")
    for button in ENGLISH_SELF:
        await user.tap(button)
