"""/history: a person's moods of the last 30 and 90 days in words, and as a PNG whose
dots sit exactly where the stored check-ins put them."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime, timedelta

from bot.app import chart_png, history
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_english
from tests.support.tables import table_rows


def pixels(png: bytes) -> tuple[int, list[bytes]]:
    """(width, rows of RGB bytes) of an 8-bit RGB PNG whose rows are all unfiltered."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
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
    words, photo = got[-2], got[-1]
    assert "Last 30 days: 1 check-ins, average mood 3.0 of 5" in words.text
    assert "Last 90 days: 2 check-ins, average mood 4.0 of 5" in words.text
    assert "Clear this chat" in [b["text"] for b in words.buttons()]
    assert photo.attachment == "photo" and photo.protect_content and photo.file_data

    stored = sorted(
        (row["created_at"], row["value"])
        for row in await table_rows(database_url, "answers")
        if row["var"] == "mood"
    )
    moods = [(_utc(at), value) for at, value in stored]
    assert [value for _, value in moods] == [5, 3]
    plot = history.mood_chart(moods, clock.now())
    assert plot.png == photo.file_data
    width, rows = pixels(photo.file_data)
    # 50 and 10 days ago, on an axis of the last 90 days, at moods 5 and 3 of 1 to 5.
    expected = [
        (16 + round(40 / 90 * (width - 32)), 16),
        (16 + round(80 / 90 * (width - 32)), 160),
    ]
    assert list(plot.points) == expected
    for x, y in expected:
        assert rows[y][3 * x : 3 * x + 3] == bytes(chart_png.DOT)
    assert rows[100][3 * 5 : 3 * 5 + 3] == bytes(chart_png.WHITE)


def _utc(value: object) -> datetime:
    """A stored moment as the bot reads it: SQLite hands back text without a zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
