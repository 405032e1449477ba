"""The service directory over a real database: the sample seed, editing, filtering, the
card in the person's language, and /services by category."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import directory, service_directory
from bot.app.entry import Sender
from bot.app.plans import NotAllowed
from bot.content.check import check_paths
from bot.directory import local_services
from bot.directory.local_services import ServiceData, ServiceError
from bot.directory.service_card import card
from bot.domain.services import Services
from bot.i18n.catalogs import Catalogs
from bot.outbox.queue import decode_payload
from bot.storage.models import AuditEvent, OutboxMessage, Participant, Staff
from tests.care.conftest import ROOT, app_of
from tests.escalation.conftest import NOW, Sessions, member, person

LEGAL = ServiceData(
    category="legal_aid",
    country="KZ",
    name="Legal clinic",
    contact="+7 727 000 00 00",
    languages=("ru", "kk"),
    region="Almaty",
    offers="Free advice on documents and courts",
    hours="Mon-Fri 09:00-18:00",
)


async def test_the_sample_seed_loads_once_into_an_empty_directory(sessions: Sessions) -> None:
    async with sessions() as db, db.begin():
        added = await local_services.seed_if_empty(db, ROOT / "flows", NOW)
        again = await local_services.seed_if_empty(db, ROOT / "flows", NOW)
        found = await local_services.listing(db)
    assert added == len(found) > 0 and again == 0
    assert all(s.sample and s.verified_on is None for s in found)


async def test_services_are_filtered_edited_deactivated_and_verified(sessions: Sessions) -> None:
    async with sessions() as db, db.begin():
        legal = await local_services.add(db, LEGAL, NOW)
        await local_services.add(db, ServiceData("health", "KG", "Clinic", "111", ("ky",)), NOW)
        assert [s.name for s in await local_services.listing(db, country="KZ")] == ["Legal clinic"]
        assert await local_services.listing(db, country="KZ", language="ky") == []
        assert await local_services.listing(db, category="health", language="ky") != []
        await local_services.edit(db, legal, replace(LEGAL, hours="24/7"), NOW)
        await local_services.verify(db, legal, date(2026, 11, 1), NOW)
        await local_services.set_active(db, legal, False, NOW)
        assert await local_services.listing(db, country="KZ") == []
        kept = await local_services.listing(db, country="KZ", active_only=False)
    assert kept[0].hours == "24/7" and kept[0].verified_on == date(2026, 11, 1)
    with pytest.raises(ServiceError, match="category"):
        ServiceData("magic", "KZ", "x", "y", ("ru",)).check()
    with pytest.raises(ServiceError, match="languages"):
        ServiceData("work", "KZ", "x", "y", ("fr",)).check()


async def test_a_card_has_the_fixed_labels_in_the_readers_language(sessions: Sessions) -> None:
    async with sessions() as db, db.begin():
        legal = await local_services.add(db, LEGAL, NOW)
        await local_services.verify(db, legal, date(2026, 11, 1), NOW)
    russian = card(Catalogs(("en", "ru")), "ru", legal)
    assert "Юридическая помощь" in russian and "Контакт: +7 727 000 00 00" in russian
    assert "Almaty" in russian and "Русский, Қазақша" in russian
    assert "Данные проверены 1 ноября 2026" in russian


async def test_services_browses_categories_of_the_persons_country(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services, country="KZ", locale="en")
    app = app_of(services)
    async with sessions() as db, db.begin():
        await local_services.add(db, LEGAL, NOW)
        await local_services.add(db, ServiceData("health", "KG", "Elsewhere", "111", ("ky",)), NOW)
        found = await db.get_one(Participant, someone.id)
        await directory.browse(db, app, found)
        await directory.category(db, app, Sender(1, 1), found, "svc:c:legal_aid")
        await directory.category(db, app, Sender(1, 1), found, "svc:c:../etc")
        rows = list(await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    payloads = [decode_payload(services.cipher, row) for row in rows]
    menu = [b[0]["callback_data"] for b in payloads[0]["reply_markup"]["inline_keyboard"]]
    assert menu == ["svc:c:legal_aid"]  # no health: that service is in another country
    assert payloads[1]["text"].startswith("Legal clinic\n(Legal help)")
    assert "Details not checked yet" in payloads[1]["text"]
    assert "Sorry, that button belongs to an earlier message." in payloads[2]["text"]


def test_flows_check_reads_the_sample_directory(tmp_path: Path) -> None:
    folder = tmp_path / "services"
    folder.mkdir()
    (folder / "directory.yaml").write_text(
        "services:\n  - {category: magic, country: KZ, name: x, contact: y, languages: [ru]}\n",
        encoding="utf-8",
    )
    [problem] = check_paths([folder / "directory.yaml"], ["en"])
    assert "category: one of health" in problem.message
    assert check_paths([ROOT / "flows" / "services" / "directory.yaml"], ["en"]) == []


async def test_only_admins_change_the_directory_and_each_change_is_audited(
    sessions: Sessions, services: Services
) -> None:
    admin = await member(sessions, services, role="admin")
    counsellor = await member(sessions, services)
    app = app_of(services)
    async with sessions() as db, db.begin():
        with pytest.raises(NotAllowed):
            await service_directory.add_service(
                db, app, await db.get_one(Staff, counsellor.id), LEGAL
            )
        boss = await db.get_one(Staff, admin.id)
        legal = await service_directory.add_service(db, app, boss, LEGAL)
        await service_directory.edit_service(db, app, boss, legal, replace(LEGAL, hours="24/7"))
        await service_directory.verify_service(db, app, boss, legal, date(2026, 11, 1))
        await service_directory.set_service_active(db, app, boss, legal, False)
        rows = list(await db.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [(r.action, r.staff_id) for r in rows] == [
        ("service_added", admin.id),
        ("service_edited", admin.id),
        ("service_verified", admin.id),
        ("service_deactivated", admin.id),
    ]
