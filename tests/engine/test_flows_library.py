"""The shipped flows pass `qadam flows check` and keep to the content rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.lint import check_paths
from bot.engine.loader import load_library

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ["en", "ru"]
BANNED = (
    "returnee",
    "extremis",
    "radicali",
    "terroris",
    "возвращен",
    "экстремис",
    "радикал",
    "террор",
)


def test_flows_check_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert [str(problem) for problem in check_paths([Path("flows")], LOCALES)] == []


def test_no_labels_in_anything_a_user_reads() -> None:
    for path in sorted((ROOT / "flows").glob("*.yaml")):
        text = path.read_text(encoding="utf-8").lower()
        assert not [word for word in BANNED if word in text], path.name


def test_library_has_the_core_flows() -> None:
    library = load_library(ROOT / "flows", LOCALES)
    assert {"onboarding", "menu", "daily-checkin", "breathing"} <= set(library.flows)
