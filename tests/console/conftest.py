"""Fixtures for the console's use cases: the cases' fixtures (a migrated database of each
kind, services on a fixed clock, people, staff), with Russian compiled so that words are
seen translated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.services import Services
from bot.i18n.catalogs import Catalogs
from tests.domain.conftest import make_services
from tests.escalation.conftest import NOW, ROOT, raise_for  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def services() -> Services:
    made = make_services(ROOT / "flows")
    return replace(made, clock=lambda: NOW, catalogs=Catalogs(("en", "ru")))
