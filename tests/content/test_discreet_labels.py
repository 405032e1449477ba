"""In discreet mode the buttons for a counsellor are shown neutral: they are recognised by
their words, so every flow's button must use the words the catalogs know, in every
language."""

from __future__ import annotations

from pathlib import Path

from bot.domain.messaging import DISCREET_LABELS, without_emoji
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.spec.locales import ALL_LOCALES

ROOT = Path(__file__).resolve().parents[2]
FLOWS = load_library(ROOT / "flows", ALL_LOCALES)


def test_every_flow_button_for_a_counsellor_is_known_in_every_language() -> None:
    catalogs = Catalogs(ALL_LOCALES)
    unknown = []
    for flow in FLOWS.flows.values():
        for name, step in flow.steps.items():
            for option in step.options or ():
                english = without_emoji(option.text["en"])
                if english not in DISCREET_LABELS:
                    continue
                for locale in ALL_LOCALES:
                    words = without_emoji(option.text[locale])
                    if catalogs.gettext(locale, english) != words:
                        unknown.append(f"{flow.flow}.{name} {locale}: {words}")
    assert unknown == []
