"""Rendering console pages: the member's language, the strict policy, no caching.

Templates get `t` (translate into the page's language), `T` (the console's words), `TA`
(those of the supervising and admin pages) and `B` (the bot's words about cases), so that
every word on a page goes through the catalogs.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from babel import Locale
from babel.dates import format_timedelta

from bot.app.console import access, sessions, texts_admin, texts_content, texts_translations
from bot.app.console import texts as console_texts
from bot.app.console import texts_person as person_texts
from bot.app.console.sessions import Visit
from bot.directory.programme import autonym
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.i18n import texts as bot_texts

_PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)
# A person's words (`P`) on every page: the queue's "find a person" form uses them too.
_PAGES.globals["P"] = person_texts
# A language code as its speakers write it ("Қазақша"), wherever a page lists languages.
_PAGES.filters["autonym"] = autonym
_PAGES.globals["TC"] = texts_content
_PAGES.globals["TT"] = texts_translations
# As the sandbox's chat page: only the console's own script and style, never inline.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    # Sign-in pages carry their secret in the address: it must not travel on as a referrer.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def language_names(services: Services) -> list[tuple[str, str]]:
    """Each console language in its own words, for the picker."""
    named = []
    for code in services.catalogs.locales:
        name = Locale.parse(code).get_display_name(code) or code
        named.append((code, name[:1].upper() + name[1:]))
    return named


def render(
    services: Services,
    template: str,
    locale: str,
    *,
    visit: Visit | None = None,
    status: int = 200,
    **values: Any,
) -> web.Response:
    def t(message: str) -> str:
        return services.catalogs.gettext(locale, message)

    def duration(delta: timedelta) -> str:
        return format_timedelta(abs(delta), threshold=1.5, locale=locale)

    member = None
    if visit is not None:
        member = {
            "name": staff_members.name(services, visit.staff),
            "code": visit.staff.code,
            "role": visit.staff.role,
            "csrf": sessions.csrf_token(services, visit.secret),
            # Which pages the navigation offers: the rules the pages themselves check.
            "supervises": access.supervises(visit.staff),
            "manages_staff": access.manages_staff(visit.staff),
            "handles_cases": staff_members.handles_cases(visit.staff),
            "edits_content": staff_members.edits_content(visit.staff),
        }
    values.setdefault("current", "")
    values.setdefault("back", "/console/")
    html = _PAGES.get_template(template).render(
        t=t,
        T=console_texts,
        TA=texts_admin,
        B=bot_texts,
        locale=locale,
        languages=language_names(services),
        member=member,
        duration=duration,
        **values,
    )
    return web.Response(text=html, status=status, content_type="text/html", headers=HEADERS)
