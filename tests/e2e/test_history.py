"""/history: a person's moods of the last 30 and 90 days in words, and as a PNG whose
dots sit exactly where the stored check-ins put them."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import UTC, datetime, timedelta

from bot.app import chart_png, history
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_english, onboard_in
from tests.support.tables import table_rows


def pixels(png: bytes | None) -> tuple[int, list[bytes]]:
    """(width, rows of RGB bytes) of an 8-bit RGB PNG whose rows are all unfiltered."""
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    at, data, width = 8, b"", 0
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(
            kind + body
        )
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2)
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 3 * width
    rows = [raw[i : i + stride] for i in range(0, len(raw), stride)]
    assert all(row[0] == 0 for row in rows)
    return width, [row[1:] for row in rows]


async def test_history_draws_the_stored_check_ins_and_tells_them_in_words(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    user = emu.add_user(5584001, "Test")
    await onboard_english(user)
    await user.tap("Check in now")
    await user.tap("😊 Good")
    clock.advance(timedelta(days=40))
    await user.send("/menu")
    await user.tap("Check in now")
    await user.tap("😐 So-so")
    clock.advance(timedelta(days=10))

    got = await user.send("/history")
    words, month, quarter = got[-3:]
    assert "Last 30 days: 1 check-ins, average mood 3.0 of 5" in words.text
    assert "Last 90 days: 2 check-ins, average mood 4.0 of 5" in words.text
    assert "Clear this chat" in [b["text"] for b in words.buttons()]
    for photo in (month, quarter):
        assert photo.attachment == "photo" and photo.protect_content and photo.file_data
    assert month.text.startswith("Your mood, last 30 days")
    assert quarter.text.startswith("Your mood, last 90 days")

    stored = sorted(
        (row["created_at"], row["value"])
        for row in await table_rows(database_url, "answers")
        if row["var"] == "mood"
    )
    moods = [(_utc(at), value) for at, value in stored]
    assert [value for _, value in moods] == [5, 3]
    plot = history.mood_chart(moods, clock.now())
    assert plot.png == quarter.file_data
    width, rows = pixels(quarter.file_data)
    # 50 and 10 days ago, on an axis of the last 90 days, at moods 5 and 3 of 1 to 5.
    expected = [
        (_x(40 / 90, width), _y(1.0)),
        (_x(80 / 90, width), _y(0.5)),
    ]
    assert list(plot.points) == expected
    for x, y in expected:
        assert rows[y][3 * x : 3 * x + 3] == bytes(chart_png.DOT)
    assert rows[100][3 * 5 : 3 * 5 + 3] == bytes(chart_png.WHITE)
    # Readable on a phone: each mood written beside its grid line, dates under the axis.
    ink = bytes(chart_png.INK)
    for mood in range(1, 6):
        beside = rows[_y((mood - 1) / 4) - 4][: 3 * chart_png.LEFT]
        assert ink in [beside[i : i + 3] for i in range(0, len(beside), 3)]
    under = b"".join(rows[320 - chart_png.BOTTOM + 12 : 320 - chart_png.BOTTOM + 32])
    assert sum(under[i : i + 3] == ink for i in range(0, len(under), 3)) > 400

    # The last 30 days hold only the second check-in, 10 days ago: 20 days into the axis.
    width, rows = pixels(month.file_data)
    [(x, y)] = history.mood_chart(moods[1:], clock.now(), 30).points
    assert (x, y) == (_x(20 / 30, width), _y(0.5))
    assert rows[y][3 * x : 3 * x + 3] == bytes(chart_png.DOT)


async def test_history_charts_each_questionnaire_against_its_bands(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    user = emu.add_user(5584002, "Test")
    await onboard_english(user)
    await user.tap("Questions about how I've been")
    await user.tap("Worry and tension")
    for answer in ["Not at all", "Not at all"]:
        await user.tap(answer)
    clock.advance(timedelta(days=20))
    await user.send("/menu")
    await user.tap("Questions about how I've been")
    await user.tap("Worry and tension")
    # GAD-2 of 3 leads on to GAD-7, here 10: "moderate".
    gad7 = ["More than half the days"] * 5 + ["Not at all"] * 2
    for answer in ["Several days", "More than half the days", *gad7]:
        await user.tap(answer)
    clock.advance(timedelta(days=5))

    got = await user.send("/history")
    words, gad2_photo, gad7_photo = got[-3:]
    assert "Last 90 days: no mood check-ins" in words.text
    assert "Worry and tension questionnaire (GAD-7): 10" in words.text
    assert gad7_photo.text.startswith(
        "Worry and tension questionnaire (GAD-7), last 90 days: your scores"
    )
    assert "mild 5, moderate 10, severe 15" in gad7_photo.text
    assert "positive screen 3" in gad2_photo.text
    assert all(p.protect_content for p in (gad2_photo, gad7_photo))

    measures = sorted(
        (_utc(row["taken_at"]), row["instrument"], row["total"])
        for row in await table_rows(database_url, "measures")
    )
    assert [(name, total) for _, name, total in measures] == [
        ("gad2", 0),
        ("gad2", 3),
        ("gad7", 10),
    ]
    now = clock.now()
    for photo, name, highest in ((gad2_photo, "gad2", 6), (gad7_photo, "gad7", 21)):
        width, rows = pixels(photo.file_data)
        for taken, _, total in (m for m in measures if m[1] == name):
            x = _x((90 - (now - taken).total_seconds() / 86400) / 90, width)
            y = _y(total / highest)
            assert rows[y][3 * x : 3 * x + 3] == bytes(chart_png.DOT)
    # GAD-7's thresholds: mild from 5, away from the one dot.
    width, rows = pixels(gad7_photo.file_data)
    threshold = _y(5 / 21)
    x = chart_png.LEFT + 4
    assert rows[threshold][3 * x : 3 * x + 3] == bytes(chart_png.MARK)


async def test_a_caregiver_sees_their_check_ins_about_the_child(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    user = emu.add_user(5584003, "Test")
    await onboard_in(user, "en", role="caregiver", child_age="0-5")
    for taps in (
        ["Well", "Yes, as usual", "No, not really"],
        ["Badly most nights", "Less than usual", "Often"],
    ):
        await user.send("/menu")
        await user.tap("Questions about how I've been")
        await user.tap("How the child is doing")
        for answer in taps:
            await user.tap(answer)
        await user.tap("Manageable")
        clock.advance(timedelta(days=7))

    got = await user.send("/history")
    words, photo = got[-2:]
    assert "Check-ins about your child in the last 90 days: 2" in words.text
    assert photo.text.startswith("Your child's weeks, last 90 days: sleep (blue)")
    assert photo.protect_content

    # Each check-in is drawn where it began, at its first question (sleep).
    weeks: dict[datetime, dict[str, int]] = {}
    stored = await table_rows(database_url, "answers")
    for row in sorted(stored, key=lambda row: (_utc(row["created_at"]), row["id"])):
        if row["var"] in history.CHILD_ANSWERS:
            if row["var"] == "child_sleep":
                began = _utc(row["created_at"])
            level = history.CHILD_ANSWERS[row["var"]][str(_json(row["value"]))]
            weeks.setdefault(began, {})[row["var"]] = level
    assert list(weeks.values()) == [
        {"child_sleep": 3, "child_play": 3, "child_fears": 3},
        {"child_sleep": 1, "child_play": 2, "child_fears": 1},
    ]
    width, rows = pixels(photo.file_data)
    now = clock.now()
    for at, week in weeks.items():
        x = _x((90 - (now - at).total_seconds() / 86400) / 90, width)
        for level in week.values():
            y = _y((level - 1) / 2)
            # Dots at the same height overlap: the line drawn last shows.
            shown = [v for v in history.CHILD_ANSWERS if week[v] == level][-1]
            assert rows[y][3 * x : 3 * x + 3] == bytes(history.CHILD_COLOURS[shown])


async def test_in_discreet_mode_history_opens_every_message_with_the_neutral_line(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5584004, "Test")
    await onboard_english(user)
    await user.tap("Check in now")
    await user.tap("😢 Very low")
    await user.send("/settings")
    await user.tap("Discreet mode")
    await user.tap("Turn on")

    got = await user.send("/history")
    assert [m.attachment for m in got] == [None, "photo", "photo"]
    assert {m.text.split("\n")[0] for m in got} == {"A message for you"}
    assert all(m.protect_content for m in got)


def _json(value: object) -> object:
    """A JSON cell as read back without the model: SQLite gives a string as its JSON text,
    PostgreSQL as the string."""
    return json.loads(value) if isinstance(value, str) and value.startswith('"') else value


def _utc(value: object) -> datetime:
    """A stored moment as the bot reads it: SQLite hands back text without a zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _x(part: float, width: int) -> int:
    """Where a point `part` of the way along the days falls, in pixels."""
    return chart_png.LEFT + round(part * (width - chart_png.LEFT - chart_png.RIGHT))


def _y(part: float, height: int = 320) -> int:
    """Where a value `part` of the way up the scale falls, in pixels."""
    plot = height - chart_png.TOP - chart_png.BOTTOM
    return height - chart_png.BOTTOM - round(part * plot)
