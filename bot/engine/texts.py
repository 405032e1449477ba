"""Choosing the text to show: the person's locale, else English, else any."""

from __future__ import annotations

import re
from collections.abc import Mapping

SOURCE_LOCALE = "en"

# Where a language marks the speaker's gender (Russian "Я был бодрым"), a text gives the word
# in three forms, `{male|female|unsaid}`: "Я {был бодрым|была бодрой|был(а) бодрым(ой)}".
# The person's own answer chooses; the third form serves "prefer not to say" and the unasked.
GENDERED = re.compile(r"\{([^{}|]*)\|([^{}|]*)\|([^{}|]*)\}")
_FORM = {"male": 1, "female": 2}


def resolve(text: Mapping[str, str], locale: object, gender: object = None) -> str:
    if isinstance(locale, str) and locale in text:
        chosen = text[locale]
    elif SOURCE_LOCALE in text:
        chosen = text[SOURCE_LOCALE]
    else:
        chosen = next(iter(text.values()))
    form = _FORM.get(gender, 3) if isinstance(gender, str) else 3
    return GENDERED.sub(lambda match: match.group(form), chosen)
