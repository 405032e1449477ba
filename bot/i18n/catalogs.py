"""Load compiled catalogs once; hand out a translator per locale."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from babel.support import NullTranslations, Translations

DOMAIN = "qadam"
LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"


class CatalogError(RuntimeError):
    """A locale is enabled but its catalog is not compiled."""


class Catalogs:
    def __init__(self, locales: Sequence[str], directory: Path = LOCALES_DIR) -> None:
        self.default = locales[0] if locales else "en"
        self._by_locale: dict[str, NullTranslations] = {}
        for locale in locales:
            if locale == "en":
                # English is the source language: the msgids are the English text.
                self._by_locale[locale] = NullTranslations()
                continue
            mo = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
            if not mo.is_file():
                raise CatalogError(
                    f"locale {locale!r} is enabled but {mo} is missing: run "
                    f"`pybabel compile -d locales -D {DOMAIN}` (make does this)"
                )
            self._by_locale[locale] = Translations.load(directory, [locale], DOMAIN)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._by_locale)

    def supported(self, locale: str | None) -> str | None:
        """The enabled locale matching a Telegram language code like `ru` or `en-GB`."""
        if not locale:
            return None
        base = locale.split("-")[0].lower()
        return base if base in self._by_locale else None

    def gettext(self, locale: str | None, message: str) -> str:
        return self._translations(locale).gettext(message)

    def ngettext(self, locale: str | None, forms: tuple[str, str], count: int) -> str:
        """The plural form for `count` by the locale's own rules, with `%(num)d` filled in."""
        return self._translations(locale).ngettext(*forms, count) % {"num": count}

    def _translations(self, locale: str | None) -> NullTranslations:
        # Like flow texts, an unknown or disabled locale falls back to the English source.
        return self._by_locale.get(locale or self.default) or NullTranslations()
