"""The programme's own line: first on the card for its countries and nowhere else, in the
person's language or a sensible other one; the shipped example never reaches anyone; and
a mistake in the file is named by file, place and a sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.app.crisis import card_text
from bot.content.check import check_paths
from bot.directory.contacts import load_contacts, scan_contacts
from bot.directory.programme import PROGRAMME_FILE
from bot.i18n.catalogs import Catalogs
from tests.directory.conftest import REAL_SERVICES, a_line, read, with_lines

TODAY = date(2026, 3, 1)
EVERYONE = {"all"}


def problems_of(folder: Path) -> list[str]:
    contacts, problems = scan_contacts(folder)
    assert contacts is None
    return [f"{Path(p.file).name}: {p.where}: {p.message}" for p in problems]


# Where it shows


def test_the_line_comes_first_for_its_country(services: Path) -> None:
    with_lines(services, a_line())
    contacts = load_contacts(services)
    shown = contacts.for_person("KZ", "en", TODAY, EVERYONE)
    assert [(c.id, c.kind, c.number) for c in shown] == [
        ("kz-our-line", "programme", "+7 700 123 45 67"),
        ("kz-112", "emergency", "112"),
    ]
    # Before the youth lines an adolescent is shown first among the helplines, too.
    assert contacts.for_person("KZ", "kk", TODAY, {"all", "youth"})[0].id == "kz-our-line"


def test_the_line_shows_only_in_the_countries_it_lists(services: Path) -> None:
    with_lines(services, a_line())
    contacts = load_contacts(services)
    for country in ("KG", "UZ", "TJ", "other", "RU", None):
        shown = contacts.for_person(country, "en", TODAY, EVERYONE)
        assert [c.number for c in shown] == ["112"], country


def test_one_line_can_serve_several_countries_and_lines_keep_file_order(
    services: Path,
) -> None:
    telegram = a_line(
        id="our-telegram",
        countries=["KZ", "KG", "other"],
        number=None,
        telegram="@our_programme",
        hours=None,
    )
    del telegram["number"]
    with_lines(services, a_line(), telegram)
    contacts = load_contacts(services)
    assert [c.number for c in contacts.for_person("KZ", "en", TODAY, EVERYONE)] == [
        "+7 700 123 45 67",
        "@our_programme",
        "112",
    ]
    for country in ("KG", "other", "FR"):
        shown = contacts.for_person(country, "en", TODAY, EVERYONE)
        assert [c.number for c in shown] == ["@our_programme", "112"], country
    assert contacts.for_person("TJ", "en", TODAY, EVERYONE)[0].number == "112"


def test_a_switched_off_line_never_shows(services: Path) -> None:
    with_lines(services, a_line(enabled=False))
    contacts = load_contacts(services)
    assert [c.number for c in contacts.for_person("KZ", "en", TODAY, EVERYONE)] == ["112"]


# The shipped example


def test_the_shipped_example_is_switched_off_and_shows_nowhere() -> None:
    [example] = read(REAL_SERVICES / PROGRAMME_FILE)["lines"]
    assert example["enabled"] is False
    contacts = load_contacts(REAL_SERVICES)
    for country in ("KZ", "KG", "UZ", "TJ", "other", None):
        for locale in ("en", "ru", "kk", "ky", "uz", "tg"):
            shown = contacts.for_person(country, locale, TODAY, EVERYONE)
            assert [c.kind for c in shown] == ["emergency"], (country, locale)


def test_switching_the_example_on_without_a_real_number_is_refused(services: Path) -> None:
    path = services / PROGRAMME_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("enabled: false", "enabled: true"), encoding="utf-8")
    assert problems_of(services) == [
        "programme.yaml: lines[0]: 000 000 0000 is the example's placeholder, not a number; "
        "put in the programme's real number, or leave the line `enabled: false`"
    ]


def test_without_a_programme_file_the_card_is_as_before(services: Path) -> None:
    (services / PROGRAMME_FILE).unlink()
    contacts = load_contacts(services)
    assert contacts.programme == ()
    assert [c.number for c in contacts.for_person("KZ", "en", TODAY, EVERYONE)] == ["112"]


# Language


def test_texts_in_the_person_s_language_with_the_languages_spoken(services: Path) -> None:
    with_lines(services, a_line())
    contacts = load_contacts(services)
    [line, _] = contacts.for_person("KZ", "kk", TODAY, EVERYONE)
    assert line.name == "Кеңесшілеріміз"
    assert line.hours == "09:00-18:00"
    assert line.cost == "free"
    # Each language is named in itself, as the language picker names it.
    assert line.purpose.endswith(" · Русский, Қазақша")


def test_a_missing_language_falls_back_to_russian_then_english(services: Path) -> None:
    with_lines(services, a_line(), a_line(id="kz-english-only", name={"en": "Only English"}))
    contacts = load_contacts(services)
    [first, second, _] = contacts.for_person("KZ", "ky", TODAY, EVERYONE)
    assert first.name == "Наши консультанты"  # no Kyrgyz: Russian
    assert first.purpose.startswith("Поговорить конфиденциально")
    assert second.name == "Only English"  # no Kyrgyz, no Russian: English
    english = contacts.for_person("KZ", "en", TODAY, EVERYONE)[0]
    assert english.name == "Our counsellors"
    unknown = contacts.for_person("KZ", "de", TODAY, EVERYONE)[0]
    assert unknown.name == "Our counsellors"  # an unknown locale reads English


def test_without_russian_or_english_the_first_text_there_is(services: Path) -> None:
    with_lines(services, a_line(name={"tg": "Мушовирони мо", "uz": "Maslahatchilarimiz"}))
    contacts = load_contacts(services)
    assert contacts.for_person("KZ", "uz", TODAY, EVERYONE)[0].name == "Maslahatchilarimiz"
    assert contacts.for_person("KZ", "en", TODAY, EVERYONE)[0].name == "Maslahatchilarimiz"


def test_the_card_shows_the_line_first_in_the_person_s_language(services: Path) -> None:
    with_lines(services, a_line())
    contacts = load_contacts(services)
    shown = contacts.for_person("KZ", "ru", TODAY, EVERYONE)
    text = card_text(Catalogs(("en", "ru")), "ru", shown, reason="help", consented=True)
    ours = text.index("📞 +7 700 123 45 67 — Наши консультанты")
    assert ours < text.index("📞 112 — Экстренные службы")
    assert "Поговорить конфиденциально · Русский, Қазақша · 09:00-18:00 · " in text


# Mistakes are named


def test_neither_or_both_ways_to_reach_it_are_refused(services: Path) -> None:
    with_lines(services, a_line(telegram="@our_programme"))
    assert problems_of(services) == [
        "programme.yaml: lines[0]: give either `number` or `telegram` (one of them, not both)"
    ]
    neither = a_line()
    del neither["number"]
    with_lines(services, neither)
    assert problems_of(services) == [
        "programme.yaml: lines[0]: give either `number` or `telegram` (one of them, not both)"
    ]


def test_a_bad_number_handle_language_or_country_is_named(services: Path) -> None:
    with_lines(
        services,
        a_line(number="call us"),
        a_line(id="b", number=None, telegram="t.me/ours"),
        a_line(id="c", languages=["kz"], countries=["RU"]),
        a_line(id="d", name={}),
        a_line(id="e", purpose={"rus": "Поговорить"}),
    )
    found = problems_of(services)
    assert found[0] == (
        "programme.yaml: lines[0].number: should be a phone number as dialled, like "
        "+996 312 000 000; got 'call us'"
    )
    assert found[1].startswith(
        "programme.yaml: lines[1].telegram: should be a Telegram handle like @qadam_help"
    )
    assert any(p.startswith("programme.yaml: lines[2].countries[0]: should be 'KZ'") for p in found)
    assert any(p.startswith("programme.yaml: lines[2].languages[0]: should be 'en'") for p in found)
    assert found[-2:] == [
        "programme.yaml: lines[3].name: give the text in at least one language "
        "(en, ru, kk, ky, uz, tg)",
        "programme.yaml: lines[4].purpose: unknown key 'rus' (did you mean 'ru'?)",
    ]


def test_enabled_must_be_written_out_and_unknown_keys_are_named(services: Path) -> None:
    line = a_line(enabeld=True)
    del line["enabled"]
    with_lines(services, line)
    assert problems_of(services) == [
        "programme.yaml: lines[0]: missing required key 'enabled'",
        "programme.yaml: lines[0]: unknown key 'enabeld' (did you mean 'enabled'?)",
    ]


def test_an_id_used_twice_or_by_a_public_contact_is_refused(services: Path) -> None:
    with_lines(services, a_line(), a_line(), a_line(id="kz-111"), a_line(id="Our Line"))
    assert problems_of(services) == [
        "programme.yaml: lines[1].id: 'kz-our-line' is already used at lines[0]",
        "programme.yaml: lines[2].id: 'kz-111' is already used at crisis-contacts.yaml "
        "countries.KZ[1]",
        "programme.yaml: lines[3].id: 'Our Line' should be lower-case letters and digits "
        "joined by - (like kz-112)",
    ]


def test_flows_check_names_the_programme_file_by_folder_or_file(services: Path) -> None:
    path = with_lines(services, a_line(hours=None, languages=[]))
    for target in (services.parent, services, path, services / "crisis-contacts.yaml"):
        problems = check_paths([target], ["en"])
        assert [(p.file, p.where) for p in problems] == [(str(path), "lines[0].languages")], target
    assert check_paths([REAL_SERVICES, REAL_SERVICES / PROGRAMME_FILE], ["en"]) == []
