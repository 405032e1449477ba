"""Recording a check: the date and the name land on the one contact, everything else in the
file stays byte for byte, the number then shows, and a wrong id changes nothing."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from bot.directory.contacts import CONTACTS_FILE, load_contacts
from bot.directory.verify import UnknownContactError, record_check
from bot.spec.errors import FlowSpecError
from tests.directory.conftest import REAL_SERVICES

DAY = date(2026, 3, 1)


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_verify_writes_the_date_and_the_name_and_nothing_else(services: Path) -> None:
    path = services / CONTACTS_FILE
    before = path.read_text(encoding="utf-8")

    done = record_check(services, "kz-111", "Aigerim S.", DAY)

    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-      verified: null",
        "+      verified: 2026-03-01",
        "+      verified_by: Aigerim S.",
    ]
    # Comments, folded sources, quoting and every other null are kept as they were.
    assert after.startswith(REAL_SERVICES.joinpath(CONTACTS_FILE).read_text()[:2000])
    assert (done.country, done.before.verified, done.after.verified) == ("KZ", None, DAY)
    assert done.after.verified_by == "Aigerim S." and done.file == path
    shown = load_contacts(services).for_person("KZ", "en", DAY, {"all"})
    assert [c.number for c in shown] == ["112", "111"]


def test_a_second_check_replaces_the_first_in_place(services: Path) -> None:
    record_check(services, "tj-1313", "A. S.", date(2025, 1, 10))
    middle = (services / CONTACTS_FILE).read_text(encoding="utf-8")
    done = record_check(services, "tj-1313", "Dilnoza: duty lead", DAY)
    after = (services / CONTACTS_FILE).read_text(encoding="utf-8")
    assert changed_lines(middle, after) == [
        "-      verified: 2025-01-10",
        "-      verified_by: A. S.",
        "+      verified: 2026-03-01",
        "+      verified_by: 'Dilnoza: duty lead'",
    ]
    assert done.before.verified_by == "A. S." and done.after.verified_by == "Dilnoza: duty lead"


def test_an_unknown_id_is_named_with_the_nearest_and_nothing_changes(services: Path) -> None:
    before = (services / CONTACTS_FILE).read_text(encoding="utf-8")
    with pytest.raises(UnknownContactError) as raised:
        record_check(services, "uz-1164", "A. S.", DAY)
    message = str(raised.value)
    assert message.startswith(f"no contact 'uz-1164' in {services / CONTACTS_FILE}")
    assert "(did you mean 'uz-1146'?)" in message and "qadam contacts list" in message
    with pytest.raises(UnknownContactError, match=r"no contact 'helpline' in .*contacts list"):
        record_check(services, "helpline", "A. S.", DAY)
    assert (services / CONTACTS_FILE).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in services.iterdir()) == [
        "crisis-contacts.yaml",
        "directory.yaml",
        "programme.yaml",
    ]


def test_a_programme_line_needs_no_verification(services: Path) -> None:
    with pytest.raises(UnknownContactError, match=r"is a line of programme\.yaml"):
        record_check(services, "programme-example", "A. S.", DAY)


def test_a_broken_file_is_not_written(services: Path) -> None:
    path = services / CONTACTS_FILE
    broken = path.read_text(encoding="utf-8").replace("kind: helpline", "kind: hotline", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(FlowSpecError):
        record_check(services, "kz-150", "A. S.", DAY)
    assert path.read_text(encoding="utf-8") == broken
