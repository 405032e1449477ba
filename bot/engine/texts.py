"""Choosing the text to show: the person's locale, else English, else any."""

from __future__ import annotations

from collections.abc import Mapping

SOURCE_LOCALE = "en"


def resolve(text: Mapping[str, str], locale: object) -> str:
    if isinstance(locale, str) and locale in text:
        return text[locale]
    if SOURCE_LOCALE in text:
        return text[SOURCE_LOCALE]
    return next(iter(text.values()))
