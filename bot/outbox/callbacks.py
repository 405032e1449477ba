"""Reading back the data a button carries: its shape and every number's bounds first.

Callback data comes from the person's Telegram client, and a modified client can send
anything up to 64 bytes. A value out of shape or bounds must not reach a query or a
calculation: a number beyond PostgreSQL's `integer` fails the lookup itself, a negative
index counts from the end of a list, a negative snooze lies in the past. Parsers built on
these return None for such a value, and the caller answers as to a stale button.
"""

from __future__ import annotations

# The largest id a row can have (`integer` on PostgreSQL): a larger one can match no row.
MAX_ID = 2**31 - 1


def fields(data: str, prefix: str, count: int) -> list[str] | None:
    """The `count` fields after `prefix`, separated by ":"; None for any other shape."""
    if not data.startswith(prefix):
        return None
    parts = data.removeprefix(prefix).split(":")
    return parts if len(parts) == count else None


def number(text: str, low: int, high: int) -> int | None:
    """A whole number from `low` to `high` in plain ASCII digits; None otherwise.

    Stricter than `int`, which also reads "-1", "+1", " 1", "1_000" and "٣", and than
    `str.isdigit`, which also passes "²" (that `int` then refuses); the length check
    keeps `int` from reading a thousand digits only to find them too many.
    """
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def row_id(text: str) -> int | None:
    """The id of a row, as a button names a case or a schedule."""
    return number(text, 1, MAX_ID)
