"""What the crisis card shows and hides today, and why: for the operators' start-up warning
and `qadam contacts list`. Contacts are named by id and number; nothing about people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import structlog

from bot.directory.contacts import Contact, CrisisContacts, State
from bot.directory.programme import ProgrammeLine

log = structlog.get_logger()

ONE_DAY = timedelta(days=1)
HOW_TO_VERIFY = "check each number, then run `qadam contacts verify ID --by NAME`"


@dataclass(frozen=True)
class Hidden:
    """One country's helplines that people there will not see, as "id (number)"."""

    country: str
    unverified: tuple[str, ...]
    stale: tuple[str, ...]
    future: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """One line of `qadam contacts list`."""

    country: str
    id: str
    number: str
    shown: bool
    status: str


def hidden_on(contacts: CrisisContacts, today: date) -> list[Hidden]:
    """Per country, in file order, the helplines hidden for want of a recent check."""
    found: list[Hidden] = []
    for country, listed in contacts.countries.items():
        named: dict[State, list[str]] = {"unverified": [], "stale": [], "future": []}
        for contact in listed:
            state = contact.state_on(today)
            if state in named:
                named[state].append(f"{contact.id} ({contact.number})")
        if any(named.values()):
            found.append(
                Hidden(
                    country,
                    tuple(named["unverified"]),
                    tuple(named["stale"]),
                    tuple(named["future"]),
                )
            )
    return found


def warn_hidden(contacts: CrisisContacts, today: date) -> None:
    """At start-up: one warning per country with helplines the card leaves out, so that
    operators see what people will not be shown."""
    for hidden in hidden_on(contacts, today):
        log.warning(
            "contacts.unverified",
            country=hidden.country,
            unverified=list(hidden.unverified),
            stale=list(hidden.stale),
            dated_in_future=list(hidden.future),
            hint=HOW_TO_VERIFY,
        )


def rows_on(contacts: CrisisContacts, today: date) -> list[Row]:
    """Every programme line and contact by country, in the order the card shows them."""
    rows: list[Row] = []
    for country, listed in contacts.countries.items():
        rows += [
            Row(country, line.id, line.address, line.enabled, _programme_status(line))
            for line in contacts.programme
            if country in line.countries
        ]
        rows += [
            Row(
                country,
                contact.id,
                contact.number,
                contact.shown_on(today),
                _status(contact, today),
            )
            for contact in listed
        ]
    return rows


def _programme_status(line: ProgrammeLine) -> str:
    if line.enabled:
        return "programme line: shown first"
    return "programme line: switched off (enabled: false), hidden"


def _status(contact: Contact, today: date) -> str:
    state = contact.state_on(today)
    checked = _checked(contact)
    if state == "emergency":
        return "emergency number: always shown" + (f" ({checked})" if checked else "")
    if state == "unverified":
        return "never verified: hidden"
    if state == "future":
        return f"{checked}, after today: hidden until the date is corrected"
    if state == "stale":
        return f"{checked}: stale since {contact.fresh_until + ONE_DAY}, hidden"
    return f"{checked}: shown until {contact.fresh_until}"


def _checked(contact: Contact) -> str:
    if contact.verified is None:
        return ""
    by = f" by {contact.verified_by}" if contact.verified_by else ""
    return f"verified {contact.verified}{by}"
