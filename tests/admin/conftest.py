"""The console app in the test's event loop, on a migrated database of each kind."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.web import Application, Request

from admin.app import build_console_app
from admin.console.context import ConsoleContext
from admin.console.limits import Limits
from bot.app import content_revisions
from bot.domain.services import Services
from tests.app.console.conftest import ROOT, base_services, hands, services
from tests.care.conftest import app_of
from tests.escalation.conftest import Sessions, raise_for

__all__ = ["base_services", "hands", "raise_for", "services"]


async def _healthy() -> dict[str, object]:
    return {"ok": True}


@pytest.fixture
def limits() -> Limits:
    return Limits(per_client=50, overall=100)


@pytest.fixture
async def client(
    sessions: Sessions, services: Services, limits: Limits
) -> AsyncIterator[TestClient[Request, Application]]:
    # As `qadam run` does before it serves: the files become the published revisions.
    async with sessions() as db, db.begin():
        await content_revisions.seed_if_empty(db, ROOT / "flows", services.clock(), None)
    context = ConsoleContext(
        services,
        sessions,
        secure_cookies=True,
        signin_limits=limits,
        app=app_of(services),
    )
    app = build_console_app(health=_healthy, console=context)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client
