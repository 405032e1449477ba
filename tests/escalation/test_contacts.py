"""Crisis contacts: the real file loads; a broken one is refused with file, place and a
sentence; and no number is shown unless it is an emergency number or recently verified."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.check import check_paths
from bot.directory.contacts import (
    CONTACTS_FILE,
    COUNTRIES,
    FRESH_DAYS,
    LANGUAGES,
    SERVICES_DIR,
    CrisisContacts,
    default_contacts,
    load_contacts,
    scan_contacts,
)
from bot.spec.errors import FlowSpecError

FLOWS = Path(__file__).resolve().parents[2] / "flows"
REAL = FLOWS / SERVICES_DIR / CONTACTS_FILE
TODAY = date(2026, 3, 1)


def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    folder = tmp_path / SERVICES_DIR
    folder.mkdir(exist_ok=True)
    path = folder / CONTACTS_FILE
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def entry(data: dict[str, Any], contact_id: str) -> dict[str, Any]:
    [found] = [c for cs in data["countries"].values() for c in cs if c["id"] == contact_id]
    contact: dict[str, Any] = found
    return contact


def verified_on(tmp_path: Path, checked: dict[str, date | None]) -> CrisisContacts:
    data = raw()
    for contact_id, day in checked.items():
        entry(data, contact_id)["verified"] = day
    return load_contacts(write(tmp_path, data))


def problems_of(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = write(tmp_path, data)
    contacts, problems = scan_contacts(path)
    assert contacts is None
    with pytest.raises(FlowSpecError):
        load_contacts(path)
    assert all(problem.file == str(path) for problem in problems)
    return [f"{problem.where}: {problem.message}" for problem in problems]


# The real file


def test_the_real_file_loads_with_every_country_and_language() -> None:
    contacts = load_contacts(REAL.parent)
    assert sorted(contacts.countries) == sorted(COUNTRIES)
    for contact in (c for cs in raw()["countries"].values() for c in cs):
        assert sorted(contact["name"]) == sorted(LANGUAGES), contact["id"]
        assert sorted(contact["purpose"]) == sorted(LANGUAGES), contact["id"]
        assert contact["source"].strip(), contact["id"]


def test_nothing_in_the_real_file_claims_a_check_nobody_made() -> None:
    # Developers could not call the numbers: staff set each date when they have.
    assert [c["verified"] for cs in raw()["countries"].values() for c in cs] == [None] * sum(
        len(cs) for cs in raw()["countries"].values()
    )


def test_the_real_file_shows_112_alone_until_staff_verify_the_helplines() -> None:
    contacts = load_contacts(REAL)
    for country in ("KZ", "KG", "UZ", "TJ"):
        shown = contacts.for_person(country, "en", TODAY, {"all"})
        assert [c.number for c in shown] == ["112"], country


def test_uzbek_uses_the_turned_comma_not_an_apostrophe() -> None:
    for contact in (c for cs in raw()["countries"].values() for c in cs):
        for field in ("name", "purpose"):
            assert "'" not in contact[field]["uz"] and "`" not in contact[field]["uz"]


# The verification filter


def test_an_unverified_helpline_is_never_shown(tmp_path: Path) -> None:
    contacts = verified_on(tmp_path, {"kz-111": None, "kz-150": None})
    for audience in ({"all"}, {"all", "youth", "children"}, {"all", "women"}):
        shown = contacts.for_person("KZ", "ru", TODAY, audience)
        assert "111" not in [c.number for c in shown] and "150" not in [c.number for c in shown]


def test_a_helpline_verified_within_a_year_is_shown_and_one_checked_400_days_ago_is_not(
    tmp_path: Path,
) -> None:
    contacts = verified_on(
        tmp_path,
        {"kz-111": TODAY - timedelta(days=30), "kz-150": TODAY - timedelta(days=400)},
    )
    shown = contacts.for_person("KZ", "en", TODAY, {"all"})
    assert [c.number for c in shown] == ["112", "111"]


def test_the_year_ends_on_its_last_day(tmp_path: Path) -> None:
    contacts = verified_on(tmp_path, {"kz-111": TODAY - timedelta(days=FRESH_DAYS)})
    assert "111" in [c.number for c in contacts.for_person("KZ", "en", TODAY, {"all"})]
    tomorrow = TODAY + timedelta(days=1)
    assert "111" not in [c.number for c in contacts.for_person("KZ", "en", tomorrow, {"all"})]


def test_a_check_dated_in_the_future_is_a_typo_and_shows_nothing(tmp_path: Path) -> None:
    contacts = verified_on(tmp_path, {"kz-111": TODAY + timedelta(days=3)})
    assert [c.number for c in contacts.for_person("KZ", "en", TODAY, {"all"})] == ["112"]


def test_112_is_always_shown_whatever_its_date(tmp_path: Path) -> None:
    contacts = verified_on(tmp_path, {"kg-112": TODAY - timedelta(days=4000), "uz-112": None})
    for country in ("KG", "UZ"):
        assert contacts.for_person(country, "en", TODAY, {"all"})[0].number == "112"


# Country fallback, order and language


def test_no_country_or_another_one_gets_the_other_list(tmp_path: Path) -> None:
    contacts = load_contacts(REAL)
    for country in (None, "other", "RU"):
        [shown] = contacts.for_person(country, "en", TODAY, {"all"})
        assert (shown.id, shown.number) == ("other-112", "112")
        assert "local emergency number" in shown.purpose


def test_without_other_and_without_the_file_112_is_still_there() -> None:
    only_kz = CrisisContacts({"KZ": load_contacts(REAL).countries["KZ"]})
    [shown] = only_kz.for_person("TJ", "en", TODAY, {"all"})
    assert shown.number == "112"
    for country in (*COUNTRIES, None):
        assert [c.number for c in default_contacts().for_person(country, "kk", TODAY, set())] == [
            "112"
        ]


def test_adolescents_see_youth_lines_first_after_the_emergency_number(tmp_path: Path) -> None:
    fresh = TODAY - timedelta(days=10)
    contacts = verified_on(tmp_path, {"kz-111": fresh, "kz-150": fresh})
    adult = contacts.for_person("KZ", "en", TODAY, {"all"})
    adolescent = contacts.for_person("KZ", "en", TODAY, {"all", "youth", "children"})
    assert [c.number for c in adult] == ["112", "111", "150"]
    assert [c.number for c in adolescent] == ["112", "150", "111"]


def test_contacts_are_shown_in_the_person_s_language_or_english(tmp_path: Path) -> None:
    contacts = load_contacts(REAL)
    assert contacts.for_person("KZ", "ru", TODAY, set())[0].name == "Экстренные службы"
    assert contacts.for_person("KZ", "uz", TODAY, set())[0].name == "Favqulodda xizmatlar"
    assert contacts.for_person("KZ", "de", TODAY, set())[0].name == "Emergency services"
    assert contacts.for_person("KZ", None, TODAY, set())[0].name == "Emergency services"


# Loader errors


def test_an_unknown_country_is_named_with_the_known_ones(tmp_path: Path) -> None:
    data = raw()
    data["countries"]["XX"] = copy.deepcopy(data["countries"]["KZ"])
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("countries: unknown key 'XX'; use ")
    assert "'KZ', 'KG', 'UZ', 'TJ' or 'other'" in problem


def test_a_missing_country_is_refused(tmp_path: Path) -> None:
    data = raw()
    del data["countries"]["TJ"]
    assert problems_of(tmp_path, data) == [
        "countries: no contacts for TJ; every one of KZ, KG, UZ, TJ, other needs at least "
        "its emergency number"
    ]


def test_a_missing_language_is_refused_at_its_place(tmp_path: Path) -> None:
    data = raw()
    del entry(data, "kg-111")["purpose"]["ky"]
    assert problems_of(tmp_path, data) == ["countries.KG[1].purpose: missing required key 'ky'"]


def test_an_impossible_or_unreadable_date_is_refused(tmp_path: Path) -> None:
    data = raw()
    entry(data, "kz-111")["verified"] = "last spring"
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("countries.KZ[1].verified: should be a date like 2026-03-01")
    # Unquoted in YAML, 2026-02-30 fails while the YAML is read.
    path = write(tmp_path, raw())
    text = path.read_text(encoding="utf-8").replace("verified: null", "verified: 2026-02-30", 1)
    path.write_text(text, encoding="utf-8")
    [found] = scan_contacts(path)[1]
    assert "a date that does not exist" in found.message


def test_a_number_of_seconds_is_not_taken_for_a_date(tmp_path: Path) -> None:
    data = raw()
    entry(data, "kz-111")["verified"] = 2026
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("countries.KZ[1].verified: should be a date")


def test_verified_must_be_written_out_even_as_null(tmp_path: Path) -> None:
    data = raw()
    del entry(data, "uz-1146")["verified"]
    assert problems_of(tmp_path, data) == ["countries.UZ[1]: missing required key 'verified'"]


def test_who_checked_it_needs_the_day_of_the_check(tmp_path: Path) -> None:
    data = raw()
    entry(data, "kz-111")["verified_by"] = "A. S."
    assert problems_of(tmp_path, data) == [
        "countries.KZ[1]: `verified_by` without a `verified` date; give the date of the check"
    ]
    entry(data, "kz-111")["verified"] = TODAY
    [kz_111] = [c for c in load_contacts(write(tmp_path, data)).countries["KZ"] if c.id == "kz-111"]
    assert (kz_111.verified, kz_111.verified_by) == (TODAY, "A. S.")


def test_a_helpline_cannot_pass_itself_off_as_an_emergency_number(tmp_path: Path) -> None:
    data = raw()
    entry(data, "tj-1313")["kind"] = "emergency"
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("countries.TJ[1].kind: 1313 is not an emergency number")


def test_a_country_without_an_emergency_number_is_refused(tmp_path: Path) -> None:
    data = raw()
    data["countries"]["KG"] = [c for c in data["countries"]["KG"] if c["kind"] != "emergency"]
    assert problems_of(tmp_path, data) == [
        "countries.KG: no emergency number; add 112 with `kind: emergency`"
    ]


def test_unknown_keys_duplicate_ids_and_bad_values_are_each_named(tmp_path: Path) -> None:
    data = raw()
    entry(data, "kz-150")["verifed"] = None
    assert problems_of(tmp_path, data) == [
        "countries.KZ[2]: unknown key 'verifed' (did you mean 'verified'?)"
    ]
    data = raw()
    entry(data, "kz-150")["id"] = "kz-111"
    entry(data, "kg-111")["audience"] = ["teens"]
    found = problems_of(tmp_path, data)
    assert found[0].startswith("countries.KG[1].audience[0]: should be 'all', 'children'")
    data = raw()
    entry(data, "kz-150")["id"] = "kz-111"
    assert problems_of(tmp_path, data) == [
        "countries.KZ[2].id: 'kz-111' is already used at countries.KZ[1]"
    ]


def test_a_missing_file_and_a_bad_spec_are_refused(tmp_path: Path) -> None:
    [missing] = scan_contacts(tmp_path)[1]
    assert missing.file == str(tmp_path / CONTACTS_FILE) and "no such file" in missing.message
    data = raw()
    data["spec"] = 2
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("spec: this file is written for spec 2")


def test_flows_check_reads_the_services_folder_beside_the_flows(tmp_path: Path) -> None:
    data = raw()
    entry(data, "kz-112")["nmber"] = "112"
    path = write(tmp_path, data)
    for target in (tmp_path, path.parent, path):
        problems = check_paths([target], ["en"])
        assert [(p.file, p.where) for p in problems] == [(str(path), "countries.KZ[0]")], target
    assert check_paths([REAL.parent, REAL], ["en"]) == []
