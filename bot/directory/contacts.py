"""Crisis contacts by country (`flows/services/crisis-contacts.yaml`), and which to show.

The one rule that matters: a number reaches a person only if it is an emergency number
(`kind: emergency`, 112-class) or a person verified it within `FRESH_DAYS` of today. A
wrong or dead helpline number, shown to someone in crisis, does harm; so an unchecked or
stale one is hidden, and 112 is always there.

    contacts = load_contacts(Path("flows/services"))        # once, at start-up
    shown = contacts.for_person("KZ", "ru", today, {"all", "youth"})

Pure like the engine: no I/O but reading the file, and the date comes from the caller.
`scan_contacts` reports the same problems as `load_contacts` without raising, for
`qadam flows check`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeAlias, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.spec.errors import FlowSpecError, Problem
from bot.spec.migrations import Migration
from bot.spec.parse import parse_spec, read_spec_file

SERVICES_DIR = "services"
CONTACTS_FILE = "crisis-contacts.yaml"
CONTACTS_SPEC_VERSION = 1
CONTACTS_MIGRATIONS: Mapping[int, Migration] = {}
# A helpline checked longer ago than this is hidden until someone checks it again.
FRESH_DAYS = 365
# Numbers that may be `kind: emergency`, the one kind shown without a verified date.
EMERGENCY_NUMBERS = frozenset({"112", "101", "102", "103", "104"})

Country: TypeAlias = Literal["KZ", "KG", "UZ", "TJ", "other"]
Language: TypeAlias = Literal["en", "ru", "kk", "ky", "uz", "tg"]
Audience: TypeAlias = Literal["all", "children", "youth", "women"]
Kind: TypeAlias = Literal["emergency", "helpline"]
Cost: TypeAlias = Literal["free", "paid", "unknown"]

COUNTRIES: tuple[Country, ...] = get_args(Country)
LANGUAGES: tuple[Language, ...] = get_args(Language)
OTHER: Country = "other"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """One short line in every language the bot speaks."""

    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)
    ky: str = Field(min_length=1)
    uz: str = Field(min_length=1)
    tg: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        text: str = getattr(self, language)
        return text


class Contact(_Strict):
    """One number. `hours` and `verified` must be written out, even as null."""

    id: str
    kind: Kind
    number: str = Field(pattern=r"^\+?[0-9][0-9 -]*$")
    name: Texts
    purpose: Texts
    hours: str | None = Field(min_length=1)
    cost: Cost
    audience: tuple[Audience, ...] = Field(min_length=1)
    source: str = Field(min_length=1)
    verified: date | None

    @field_validator("verified", mode="before")
    @classmethod
    def _a_calendar_date(cls, value: object) -> object:
        # Pydantic would read a bare number as seconds since 1970, and a time as a date.
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(
            f"should be a date like 2026-03-01 (year-month-day), or null; got {value!r}"
        )

    def shown_on(self, today: date) -> bool:
        """Emergency numbers always; a helpline only while its check is recent."""
        if self.kind == "emergency":
            return True
        if self.verified is None:
            return False
        return timedelta(0) <= today - self.verified <= timedelta(days=FRESH_DAYS)


class TranslationNote(_Strict):
    reviewed: bool = False


class ContactsFile(_Strict):
    spec: int
    translations: dict[Language, TranslationNote] = {}
    countries: dict[Country, tuple[Contact, ...]]


@dataclass(frozen=True)
class ShownContact:
    """A contact as the person sees it, in their language."""

    id: str
    kind: Kind
    number: str
    name: str
    purpose: str
    hours: str | None
    cost: Cost


# The fallback of fallbacks: 112 works in all four countries Qadam serves.
EMERGENCY_112 = Contact(
    id="builtin-112",
    kind="emergency",
    number="112",
    name=Texts(
        en="Emergency services",
        ru="Экстренные службы",
        kk="Шұғыл қызметтер",
        ky="Шашылыш кызматтар",
        uz="Favqulodda xizmatlar",
        tg="Хадамоти таъҷилӣ",
    ),
    purpose=Texts(
        en="Danger to life or health right now",
        ru="Угроза жизни или здоровью прямо сейчас",
        kk="Өмірге немесе денсаулыққа дәл қазір қауіп төнсе",
        ky="Өмүргө же ден соолукка азыр коркунуч туулса",
        uz="Hayot yoki sogʻliqqa hozir xavf tugʻilsa",
        tg="Агар ҳозир ба ҳаёт ё саломатӣ хатар таҳдид кунад",
    ),
    hours="24/7",
    cost="free",
    audience=("all",),
    source="the unified emergency number of Kazakhstan, Kyrgyzstan, Uzbekistan and Tajikistan",
    verified=None,
)


@dataclass(frozen=True)
class CrisisContacts:
    """Every country's contacts, in file order."""

    countries: Mapping[str, tuple[Contact, ...]]

    def for_person(
        self,
        country: str | None,
        locale: str | None,
        today: date,
        audience: Set[str],
    ) -> list[ShownContact]:
        """What to show someone: their country's list (or `other`'s, for any country not in
        the file), with unverified and stale helplines left out; 112 if nothing is left.

        Emergency numbers come first, then those meant only for people in the person's
        `audience` (e.g. `{"youth", "children"}` for an adolescent), then those meant for
        them among others, then the rest; each in file order.
        """
        listed = self.countries.get(country or OTHER)
        if listed is None:
            listed = self.countries.get(OTHER, ())
        shown = [contact for contact in listed if contact.shown_on(today)] or [EMERGENCY_112]
        wanted = set(audience) - {"all"}

        def rank(contact: Contact) -> int:
            meant_for = set(contact.audience)
            if contact.kind == "emergency":
                return 0
            if meant_for <= wanted:
                return 1  # only for people like them: a youth line for an adolescent
            return 2 if meant_for & wanted else 3

        language = _language(locale)
        return [_localised(contact, language) for contact in sorted(shown, key=rank)]


