"""What operators are told at start-up and by `qadam contacts list`: per country, the
helplines people will not see, and why."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from structlog.testing import capture_logs

from bot.directory.contacts import FRESH_DAYS, load_contacts
from bot.directory.review import HOW_TO_VERIFY, hidden_on, rows_on, warn_hidden
from bot.directory.verify import record_check
from tests.directory.conftest import REAL_SERVICES, a_line, with_lines

TODAY = date(2026, 3, 1)


def test_the_real_file_warns_about_every_helpline_in_each_country() -> None:
    with capture_logs() as logs:
        warn_hidden(load_contacts(REAL_SERVICES), TODAY)
    assert [(e["log_level"], e["event"], e["country"], e["unverified"]) for e in logs] == [
        ("warning", "contacts.unverified", "KZ", ["kz-111 (111)", "kz-150 (150)"]),
        ("warning", "contacts.unverified", "KG", ["kg-111 (111)"]),
        ("warning", "contacts.unverified", "UZ", ["uz-1146 (1146)"]),
        ("warning", "contacts.unverified", "TJ", ["tj-1313 (1313)"]),
    ]
    assert all(e["stale"] == [] and e["dated_in_future"] == [] for e in logs)
    assert all(e["hint"] == HOW_TO_VERIFY for e in logs)


def test_stale_unverified_and_misdated_are_told_apart(services: Path) -> None:
    record_check(services, "kz-111", "A. S.", TODAY - timedelta(days=FRESH_DAYS + 1))
    record_check(services, "kz-150", "A. S.", TODAY - timedelta(days=FRESH_DAYS))
    for contact_id in ("uz-1146", "tj-1313"):
        record_check(services, contact_id, "A. S.", TODAY)
    contacts = load_contacts(services)
    hidden = hidden_on(contacts, TODAY)
    assert [(h.country, h.unverified, h.stale, h.future) for h in hidden] == [
        ("KZ", (), ("kz-111 (111)",), ()),
        ("KG", ("kg-111 (111)",), (), ()),
    ]
    # A check dated tomorrow (as seen from today) is a typo: hidden, and said so.
    yesterday = hidden_on(contacts, TODAY - timedelta(days=1))
    assert [(h.country, h.future) for h in yesterday if h.future] == [
        ("UZ", ("uz-1146 (1146)",)),
        ("TJ", ("tj-1313 (1313)",)),
    ]


def test_nothing_is_logged_when_every_helpline_is_fresh(services: Path) -> None:
    for contact_id in ("kz-111", "kz-150", "kg-111", "uz-1146", "tj-1313"):
        record_check(services, contact_id, "A. S.", TODAY)
    with capture_logs() as logs:
        warn_hidden(load_contacts(services), TODAY)
    assert logs == []


def test_the_list_says_what_is_shown_and_why_in_card_order(services: Path) -> None:
    with_lines(services, a_line(), a_line(id="kz-later", enabled=False))
    record_check(services, "kz-150", "Aigerim S.", TODAY - timedelta(days=10))
    record_check(services, "kg-111", "A. S.", date(2024, 1, 1))
    record_check(services, "kz-112", "A. S.", date(2024, 1, 1))
    rows = rows_on(load_contacts(services), TODAY)
    kz = [(r.id, r.number, r.shown, r.status) for r in rows if r.country == "KZ"]
    assert kz == [
        ("kz-our-line", "+7 700 123 45 67", True, "programme line: shown first"),
        (
            "kz-later",
            "+7 700 123 45 67",
            False,
            "programme line: switched off (enabled: false), hidden",
        ),
        (
            "kz-112",
            "112",
            True,
            "emergency number: always shown (verified 2024-01-01 by A. S.)",
        ),
        ("kz-111", "111", False, "never verified: hidden"),
        ("kz-150", "150", True, "verified 2026-02-19 by Aigerim S.: shown until 2027-02-19"),
    ]
    [kg] = [r.status for r in rows if r.id == "kg-111"]
    assert kg == "verified 2024-01-01 by A. S.: stale since 2025-01-01, hidden"
    assert [r.country for r in rows if r.id == "other-112"] == ["other"]
