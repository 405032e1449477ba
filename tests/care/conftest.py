"""Fixtures for plans, services and referrals: those of the cases tests, and an `App`."""

from __future__ import annotations

from pathlib import Path

from bot.app.context import App
from bot.domain.services import Services
from bot.risk import RISK_DIR, load_rules
from tests.escalation.conftest import raise_for, services

__all__ = ["raise_for", "services"]

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "flows" / RISK_DIR)


def app_of(services: Services) -> App:
    return App(services, RULES)
