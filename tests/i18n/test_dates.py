"""A date Babel writes in full ends with its own full stop in Russian ("6 декабря 2026 г."),
so a Russian sentence never ends on one: that would print "г..".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_the_russian_long_date_ends_with_a_full_stop() -> None:
    assert format_date(date(2026, 12, 6), format="long", locale="ru").endswith(".")


def test_no_russian_sentence_ends_on_a_date() -> None:
    with (ROOT / "locales" / "ru" / "LC_MESSAGES" / "qadam.po").open("rb") as handle:
        catalog = read_po(handle)
    ending = [
        str(message.id)
        for message in catalog
        if message.id and isinstance(message.string, str) and "%(date)s." in message.string
    ]
    assert ending == []
