"""Interface strings: the template is current and every enabled locale translates all of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.i18n import texts
from bot.i18n.catalogs import LOCALES_DIR, CatalogError, Catalogs
from bot.spec.locales import ALL_LOCALES

REPO = Path(__file__).resolve().parents[2]
# printf-style `%(num)d` and format-style `{name}` placeholders.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_][a-z0-9_.]*\}")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_the_template_matches_the_strings_in_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "qadam.pot"
    # What `make extract-messages` runs (`pybabel extract`), in this process.
    monkeypatch.chdir(REPO)
    CommandLineInterface().run(
        ["pybabel", "--quiet", "extract", "-F", "babel.cfg", "-k", "N_", "-k", "NP_:1,2",
         "--no-location", "-o", str(fresh), "bot"]
    )  # fmt: skip
    assert _ids(fresh) == _ids(LOCALES_DIR / "qadam.pot"), "run `make extract-messages`"


TRANSLATED = [loc for loc in ALL_LOCALES if loc != "en"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_locale_translates_every_string(locale: str) -> None:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "qadam.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert _ids(path) == _ids(LOCALES_DIR / "qadam.pot")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_headers_name_the_language_and_its_plural_rule(locale: str) -> None:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "qadam.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == locale
    expected = Catalog(locale=locale).plural_forms
    assert catalog.plural_forms == expected
    # Machine-made drafts say so until a native speaker has read them.
    assert "not yet reviewed" in (catalog.last_translator or "")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_survive_translation(locale: str) -> None:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "qadam.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(str(ids[-1])))
        for string in strings:
            assert set(PLACEHOLDER.findall(str(string))) == wanted, (message.id, string)


def test_every_locale_loads_at_run_time() -> None:
    catalogs = Catalogs(ALL_LOCALES)
    assert catalogs.locales == ALL_LOCALES
    for locale in TRANSLATED:
        assert catalogs.gettext(locale, texts.HELP_MENU) != texts.HELP_MENU, locale
    assert catalogs.supported("uz-UZ") == "uz"


def test_interface_strings_are_translated_at_run_time() -> None:
    catalogs = Catalogs(ALL_LOCALES)
    assert catalogs.gettext("ru", texts.HELP_MENU) == "Главное меню"
    assert catalogs.gettext("en", texts.HELP_MENU) == "Main menu"
    assert catalogs.supported("ru-RU") == "ru"
    assert catalogs.supported("de") is None


def test_an_enabled_locale_without_a_compiled_catalog_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="pybabel compile"):
        Catalogs(("en", "kk"), directory=tmp_path)
