"""Reading a time of day, or a span of two, from what people type.

People write "9:30", "09.30", "9-30", "9 30", "930", "21", "9 pm", "в 9 утра", "soat 9:30",
"сағат 21-де", full-width "０９：３０" or Arabic-Indic digits; a span as "22:00-08:00",
"22–8", "с 22 до 8", "22-ден 8-ге", "аз 22 то 8" or "10pm to 7am". The result is always
24-hour "HH:MM" (a span "HH:MM-HH:MM"), or None when the text is not clearly one time (one
span): the flow then asks again rather than guess. A minute needs two digits ("9:5" could
mean 9:05 or 9:50).
"""

from __future__ import annotations

import re
import unicodedata

# Words around a time that add nothing: "at 9", "в 9", and "o'clock" in kk, ky, uz and tg
# ("сағат 9", "саат 9", "soat 9", "соати 9"); after it, the case endings of kk, ky and uz
# for "at", "to" and "until" ("9-да", "21:00де", "9 da", "8-ге", "8ге чейин", "8 gacha").
_BEFORE = r"(?:(?:at|в|во|к|около|сағат|саат|soat|соат|соати)\s*)?"
_AFTER = (
    r"(?:\s*-?\s*(?:[дтгғкқ][аеоө]|da|ga|ka|qa))?"
    r"(?:\s*-?\s*(?:дейін|дейин|чейин|гача|gacha|qadar))?"
)
_DAY_PART = (
    r"(?:\s*(?P<part>a\.?\s?m\.?|p\.?\s?m\.?|утра|дня|вечера|ночи|"
    r"h|ч|час|часа|часов|o'?clock))?"
)
_TIME = re.compile(
    rf"^{_BEFORE}(?:"
    r"(?P<hour>\d{1,2})(?:\s*[:.,h-]\s*(?P<minute>\d{2})|\s(?P<spaced>\d{2}))?"
    r"|(?P<packed>\d{3,4})"
    rf"){_DAY_PART}{_AFTER}$"
)
# Before the first time of a span: "from", "с", "от", "между", tg "аз".
_SPAN_START = re.compile(r"^(?:from|between|с|со|от|между|аз)\s+")
# Between its two times: a dash or a word ("to", "до", tg "то"), or only a space; in kk,
# ky and uz the first time takes the ending for "from" ("22-ден 8-ге", "22 dan 8 gacha").
_SPAN_WORD = r"(?:-|~|to|till|until|til|and|до|по|и|то)"
_SPAN_FROM = r"-?\s*(?:[дтн][аеоө]н|dan)"
_SPAN_BETWEEN = re.compile(rf"\s*{_SPAN_FROM}\s*(?:{_SPAN_WORD}\s*)?|\s*{_SPAN_WORD}\s*|\s+")
# Far longer than any way of writing a time or a span; longer text is something else.
_LONGEST = 60
# Punctuation people put around an answer ("9:30.", «21:00»), never inside one.
_AROUND = " \"'`«»“”„‘’!?;."


def parse_time(text: str) -> str | None:
    """One time of day as "HH:MM" (24-hour), or None if the text is not clearly one."""
    return _time(_normalise(text))


def parse_timerange(text: str) -> str | None:
    """Two different times as "HH:MM-HH:MM" (the span may pass midnight), or None.

    Every place the text could be cut in two is tried; it is accepted only when the
    readings that work all agree, so "10 30 11 30" is 10:30-11:30 but nothing is guessed.
    """
    cleaned = _SPAN_START.sub("", _normalise(text))
    if len(cleaned) > _LONGEST:
        return None
    found = set()
    for at in range(1, len(cleaned)):
        cut = _SPAN_BETWEEN.match(cleaned, at)
        if cut is None:
            continue
        start, end = _time(cleaned[: cut.start()]), _time(cleaned[cut.end() :])
        if start is not None and end is not None:
            found.add((start, end))
    if len(found) != 1:
        return None
    [(start, end)] = found
    return None if start == end else f"{start}-{end}"


def _normalise(text: str) -> str:
    """ASCII digits, one kind of dash, single spaces, no invisible marks, casefolded."""
    out = []
    # NFKC turns full-width digits and colons, and no-break spaces, into plain ones.
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if category == "Cf":  # zero-width spaces and joiners, direction marks, BOM
            continue
        if category == "Nd":  # any script's digits: ٩, ۹, ९, ๙ ...
            out.append(str(unicodedata.decimal(char)))
        elif category == "Pd" or char == "\u2212":  # hyphens, en/em dashes, minus
            out.append("-")
        elif char in "\u2236\ua789":  # ratio sign and modifier colon, typed for ":"
            out.append(":")
        elif char == "\u066b":  # Arabic decimal separator
            out.append(".")
        elif char in "\u02bb\u02bc\u2019":  # ʻ ʼ ’ in "o'clock" and Uzbek words
            out.append("'")
        elif char.isspace():
            out.append(" ")
        else:
            out.append(char)
    return " ".join("".join(out).casefold().split()).strip(_AROUND)


def _time(cleaned: str) -> str | None:
    if len(cleaned) > _LONGEST:
        return None
    match = _TIME.match(cleaned.strip(_AROUND))
    if match is None:
        return None
    packed = match["packed"]
    if packed is not None:
        said, minute = int(packed[:-2]), int(packed[-2:])
    else:
        said = int(match["hour"])
        minute = int(match["minute"] or match["spaced"] or 0)
    hour = _day_part(said, re.sub(r"[.\s]", "", match["part"] or ""))
    if hour == 24 and minute == 0:
        hour = 0  # "24:00" is midnight
    if hour is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def _day_part(hour: int, part: str) -> int | None:
    """The 24-hour hour for "9 pm", "9 вечера", "2 ночи"; None when they do not fit."""
    if part not in _DAY_PARTS:
        return hour  # no part of the day, or only a unit: "21", "9 ч", "21 час"
    return _DAY_PARTS[part].get(hour)


def _table(*spans: tuple[range, int]) -> dict[int, int]:
    """{hour as said: hour on a 24-hour clock}, from (hours said, hours to add) pairs."""
    return {hour: (hour + add) % 24 for hours, add in spans for hour in hours}


# "12 am" is midnight and "12 pm" noon; 24-hour hours that agree are kept ("21 pm").
# Russian names the part of the day: утра (morning), дня (day), вечера (evening) and ночи
# (night), so "9 вечера" is 21:00 and "2 ночи" 02:00.
_DAY_PARTS: dict[str, dict[int, int]] = {
    "am": _table((range(1, 12), 0), (range(12, 13), 12)),
    "pm": _table((range(1, 12), 12), (range(12, 24), 0)),
    "утра": _table((range(1, 12), 0)),
    "дня": _table((range(1, 7), 12), (range(12, 19), 0)),
    "вечера": _table((range(4, 12), 12), (range(16, 24), 0)),
    "ночи": _table((range(1, 6), 0), (range(9, 13), 12), (range(21, 24), 0)),
}
