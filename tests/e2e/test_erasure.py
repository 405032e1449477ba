"""/forget leaves no trace: after a case, a conversation with a counsellor, a note and
feedback, nothing in any table, in the messages still held for staff, in SQLite's files or
in the logs can be tied to the person, while a bystander's data is untouched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from bot.i18n import texts
from bot.outbox.queue import NO_PAYLOAD
from bot.sandbox.emulator import BotApiEmulator
from bot.storage import aad
from bot.storage.crypto import log_tag
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import every_value, table_rows

PERSON = 5559001
BYSTANDER = 5559002
# What the person writes: a name that exists nowhere else, so any copy of it is theirs.
WORDS = ("I want to die, only Zarinakhon knows", "Zarinakhon is with me now")
SECRET_WORD = "Zarinakhon"


def _text(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def _log_records(bot: InProcessBot) -> list[dict[str, Any]]:
    return [json.loads(line) for line in bot.logs().splitlines() if line.startswith("{")]


def _staff_texts(bot: InProcessBot, rows: list[dict[str, Any]]) -> list[str]:
    """What every outbox row still holds, decrypted as an auditor with the keys would."""
    cipher = bot.assembly.services.cipher
    return [
        cipher.decrypt(bytes(row["payload_enc"]), aad.outbox_payload(row["recipient"])).decode()
        for row in rows
        if bytes(row["payload_enc"]) != NO_PAYLOAD
    ]


async def test_forget_leaves_nothing_that_can_be_tied_to_the_person(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5559101, "Aigul", languages=("en",), on_duty=True)
    supervisor = await linked(emu, bot, 5559102, "Saule", "supervisor", ("en",), on_duty=True)
    bystander = emu.add_user(BYSTANDER, "Dilnoza")
    await onboard_in(bystander, "en")
    await bystander.send("I feel hopeless")
    [kept] = await table_rows(database_url, "participants")

    person = emu.add_user(PERSON, "Madina", username="madina_private")
    await onboard_in(person, "en")
    await person.send(WORDS[0])
    [row] = [r for r in await table_rows(database_url, "participants") if r["id"] != kept["id"]]
    code, key, salt = str(row["code"]), str(row["key"]), bytes(row["log_salt"])
    tag = log_tag(salt, code)
    await counsellor.tap(texts.CASE_CLAIM)
    before = len(person.messages())
    await counsellor.send(f"/reply {code} I am here for you.")
    await wait_for_bot(person, before)
    before = len(counsellor.messages())
    emu.world.person_says(person.person, WORDS[1])
    await wait_for_bot(counsellor, before)
    await counsellor.send(f"/note {code} Talked about {SECRET_WORD}")
    await person.tap(texts.RELAY_END)
    await person.tap(texts.FEEDBACK_RATINGS[1])
    await person.tap(texts.FEEDBACK_YES)  # something felt unsafe
    await supervisor.send(f"/case {code}")

    # Before: the traces the issue names are there to be erased.
    details = [row["detail"] for row in await table_rows(database_url, "audit_log")]
    assert any("felt_unsafe" in _text(detail) for detail in details)
    assert any(record.get("participant") == tag for record in _log_records(bot))
    assert any(SECRET_WORD in message.text for message in counsellor.messages())

    await person.send("/forget")
    await person.tap("Yes, delete everything")
    assert "Everything has been deleted" in person.messages()[-1].text
    told = [m.text for m in supervisor.messages() if m.sender == "bot"]
    assert told[-1] == texts.STAFF_PERSON_ERASED % {"code": code}

    # No table holds their code, key, log salt, Telegram id or words, in any cell.
    secrets = (code, key, str(PERSON), "madina_private", SECRET_WORD)
    cells = await every_value(database_url)
    leaks = [
        (table, column, secret)
        for table, column, value in cells
        for secret in secrets
        if value is not None and secret in _text(value)
    ]
    assert leaks == []
    assert not any(
        value is not None and salt in bytes(value)
        for _, _, value in cells
        if isinstance(value, bytes | bytearray | memoryview)
    )

    # Messages held for staff (or still for the person) say nothing about them either.
    outbox = await table_rows(database_url, "outbox")
    assert all(row["status"] in ("sent", "failed") for row in outbox)
    held = _staff_texts(bot, outbox)
    assert [text for text in held if code in text or SECRET_WORD in text] == []
    assert not any(r["recipient"] == f"p:{row['id']}" for r in outbox)

    # The stub: severity, times, "erased"; the audit keeps what staff did, not what was said.
    [stub] = [
        case
        for case in await table_rows(database_url, "escalations")
        if case["participant_id"] is None
    ]
    assert (stub["status"], stub["outcome"], stub["severity"]) == ("resolved", "erased", "high")
    assert (stub["rating"], stub["felt_unsafe"], stub["locale"], stub["evidence_enc"]) == (
        None,
        None,
        None,
        None,
    )
    audit = [
        r for r in await table_rows(database_url, "audit_log") if r["escalation_id"] == stub["id"]
    ]
    assert {r["action"] for r in audit} >= {"claimed", "wrote", "noted", "viewed", "erased"}
    assert [r for r in audit if r["detail"] is not None] == []
    assert [r for r in audit if r["action"] in ("feedback", "opened", "raised", "joined")] == []
    assert await table_rows(database_url, "case_messages") == []

    # SQLite: neither the database file nor its write-ahead log holds their bytes.
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        for file in (path, path.with_name(path.name + "-wal")):
            raw = file.read_bytes() if file.exists() else b""
            found = [s for s in (code, key) if s.encode() in raw] + (
                ["salt"] if salt in raw else []
            )
            assert found == [], file.name

    # The logs: never the code, and the person's tag can no longer be computed from anything
    # held; the bystander's still can, from their row.
    records = _log_records(bot)
    assert code not in bot.logs() and SECRET_WORD not in bot.logs()
    people = await table_rows(database_url, "participants")
    computable = {log_tag(bytes(p["log_salt"]), str(p["code"])) for p in people}
    tags = {str(record["participant"]) for record in records if "participant" in record}
    assert tag in tags and tag not in computable
    assert [p["id"] for p in people] == [kept["id"]] and computable <= tags
