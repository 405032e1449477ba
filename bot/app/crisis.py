"""The crisis card: the one way the bot shows crisis help, for /help and for risk.

One calm message (CONTENT.md, safe messaging: no judgement, "you are not alone", urgent
safety first): the contacts that work where the person lives, what happens next with a
counsellor, and things to do now (Wysa's data: grounding and safety steps were used far
more than helplines). It goes out before anything else waiting in the queue.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.directory.contacts import ShownContact
from bot.domain.messaging import clear_button, send_text
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.outbox.messages import PRIORITY_CRISIS
from bot.risk.model import Category
from bot.storage.models import Participant

Reason = Literal["help", "risk"]

# Callback data of the card's buttons; the /help handler answers them.
CALLBACK_PREFIX = "h:"
TALK = "h:talk"
CALM = "h:calm"
GROUNDING = "h:ground"
BACK = "h:back"

COUNSELLOR_FLOW = "counsellor"
CALMING_FLOW = "breathing"
GROUNDING_FLOW = "grounding"


async def send_crisis_card(
    db: AsyncSession,
    app: App,
    participant: Participant,
    *,
    reason: Reason,
    in_flow: bool,
    expectation: str | None = None,
    suggested_locale: str | None = None,
    categories: Collection[Category] = (),
) -> None:
    """Queue the card. With `reason="risk"` the caller has already opened a case for a
    counsellor (the card says so, and `expectation` says honestly when a reply may come);
    with `"help"` the person may choose to talk to one.

    Before consent no case is opened, nothing is held that a counsellor could use, and
    starting an exercise would lose the person's place in onboarding: the card then has the
    numbers and a way back only, and promises no counsellor. `in_flow` says whether there
    is a place to go back to. Someone who has not chosen a language yet reads it in their
    Telegram's (`suggested_locale`) when Qadam speaks it.
    """
    services = app.services
    locale = participant.locale or suggested_locale or services.catalogs.default
    consented = participant.consented_at is not None
    contacts = app.contacts.for_person(
        participant.country, locale, services.clock().date(), audience_of(participant)
    )
    text = card_text(
        services.catalogs,
        locale,
        contacts,
        reason=reason,
        consented=consented,
        expectation=expectation,
        categories=categories,
    )
    buttons = [
        (services.catalogs.gettext(locale, label), data)
        for label, data in card_buttons(consented=consented, in_flow=in_flow)
    ]
    buttons.append(clear_button(services, locale))
    await send_text(db, services, participant, text, buttons, priority=PRIORITY_CRISIS)


def unplaced(catalogs: Catalogs, locale: str | None) -> tuple[str, list[tuple[str, str]]]:
    """Words the bot cannot place, from someone who has consented: a person can read
    them, and the button to ask for one."""
    talk = [(catalogs.gettext(locale, texts.CRISIS_TALK), TALK)]
    return catalogs.gettext(locale, texts.UNPLACED), talk


def audience_of(participant: Participant) -> set[str]:
    """Whose contacts come first: children's and youth lines for adolescents, women's lines
    for women. Nobody's list is shortened by it."""
    audience = {"all"}
    if participant.age_band in ("adolescent", "child"):
        audience |= {"children", "youth"}
    if participant.gender == "female":
        audience.add("women")
    return audience


# The opening of the card by what the words were about: the first of these found decides.
INTROS: tuple[tuple[Category, str], ...] = (
    ("suicide", texts.CRISIS_INTRO),
    ("self_harm", texts.CRISIS_INTRO),
    ("harm_others", texts.CRISIS_INTRO_HARM_OTHERS),
    ("abuse", texts.CRISIS_INTRO_ABUSE),
    ("acute_need", texts.CRISIS_INTRO_NEED),
)


def intro_for(categories: Collection[Category]) -> str:
    return next((intro for category, intro in INTROS if category in categories), texts.CRISIS_INTRO)


def card_text(
    catalogs: Catalogs,
    locale: str | None,
    contacts: Sequence[ShownContact],
    *,
    reason: Reason,
    consented: bool,
    expectation: str | None = None,
    categories: Collection[Category] = (),
) -> str:
    """The card's words. `categories` (of the risk matched) choose its opening; violence at
    home adds how to use the phone safely."""

    def tr(message: str) -> str:
        return catalogs.gettext(locale, message)

    lines = [_line_of(contact, free=tr(texts.CRISIS_FREE)) for contact in contacts]
    parts = [tr(intro_for(categories))]
    if "abuse" in categories:
        parts.append(tr(texts.CRISIS_PHONE_SAFETY))
    heading = (
        texts.CRISIS_CONTACTS_WRITE if any(c.written for c in contacts) else texts.CRISIS_CONTACTS
    )
    parts.append("\n\n".join([tr(heading), *lines]))
    if consented:
        parts.append(tr(texts.CRISIS_TOLD if reason == "risk" else texts.CRISIS_OFFER))
        if expectation:
            parts.append(expectation)
    parts.append(tr(texts.CRISIS_ASK))
    return "\n\n".join(parts)


def _line_of(contact: ShownContact, *, free: str) -> str:
    """📞 112 — Emergency services
    Danger to life or health right now · 24/7 · free"""
    details = [contact.purpose]
    if contact.hours:
        details.append(contact.hours)
    if contact.cost == "free":
        details.append(free)
    mark = "💬" if contact.written else "📞"
    return f"{mark} {contact.number} — {contact.name}\n" + " · ".join(details)


def card_buttons(*, consented: bool, in_flow: bool) -> list[tuple[str, str]]:
    """(untranslated label, callback data), one per row."""
    back = (texts.HELP_BACK if in_flow else texts.HELP_MENU, BACK)
    if not consented:
        return [back]
    return [
        (texts.CRISIS_TALK, TALK),
        (texts.HELP_CALM, CALM),
        (texts.CRISIS_GROUNDING, GROUNDING),
        back,
    ]
