"""/services: local services by category in the person's country, each shown as a card."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.buttons import stale
from bot.app.context import App
from bot.app.entry import Sender
from bot.directory import local_services
from bot.directory.service_card import card
from bot.domain.messaging import send_text
from bot.i18n import texts
from bot.storage.models import SERVICE_CATEGORIES, Participant, Service

CATEGORY_PREFIX = "svc:c:"


async def _offered(db: AsyncSession, participant: Participant) -> list[Service]:
    """Active services in the person's country, those that speak their language first."""
    found = await local_services.listing(db, country=participant.country or "other")
    return sorted(found, key=lambda s: participant.locale not in s.languages.split(","))


async def browse(db: AsyncSession, app: App, participant: Participant) -> None:
    """The categories that have services in the person's country, as buttons."""
    services = app.services
    locale = participant.locale
    gettext = services.catalogs.gettext
    found = await _offered(db, participant)
    if not found:
        await send_text(db, services, participant, gettext(locale, texts.SERVICES_NONE))
        return
    buttons = [
        (gettext(locale, texts.SERVICE_CATEGORIES[category]), CATEGORY_PREFIX + category)
        for category in local_services.categories(found)
    ]
    await send_text(db, services, participant, gettext(locale, texts.SERVICES_TITLE), buttons)


async def category(
    db: AsyncSession, app: App, sender: Sender, participant: Participant, data: str
) -> None:
    """The cards of one category, or (with none named) the categories again; a category the
    directory does not have is a stale button."""
    chosen = data.removeprefix(CATEGORY_PREFIX)
    if not chosen:
        await browse(db, app, participant)
        return
    if chosen not in SERVICE_CATEGORIES:
        await stale(db, app, sender, participant)
        return
    services = app.services
    locale = participant.locale
    found = [s for s in await _offered(db, participant) if s.category == chosen]
    if not found:
        # Deactivated since the buttons were drawn.
        await browse(db, app, participant)
        return
    for service in found[:-1]:
        await send_text(db, services, participant, card(services.catalogs, locale, service))
    back = [(services.catalogs.gettext(locale, texts.SERVICES_ALL), CATEGORY_PREFIX)]
    await send_text(db, services, participant, card(services.catalogs, locale, found[-1]), back)
