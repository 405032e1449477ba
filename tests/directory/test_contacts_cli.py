"""`qadam contacts verify` and `qadam contacts list` as admins run them: a real process on
a copy of the real files, its exit code and what it prints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.directory.contacts import CONTACTS_FILE
from bot.directory.programme import PROGRAMME_FILE
from tests.directory.conftest import a_line, with_lines
from tests.support.process import assert_clean_failure, qadam

# `qadam contacts ...` as an admin runs it: a process each.
pytestmark = pytest.mark.process


def flows_of(services: Path) -> dict[str, str]:
    return {"QADAM_FLOWS_DIR": str(services.parent)}


def one_line(output: str) -> str:
    return " ".join(output.split())


def test_verify_records_the_check_and_says_until_when_it_shows(services: Path) -> None:
    day = datetime.now(UTC).date() - timedelta(days=3)
    result = qadam(
        "contacts",
        "verify",
        "kz-111",
        "--by",
        "Aigerim S.",
        "--date",
        day.isoformat(),
        env=flows_of(services),
    )
    assert result.returncode == 0, result.stderr
    said = one_line(result.stderr)
    assert f"recording the check of kz-111 in {services}" in said
    assert f"kz-111 (111, KZ): verified {day} by Aigerim S. (was: never verified)" in said
    assert f"shown on crisis cards until {day + timedelta(days=365)}" in said
    [kz_111] = [
        c
        for c in yaml.safe_load((services / CONTACTS_FILE).read_text())["countries"]["KZ"]
        if c["id"] == "kz-111"
    ]
    assert (kz_111["verified"], kz_111["verified_by"]) == (day, "Aigerim S.")


def test_verify_defaults_to_today_and_warns_when_the_date_is_already_stale(
    services: Path,
) -> None:
    today = qadam("contacts", "verify", "tj-1313", "--by", "  A.   S. ", env=flows_of(services))
    assert today.returncode == 0, today.stderr
    assert f"verified {datetime.now(UTC).date()} by A. S." in one_line(today.stderr)
    old = qadam(
        "contacts",
        "verify",
        "kg-111",
        "--by",
        "A. S.",
        "--date",
        "2020-05-01",
        env=flows_of(services),
    )
    assert old.returncode == 0, old.stderr
    assert "more than a year old: the number stays hidden" in one_line(old.stderr)


def test_verify_an_unknown_id_fails_cleanly_with_a_suggestion(services: Path) -> None:
    before = (services / CONTACTS_FILE).read_text(encoding="utf-8")
    result = qadam("contacts", "verify", "kz-15", "--by", "A. S.", env=flows_of(services))
    assert_clean_failure(result, "no contact 'kz-15'")
    assert "did you mean 'kz-150'?" in one_line(result.stderr)
    assert (services / CONTACTS_FILE).read_text(encoding="utf-8") == before


def test_verify_refuses_a_future_or_unreadable_date_and_an_empty_name(services: Path) -> None:
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    cases = {
        tomorrow.isoformat(): "a check cannot be in the future",
        "01.03.2026": "write year-month-day",
    }
    for value, message in cases.items():
        result = qadam(
            "contacts",
            "verify",
            "kz-111",
            "--by",
            "A. S.",
            "--date",
            value,
            env=flows_of(services),
        )
        assert result.returncode == 2 and message in one_line(result.stderr), result.stderr
    blank = qadam("contacts", "verify", "kz-111", "--by", " ", env=flows_of(services))
    assert blank.returncode == 2 and "say who checked the number" in one_line(blank.stderr)


def test_list_shows_each_contact_s_state_and_counts_the_hidden(services: Path) -> None:
    with_lines(services, a_line())
    qadam("contacts", "verify", "kz-150", "--by", "A. S.", env=flows_of(services))
    result = qadam("contacts", "list", env=flows_of(services))
    assert result.returncode == 0, result.stderr
    rows = [one_line(line) for line in result.stdout.splitlines()]
    assert rows[:4] == [
        "KZ kz-our-line +7 700 123 45 67 programme line: shown first",
        "KZ kz-112 112 emergency number: always shown",
        "KZ kz-111 111 never verified: hidden",
        f"KZ kz-150 150 verified {datetime.now(UTC).date()} by A. S.: shown until "
        f"{datetime.now(UTC).date() + timedelta(days=365)}",
    ]
    assert rows[-1] == "other other-112 112 emergency number: always shown"
    assert "4 hidden from people" in one_line(result.stderr)


def test_flows_check_names_a_mistake_in_the_programme_file(services: Path) -> None:
    path = services / PROGRAMME_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    languages:", "    langauges:"), encoding="utf-8")
    result = qadam("flows", "check", str(services.parent))
    assert result.returncode == 1
    assert (
        f"{path}: lines[0]: unknown key 'langauges' (did you mean 'languages'?)"
        in result.stderr.splitlines()
    )
