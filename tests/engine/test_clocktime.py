"""Times and spans of times as people type them, in the scripts and digits they use."""

from __future__ import annotations

import pytest

from bot.engine.clocktime import parse_time, parse_timerange


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the usual ways
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        ("9.30", "09:30"),
        ("9,30", "09:30"),
        ("9-30", "09:30"),
        ("9 30", "09:30"),
        ("9h30", "09:30"),
        ("930", "09:30"),
        ("0930", "09:30"),
        ("2130", "21:30"),
        ("21", "21:00"),
        ("9", "09:00"),
        ("0", "00:00"),
        ("00:00", "00:00"),
        ("23:59", "23:59"),
        ("24:00", "00:00"),
        ("2400", "00:00"),
        # twelve-hour clock
        ("9:30 pm", "21:30"),
        ("9:30pm", "21:30"),
        ("9 am", "09:00"),
        ("9am", "09:00"),
        ("9 a.m.", "09:00"),
        ("9 P.M.", "21:00"),
        ("9 p. m.", "21:00"),
        ("930pm", "21:30"),
        ("12 am", "00:00"),
        ("12:30 am", "00:30"),
        ("12 pm", "12:00"),
        ("21 pm", "21:00"),
        ("9 o'clock", "09:00"),
        ("9 o’clock", "09:00"),
        ("at 9", "09:00"),
        # Russian, with the part of the day
        ("в 9 утра", "09:00"),
        ("9 вечера", "21:00"),
        ("в 7:30 вечера", "19:30"),
        ("3 дня", "15:00"),
        ("12 дня", "12:00"),
        ("2 ночи", "02:00"),
        ("11 ночи", "23:00"),
        ("12 ночи", "00:00"),
        ("21 час", "21:00"),
        ("9 ч", "09:00"),
        ("В 21:00", "21:00"),
        ("к 8", "08:00"),
        # "o'clock" and the locative ending in kk, ky, uz, tg
        ("сағат 21-де", "21:00"),
        ("сағат 9:30-да", "09:30"),
        ("саат 8де", "08:00"),
        ("soat 9 da", "09:00"),
        ("soat 21:00", "21:00"),
        ("соати 9", "09:00"),
        ("соат 18:30", "18:30"),
        # spaces and punctuation around
        ("  21:00  ", "21:00"),
        ("\t9:30\n", "09:30"),
        ("9:30.", "09:30"),
        ("«21:00»", "21:00"),
        ('"7:15"', "07:15"),
        ("9 : 30", "09:30"),
        # other digits and look-alike characters
        ("０９：３０", "09:30"),  # full-width
        ("２１", "21:00"),
        ("٩:٣٠", "09:30"),  # Arabic-Indic
        ("۲۱:۱۵", "21:15"),  # Persian
        ("९:३०", "09:30"),  # Devanagari
        ("๙:๓๐", "09:30"),  # Thai
        ("9\u223630", "09:30"),  # ratio sign
        ("9\ua78930", "09:30"),  # modifier letter colon
        ("9\u00a030", "09:30"),  # no-break space
        ("9\u202f:\u202f30", "09:30"),  # narrow no-break spaces
        ("\u200b9:30\u200b", "09:30"),  # zero-width spaces
        ("\u200e21:00\u200f", "21:00"),  # direction marks
        ("\ufeff09:30", "09:30"),  # byte order mark
        ("9:30 ＰＭ", "21:30"),  # full-width letters
    ],
)
def test_times_people_type(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "tomorrow morning",
        "утром",
        "25",
        "24:30",
        "99",
        "9:60",
        "9:5",  # 9:05 or 9:50?
        "960",
        "12345",
        "-9",
        "9:30:00",
        "13 am",
        "0 am",
        "0 pm",
        "13 утра",
        "2 вечера",
        "7 ночи",
        "9 30 pm 5",
        "9:30 or 10",
        "22:00-08:00",  # a span where one time is wanted
        "1 2",
        "½",
        "9:30 ok",
        "I want to talk to someone",
    ],
)
def test_what_is_not_one_time(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-08:00", "22:00-08:00"),
        ("22-8", "22:00-08:00"),
        ("22 - 8", "22:00-08:00"),
        ("22:00 – 08:00", "22:00-08:00"),  # en dash
        ("22:00—08:00", "22:00-08:00"),  # em dash
        ("22:00−08:00", "22:00-08:00"),  # minus sign
        ("22:00‐08:00", "22:00-08:00"),  # hyphen
        ("21:00~07:00", "21:00-07:00"),
        ("22.00-08.00", "22:00-08:00"),
        ("22:00 08:00", "22:00-08:00"),
        ("22 8", "22:00-08:00"),
        ("10 30 11 30", "10:30-11:30"),
        ("08:00-22:00", "08:00-22:00"),  # a daytime span is fine too
        ("с 22 до 8", "22:00-08:00"),
        ("С 22:00 до 08:00", "22:00-08:00"),
        ("с 22:30 по 7", "22:30-07:00"),
        ("от 23 до 7 утра", "23:00-07:00"),
        ("между 23 и 7", "23:00-07:00"),
        ("с 10 вечера до 6 утра", "22:00-06:00"),
        ("from 10pm to 7am", "22:00-07:00"),
        ("10 pm - 7 am", "22:00-07:00"),
        ("between 11pm and 6am", "23:00-06:00"),
        ("23:00 until 07:00", "23:00-07:00"),
        ("22:00 till 8", "22:00-08:00"),
        ("２２：００－０８：００", "22:00-08:00"),  # full-width, with a full-width hyphen
        ("٢٢:٠٠-٠٨:٠٠", "22:00-08:00"),  # Arabic-Indic
        ("\u200b22:00 - 08:00\u200b", "22:00-08:00"),
        ("  22:00\u00a0-\u00a008:00 ", "22:00-08:00"),
        # kk, ky, uz: "from" and "to" are endings; tg: prepositions
        ("сағат 22-ден 8-ге", "22:00-08:00"),
        ("22-ден 8-ге дейін", "22:00-08:00"),
        ("саат 22ден 8ге чейин", "22:00-08:00"),
        ("23:00дөн 7:00гө", "23:00-07:00"),
        ("soat 22 dan 8 gacha", "22:00-08:00"),
        ("22:00dan 07:00gacha", "22:00-07:00"),
        ("аз 22 то 8", "22:00-08:00"),
        ("аз соати 22:00 то соати 7:00", "22:00-07:00"),
    ],
)
def test_spans_people_type(text: str, expected: str) -> None:
    assert parse_timerange(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "22",
        "22:00",
        "night",
        "22:00-22:00",  # starts and ends together: no span at all
        "с 8 до 8",
        "10pm-22:00",
        "22:00-25:00",
        "22-",
        "-8",
        "22 to",
        "10 11 12",  # 10:00-11:12 or 10:11-12:00?
        "22:00-08:00-09:00",
        "22:00 and then 08:00",
    ],
)
def test_what_is_not_one_span(text: str) -> None:
    assert parse_timerange(text) is None


def test_long_text_is_not_read_as_a_time() -> None:
    assert parse_time("9" + " " * 100 + ":30") == "09:30"  # runs of spaces count as one
    assert parse_time("at " * 30 + "9") is None
    assert parse_timerange("22 " + "-" * 5000 + " 8") is None
    assert parse_timerange("22 " * 2000) is None
