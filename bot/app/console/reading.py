"""How a staff member reads a page: words in their language, times in their zone, and
what a refusal says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.escalation.context import local_time
from bot.spec.calendar import zone
from bot.storage.models import Staff


@dataclass(frozen=True)
class When:
    """A moment: `iso` in UTC for a `<time datetime>`; `text` and `day` (YYYY-MM-DD) in
    the reader's zone."""

    iso: str
    text: str
    day: str


@dataclass(frozen=True)
class Refused:
    """A page or an action refused. `reason` is for the web layer to pick a status
    (`not-found`, `forbidden`, `conflict`, `invalid`); `message` is in the reader's language
    and names nothing the reader may not see."""

    reason: str
    message: str


@dataclass(frozen=True)
class Reader:
    """The staff member a page is made for, with their translator."""

    services: Services
    member: Staff

    @property
    def locale(self) -> str:
        return staff_members.interface_locale(self.member)

    def __call__(self, message: str) -> str:
        return self.services.catalogs.gettext(self.locale, message)

    def when(self, moment: datetime) -> When:
        local = moment.astimezone(zone(self.member.timezone))
        return When(
            moment.astimezone(UTC).isoformat(), local_time(moment, self.member), f"{local:%Y-%m-%d}"
        )

    def refuse(self, reason: str, message: str) -> Refused:
        return Refused(reason, self(message))
