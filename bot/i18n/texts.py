"""The bot's own sentences. Marked with `N_` so `pybabel extract` finds them; translated
at the moment of use with the person's locale."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


REASK_CHOOSE = N_("Please choose one of the buttons below.")
REASK_NUMBER = N_("Please send a number, for example 3.")
NOT_TEXT = N_("I can only read text messages.")
STALE_BUTTON = N_("Sorry, that button belongs to an earlier message.")
SOMETHING_WRONG = N_(
    "Sorry, something went wrong on our side. Your earlier answers are safe. "
    "Please try again in a moment."
)
PRIVATE_ONLY = N_(
    "I only work in private chats, so that what people tell me stays private. "
    "Please write to me directly. I am leaving this group now."
)
HELP = N_(
    "You are not alone. If you are in danger right now, call 112 — it works in "
    "Kazakhstan, Kyrgyzstan, Uzbekistan and Tajikistan.\n\nWhat would help right now?"
)
HELP_TALK = N_("Talk to a counsellor")
HELP_CALM = N_("A calming exercise")
HELP_BACK = N_("Continue where I was")
HELP_MENU = N_("Main menu")
