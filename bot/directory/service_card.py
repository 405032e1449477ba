"""A service as a card: its own words as the directory holds them, the labels in the
reader's language."""

from __future__ import annotations

from babel.dates import format_date

from bot.directory.programme import autonym
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.storage.models import Service


def card(catalogs: Catalogs, locale: str | None, service: Service) -> str:
    def tr(message: str) -> str:
        return catalogs.gettext(locale, message)

    category = tr(texts.SERVICE_CATEGORIES[service.category])
    lines = [f"{service.name}", f"({category})"]
    if service.offers:
        lines.append(service.offers)
    lines.append(f"{tr(texts.SERVICE_CONTACT)}: {service.contact}")
    if service.hours:
        lines.append(f"{tr(texts.SERVICE_HOURS)}: {service.hours}")
    if service.region:
        lines.append(f"{tr(texts.SERVICE_WHERE)}: {service.region}")
    spoken = ", ".join(autonym(code) for code in service.languages.split(","))
    lines.append(f"{tr(texts.SERVICE_LANGUAGES)}: {spoken}")
    if service.verified_on is not None:
        when = format_date(
            service.verified_on, format="long", locale=catalogs.supported(locale) or "en"
        )
        lines.append(tr(texts.SERVICE_VERIFIED) % {"date": when})
    else:
        lines.append(tr(texts.SERVICE_NOT_VERIFIED))
    return "\n".join(lines)
