"""The shapes of the reminder settings a flow may save, checked when flows are loaded.

The scheduler reads these profile fields, so a flow must not save anything else in them:
`checkin_time` "HH:MM" or "off", `checkin_days` ISO weekday digits ("12345" is Monday to
Friday), `quiet_hours` "HH:MM-HH:MM" (may pass midnight) or "off", `timezone` an IANA name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
_HHMM = re.compile(rf"^{_TIME}$")
_SPAN = re.compile(rf"^({_TIME})-({_TIME})$")
_DAYS = re.compile(r"^1?2?3?4?5?6?7?$")

# The typed input that produces each field's shape; other fields take any input.
INPUT_FOR_FIELD: dict[str, str] = {"checkin_time": "time", "quiet_hours": "timerange"}
# Fields only buttons can set: there is no typed form of a weekday set or a time zone.
BUTTONS_ONLY: frozenset[str] = frozenset({"checkin_days", "timezone"})


def _time(value: object) -> str | None:
    if value == "off" or (isinstance(value, str) and _HHMM.match(value)):
        return None
    return 'should be a time like "09:00" (24-hour, two digits each) or "off"'


def _span(value: object) -> str | None:
    if value == "off":
        return None
    match = _SPAN.match(value) if isinstance(value, str) else None
    if match is None:
        return 'should be two times like "22:00-08:00" or "off"'
    if match[1] == match[2]:
        return "starts and ends at the same time; give two different times"
    return None


def _days(value: object) -> str | None:
    if isinstance(value, str) and value and _DAYS.match(value):
        return None
    return 'should be weekday digits in order, 1 Monday to 7 Sunday, like "12345"'


def _zone(value: object) -> str | None:
    if isinstance(value, str) and value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
        else:
            return None
    return 'should be a time zone name like "Asia/Almaty" or "UTC"'


_CHECKS: dict[str, Callable[[object], str | None]] = {
    "checkin_time": _time,
    "quiet_hours": _span,
    "checkin_days": _days,
    "timezone": _zone,
}


def value_problem(field: str, value: object) -> str | None:
    """What is wrong with saving `value` in profile field `field`; None if it fits."""
    check = _CHECKS.get(field)
    problem = None if check is None else check(value)
    if problem is not None and not isinstance(value, str):
        # YAML reads an unquoted 09:00 as the number 540, and 12345 as a number.
        problem += "; put the value in quotes so that YAML keeps it as text"
    return problem