def default_contacts() -> CrisisContacts:
    """112 alone for each country: what the bot knows without the contacts file."""
    return CrisisContacts({country: (EMERGENCY_112,) for country in COUNTRIES})


def load_contacts(path: Path) -> CrisisContacts:
    """The contacts file (or `crisis-contacts.yaml` in a folder); FlowSpecError lists every
    problem."""
    contacts, problems = scan_contacts(path)
    if problems or contacts is None:
        raise FlowSpecError(problems)
    return contacts


def scan_contacts(path: Path) -> tuple[CrisisContacts | None, list[Problem]]:
    """The contacts of a file (or of `crisis-contacts.yaml` in a folder), and every problem."""
    file = path / CONTACTS_FILE if path.is_dir() else path
    if not file.is_file():
        return None, [Problem(str(file), "", "no such file; the crisis contacts belong here")]
    name = str(file)
    try:
        spec = _parse(read_spec_file(file), name)
    except FlowSpecError as error:
        return None, list(error.problems)
    problems: list[Problem] = []
    missing = [country for country in COUNTRIES if country not in spec.countries]
    if missing:
        problems.append(
            Problem(
                name,
                "countries",
                f"no contacts for {', '.join(missing)}; every one of {', '.join(COUNTRIES)} "
                "needs at least its emergency number",
            )
        )
    seen: dict[str, str] = {}
    for country, contacts in spec.countries.items():
        where = f"countries.{country}"
        if not any(contact.kind == "emergency" for contact in contacts):
            problems.append(
                Problem(name, where, "no emergency number; add 112 with `kind: emergency`")
            )
        for index, contact in enumerate(contacts):
            problems += _check_contact(name, f"{where}[{index}]", contact, seen)
    if problems:
        return None, problems
    return CrisisContacts({str(country): found for country, found in spec.countries.items()}), []


def _check_contact(file: str, where: str, contact: Contact, seen: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    if not _ID.match(contact.id):
        problems.append(
            Problem(
                file,
                f"{where}.id",
                f"{contact.id!r} should be lower-case letters and digits joined by - (like kz-112)",
            )
        )
    elif contact.id in seen:
        problems.append(
            Problem(file, f"{where}.id", f"{contact.id!r} is already used at {seen[contact.id]}")
        )
    seen.setdefault(contact.id, where)
    if contact.kind == "emergency" and contact.number not in EMERGENCY_NUMBERS:
        problems.append(
            Problem(
                file,
                f"{where}.kind",
                f"{contact.number} is not an emergency number "
                f"({', '.join(sorted(EMERGENCY_NUMBERS))}); make it `kind: helpline`, shown "
                "once someone has verified it",
            )
        )
    return problems


def _language(locale: str | None) -> Language:
    for language in LANGUAGES:
        if locale == language:
            return language
    return "en"


def _localised(contact: Contact, language: Language) -> ShownContact:
    return ShownContact(
        id=contact.id,
        kind=contact.kind,
        number=contact.number,
        name=contact.name.get(language),
        purpose=contact.purpose.get(language),
        hours=contact.hours,
        cost=contact.cost,
    )


def contacts_keys() -> frozenset[str]:
    """Every key the format knows, for "did you mean" hints."""
    models: tuple[type[BaseModel], ...] = (Texts, Contact, TranslationNote, ContactsFile)
    return frozenset(key for model in models for key in model.model_fields)


def _parse(data: object, file: str) -> ContactsFile:
    return parse_spec(
        data,
        file,
        ContactsFile,
        CONTACTS_MIGRATIONS,
        "the crisis contacts",
        keys=contacts_keys(),
        version=CONTACTS_SPEC_VERSION,
    )
