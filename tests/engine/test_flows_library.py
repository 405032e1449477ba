"""The shipped flows pass `qadam flows check` in every locale (labels: tests/content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.check import check_paths
from bot.engine.loader import load_library
from bot.spec.locales import ALL_LOCALES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ALL_LOCALES


def test_flows_check_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert [str(problem) for problem in check_paths([Path("flows")], LOCALES)] == []


def test_library_has_the_core_flows() -> None:
    library = load_library(ROOT / "flows", LOCALES)
    assert {"onboarding", "menu", "daily-checkin", "breathing"} <= set(library.flows)
