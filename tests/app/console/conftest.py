"""Fixtures for the console's use cases: services on a clock the test moves, in every
language, and staff and people as the escalation tests make them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.services import Services
from bot.i18n.catalogs import Catalogs
from bot.spec.locales import ALL_LOCALES
from tests.domain import conftest as domain
from tests.escalation.conftest import NOW, raise_for

__all__ = ["raise_for"]  # raising a case, with this folder's services

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Hands:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture(scope="module")
def base_services() -> Services:
    return replace(domain.make_services(ROOT / "flows"), catalogs=Catalogs(ALL_LOCALES))


@pytest.fixture
def hands() -> Hands:
    return Hands()


@pytest.fixture
def services(base_services: Services, hands: Hands) -> Services:
    return replace(base_services, clock=lambda: hands.now)
