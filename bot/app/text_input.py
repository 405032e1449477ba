"""Cleaning what people type before the engine sees it."""

from __future__ import annotations

import unicodedata

# Bidirectional marks and zero-width characters carry no meaning for answers but make an
# otherwise empty message look non-empty.
_INVISIBLE = {"Cf"}


def clean(text: str | None) -> str | None:
    """NFC-normalised text without control characters; None when nothing readable is left."""
    if text is None:
        return None
    normalised = unicodedata.normalize("NFC", text)
    kept = "".join(
        ch
        for ch in normalised
        if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", *_INVISIBLE}
    ).strip()
    return kept or None
