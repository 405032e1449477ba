"""No Telegram id, username or name reaches the database or the logs."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.support.bot_process import BotProcess
from tests.support.onboarding import onboard_english
from tests.support.tables import every_value

USER_ID = 918273645
USERNAME = "amina_k_secret"
FIRST_NAME = "Aminakhon"
LAST_NAME = "Karimova-Test"
IDENTITY = (str(USER_ID), USERNAME, FIRST_NAME, LAST_NAME)


def _text(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


async def test_identity_is_in_no_table_and_no_log_line(
    emulator: tuple[BotApiEmulator, str], bot_process: BotProcess, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(
        USER_ID, FIRST_NAME, last_name=LAST_NAME, username=USERNAME, language_code="en"
    )
    await onboard_english(user)
    await user.send(f"my name is {FIRST_NAME}")  # typed where a button is expected
    await user.send("/help")
    await user.tap("Talk to a counsellor")
    await user.send("/settings")

    cells = await every_value(database_url)
    tables = {table for table, _, _ in cells}
    assert {"participants", "flow_states", "answers", "outbox", "escalations"} <= tables
    leaks = [
        (table, column)
        for table, column, value in cells
        for secret in IDENTITY
        if value is not None and secret in _text(value)
    ]
    assert leaks == []

    logs = bot_process.logs()
    assert "participant" in logs  # the logs do name people: by a tag (see test_erasure)
    assert [secret for secret in IDENTITY if secret in logs] == []
