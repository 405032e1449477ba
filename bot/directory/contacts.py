"""Crisis contacts by country (`flows/services/crisis-contacts.yaml`), and which to show.

The one rule that matters: a number reaches a person only if it is an emergency number
(`kind: emergency`, 112-class) or a person verified it within `FRESH_DAYS` of today. A
wrong or dead helpline number, shown to someone in crisis, does harm; so an unchecked or
stale one is hidden, and 112 is always there. The programme's own lines
(`programme.yaml` beside it, see `bot.directory.programme`) come first, while switched on.

    contacts = load_contacts(Path("flows/services"))        # once, at start-up
    shown = contacts.for_person("KZ", "ru", today, {"all", "youth"})

Pure like the engine: no I/O but reading the files, and the date comes from the caller.
`scan_contacts` reports the same problems as `load_contacts` without raising, for
`qadam flows check`.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeAlias

from pydantic import BaseModel, Field, field_validator, model_validator

from bot.directory.common import COUNTRIES as COUNTRIES
from bot.directory.common import LANGUAGES as LANGUAGES
from bot.directory.common import OTHER, Cost, Country, Language, check_id, language_of
from bot.directory.common import SERVICES_DIR as SERVICES_DIR
from bot.directory.common import Strict as _Strict
from bot.directory.programme import PROGRAMME_FILE, ProgrammeLine, scan_programme
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.migrations import Migration
from bot.spec.parse import parse_spec, read_spec_file

CONTACTS_FILE = "crisis-contacts.yaml"
CONTACTS_SPEC_VERSION = 1
CONTACTS_MIGRATIONS: Mapping[int, Migration] = {}
# A helpline checked longer ago than this is hidden until someone checks it again.
FRESH_DAYS = 365
# Numbers that may be `kind: emergency`, the one kind shown without a verified date.
EMERGENCY_NUMBERS = frozenset({"112", "101", "102", "103", "104"})

Audience: TypeAlias = Literal["all", "children", "youth", "women"]
Kind: TypeAlias = Literal["emergency", "helpline"]
# On the card, a programme's own line is a third kind.
ShownKind: TypeAlias = Literal["emergency", "helpline", "programme"]
# Where a contact stands today: `emergency` and `fresh` are shown; the rest are hidden.
State: TypeAlias = Literal["emergency", "fresh", "stale", "unverified", "future"]


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
    """One number. `hours` and `verified` must be written out, even as null; `verified_by`
    says who checked it (`qadam contacts verify` writes both)."""

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
    verified_by: str | None = Field(default=None, min_length=1)

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

    @model_validator(mode="after")
    def _checked_by_someone_on_a_day(self) -> Contact:
        if self.verified_by is not None and self.verified is None:
            raise ValueError("`verified_by` without a `verified` date; give the date of the check")
        return self

    def state_on(self, today: date) -> State:
        """Emergency numbers are always shown; a helpline only while its check is recent.
        A check dated after today is a typo, and shows nothing until it is corrected."""
        if self.kind == "emergency":
            return "emergency"
        if self.verified is None:
            return "unverified"
        if self.verified > today:
            return "future"
        return "fresh" if today <= self.fresh_until else "stale"

    @property
    def fresh_until(self) -> date:
        """The last day the check counts; the number is hidden from the day after."""
        assert self.verified is not None, "only a verified contact has a fresh period"
        return self.verified + timedelta(days=FRESH_DAYS)

    def shown_on(self, today: date) -> bool:
        return self.state_on(today) in ("emergency", "fresh")


class TranslationNote(_Strict):
    reviewed: bool = False


class ContactsFile(_Strict):
    spec: int
    translations: dict[Language, TranslationNote] = Field(default_factory=dict)
    countries: dict[Country, tuple[Contact, ...]]


@dataclass(frozen=True)
class ShownContact:
    """A contact as the person sees it, in their language. `number` is what they dial, or
    for a programme line a Telegram handle or t.me link; a programme line's `purpose` ends
    with the languages its counsellors speak."""

    id: str
    kind: ShownKind
    number: str
    name: str
    purpose: str
    hours: str | None
    cost: Cost

    @property
    def written(self) -> bool:
        """Reached by writing in Telegram (a handle or a t.me link), not by calling."""
        return self.number.startswith(("@", "https://t.me/"))


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
    """Every country's contacts, in file order, and the programme's lines (switched on or
    off) in theirs."""

    countries: Mapping[str, tuple[Contact, ...]]
    programme: tuple[ProgrammeLine, ...] = ()

    def for_person(
        self,
        country: str | None,
        locale: str | None,
        today: date,
        audience: Set[str],
    ) -> list[ShownContact]:
        """What to show someone: their country's list (or `other`'s, for any country not in
        the file), with unverified and stale helplines left out; 112 if nothing is left.

        The programme's switched-on lines for that country come first: they are the people
        who know the person's situation. Then emergency numbers, then those meant only for
        people in the person's `audience` (e.g. `{"youth", "children"}` for an adolescent),
        then those meant for them among others, then the rest; each in file order.
        """
        key = country or OTHER
        if key not in self.countries:
            key = OTHER
        listed = self.countries.get(key, ())
        shown = [contact for contact in listed if contact.shown_on(today)] or [EMERGENCY_112]
        wanted = set(audience) - {"all"}

        def rank(contact: Contact) -> int:
            meant_for = set(contact.audience)
            if contact.kind == "emergency":
                return 0
            if meant_for <= wanted:
                return 1  # only for people like them: a youth line for an adolescent
            return 2 if meant_for & wanted else 3

        language = language_of(locale)
        own = [line for line in self.programme if line.enabled and key in line.countries]
        return [_programme_line(line, language) for line in own] + [
            _localised(contact, language) for contact in sorted(shown, key=rank)
        ]

    def all_contacts(self) -> list[tuple[str, Contact]]:
        """(country, contact) for every contact, in file order."""
        return [(country, c) for country, listed in self.countries.items() for c in listed]


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
    """The contacts of a services folder, or of a file in one, and every problem.

    Both files are read whichever is named: `crisis-contacts.yaml` (or the contacts file
    given) and the optional `programme.yaml` beside it.
    """
    folder = path if path.is_dir() else path.parent
    file = path if path.is_file() and path.name != PROGRAMME_FILE else folder / CONTACTS_FILE
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
    # Programme ids name their file when they clash with a contact's.
    used = {contact_id: f"{CONTACTS_FILE} {where}" for contact_id, where in seen.items()}
    programme, programme_problems = scan_programme(folder / PROGRAMME_FILE, used)
    problems += programme_problems
    if problems:
        return None, problems
    countries = {str(country): found for country, found in spec.countries.items()}
    return CrisisContacts(countries, programme), []


def _check_contact(file: str, where: str, contact: Contact, seen: dict[str, str]) -> list[Problem]:
    problems = check_id(file, where, contact.id, seen)
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


def _programme_line(line: ProgrammeLine, language: Language) -> ShownContact:
    return ShownContact(
        id=line.id,
        kind="programme",
        number=line.address,
        name=line.name.get(language),
        purpose=line.purpose_in(language),
        hours=line.hours.get(language) if line.hours else None,
        cost=line.cost,
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
