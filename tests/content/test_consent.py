"""Consent is informed: both versions of it, in every language, name each point the
clinical review asked for (flows/onboarding.yaml lists them above `consent`).

Each point is held by a word that only a sentence making that point uses, per language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.spec.locales import ALL_LOCALES

ROOT = Path(__file__).resolve().parents[2]

# point -> locale -> a word (or stem) the sentence making that point carries.
POINTS: dict[str, dict[str, str]] = {
    "who runs it": {loc: "{organisation}" for loc in ALL_LOCALES},
    "not an emergency service": {loc: "112" for loc in ALL_LOCALES},
    "counsellors not always on duty": {
        "en": "not on duty all the time",
        "ru": "дежурят не всё время",
        "kk": "кезекшілікте бола бермейді",
        "ky": "кезметте боло бербейт",
        "uz": "doim navbatchilikda boʻlmaydi",
        "tg": "на ҳамеша навбатдор",
    },
    "counsellors read": {
        "en": "read",
        "ru": "чита",
        "kk": "оқиды",
        "ky": "окушат",
        "uz": "oʻqiydi",
        "tg": "мехонанд",
    },
    "a counsellor may write unasked": {
        "en": "without you asking",
        "ru": "без вашей просьбы",
        "kk": "сұрамасаңыз да",
        "ky": "сурабасаңыз да",
        "uz": "soʻramasangiz ham",
        "tg": "бе дархости шумо",
    },
    "kept 90 days": {loc: "90" for loc in ALL_LOCALES},
    "Telegram carries it, not end-to-end encrypted": {
        "en": "not end-to-end encrypted",
        "ru": "не защищен",
        "kk": "өтпелі шифрлаумен қорғалмаған",
        "ky": "учтан учка шифрлөө менен корголгон эмес",
        "uz": "uchdan-uchga shifrlash bilan himoyalanmagan",
        "tg": "ибтидо то интиҳо ҳифз нашуда",
    },
    "limits of confidentiality: a life": {
        "en": "life",
        "ru": "жизнь",
        "kk": "өміріне",
        "ky": "өмүрүнө",
        "uz": "hayoti",
        "tg": "ҳаёти",
    },
    "limits of confidentiality: a child": {
        "en": "child",
        "ru": "ребён",
        "kk": "бала",
        "ky": "бала",
        "uz": "bola",
        "tg": "кӯдак",
    },
    "delete everything": {loc: "/forget" for loc in ALL_LOCALES},
}


def _steps() -> dict[str, Any]:
    text = (ROOT / "flows" / "onboarding.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text)["steps"])


@pytest.mark.parametrize("step", ["consent", "consent_simple"])
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_consent_names_every_point(step: str, locale: str) -> None:
    text = _steps()[step]["say"][locale]
    missing = [point for point, words in POINTS.items() if words[locale] not in text]
    assert missing == [], f"{step} in {locale} does not say: {missing}"


def test_the_simple_version_is_offered_and_shorter() -> None:
    steps = _steps()
    [simpler] = [o for o in steps["consent"]["options"] if o.get("go") == "consent_simple"]
    assert simpler["save"] is False
    for locale in ALL_LOCALES:
        assert len(steps["consent_simple"]["say"][locale]) < len(steps["consent"]["say"][locale])


@pytest.mark.parametrize("step", ["consent", "consent_simple"])
def test_the_kazakh_consent_asks_for_agreement_not_convenience(step: str) -> None:
    question = _steps()[step]["ask"]["kk"]
    assert "Келісесіз" in question
    assert "қолайлы" not in question and "ыңғайлы" not in question


def test_the_welcome_promises_no_person_at_any_time() -> None:
    welcome = _steps()["welcome"]["say"]
    assert "we will help you reach a person" not in welcome["en"]
    for locale, words in POINTS["counsellors not always on duty"].items():
        assert words in welcome[locale], locale
