"""Interface strings: the template is current and every enabled locale translates all of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.config import DEFAULT_LOCALES
from bot.i18n import texts
from bot.i18n.catalogs import LOCALES_DIR, CatalogError, Catalogs

REPO = Path(__file__).resolve().parents[2]


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_the_template_matches_the_strings_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "qadam.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "--no-location", "-o", str(fresh), "bot"],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    assert _ids(fresh) == _ids(LOCALES_DIR / "qadam.pot"), "run `make extract-messages`"


@pytest.mark.parametrize("locale", [loc for loc in DEFAULT_LOCALES if loc != "en"])
def test_every_enabled_locale_translates_every_string(locale: str) -> None:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "qadam.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert _ids(path) == _ids(LOCALES_DIR / "qadam.pot")


def test_interface_strings_are_translated_at_run_time() -> None:
    catalogs = Catalogs(DEFAULT_LOCALES)
    assert catalogs.gettext("ru", texts.HELP_MENU) == "Главное меню"
    assert catalogs.gettext("en", texts.HELP_MENU) == "Main menu"
    assert catalogs.supported("ru-RU") == "ru"
    assert catalogs.supported("de") is None


def test_an_enabled_locale_without_a_compiled_catalog_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="pybabel compile"):
        Catalogs(("en", "kk"), directory=tmp_path)
