"""The languages Qadam speaks."""

from __future__ import annotations

# Every locale Qadam has texts for; flows and catalogs are translated into all of them.
ALL_LOCALES = ("en", "ru", "kk", "ky", "uz", "tg")
