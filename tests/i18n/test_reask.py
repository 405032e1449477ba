"""Every reason the engine can ask a question again has a note, in every language."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.engine.effects import Reask
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.spec.locales import ALL_LOCALES


def test_every_reask_has_a_note() -> None:
    assert set(texts.REASK) == set(get_args(Reask))


@pytest.mark.parametrize("locale", [loc for loc in ALL_LOCALES if loc != "en"])
def test_every_reask_note_is_translated(locale: str) -> None:
    catalogs = Catalogs(ALL_LOCALES)
    for note in texts.REASK.values():
        assert catalogs.gettext(locale, note) != note, (locale, note)


def test_the_time_notes_show_the_shape_the_engine_reads() -> None:
    catalogs = Catalogs(ALL_LOCALES)
    for locale in ALL_LOCALES:
        assert "09:30" in catalogs.gettext(locale, texts.REASK_TIME)
        assert "22:00-08:00" in catalogs.gettext(locale, texts.REASK_TIMERANGE)
