"""The real instrument files, and answers that add up to a chosen total."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.engine.loader import load_instruments
from bot.engine.model import Instrument

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS_DIR = ROOT / "flows" / "instruments"
LOCALES = ("en", "ru", "kk", "ky", "uz", "tg")
NAMES = ("phq9", "phq2", "gad7", "gad2", "who5", "pcptsd5", "cries8")


@cache
def instruments() -> dict[str, Instrument]:
    return load_instruments(INSTRUMENTS_DIR, LOCALES)


def instrument(name: str) -> Instrument:
    return instruments()[name]


def answers_for(name: str, total: int) -> list[int]:
    """Some answers on the instrument's scale whose sum is `total`; AssertionError if none."""
    found = instrument(name)
    values = sorted((point.value for point in found.scale), reverse=True)

    @cache
    def fill(items: int, remaining: int) -> tuple[int, ...] | None:
        if items == 0:
            return () if remaining == 0 else None
        for value in values:
            if value <= remaining:
                rest = fill(items - 1, remaining - value)
                if rest is not None:
                    return (value, *rest)
        return None

    result = fill(len(found.items), total)
    assert result is not None, f"{name}: no answers add up to {total}"
    return list(result)
