"""`check(rules, text, lang)`: the highest severity, sorted ids and categories, which
languages are checked, and how `unless` idioms excuse a match."""

from __future__ import annotations

import dataclasses

import pytest

from bot.risk import RiskRules, Rule, check, languages_for, require_language
from bot.risk.errors import UnknownLanguage
from bot.risk.model import Language
from bot.risk.patterns import compile_pattern
from bot.risk.rules import VIEWS_OF
from bot.spec.severity import Severity
from tests.risk.helpers import rules


def rule(
    rule_id: str, severity: Severity, patterns: list[str], unless: list[str] | None = None
) -> Rule:
    category, lang, _ = rule_id.split(".")
    language: Language = require_language(lang)
    view = VIEWS_OF[language][0]
    return Rule(
        id=rule_id,
        category=category,  # type: ignore[arg-type]
        lang=language,
        severity=severity,
        view=view,
        patterns=tuple(compile_pattern(p, view) for p in patterns),
        unless=tuple(compile_pattern(p, view) for p in unless or []),
    )


def test_the_highest_severity_wins_and_ids_and_categories_are_sorted() -> None:
    result = check(rules(), "муж бьёт меня, я не хочу жить, хочу убить себя", "ru")
    assert result.severity == "critical"
    assert result.matches == (
        "abuse.ru.hurts_me",
        "suicide.ru.kill_myself",
        "suicide.ru.not_want_to_live",
    )
    assert result.categories == ("abuse", "suicide")
    assert result.flagged


def test_nothing_found_is_severity_none() -> None:
    result = check(rules(), "Спасибо, сегодня лучше", "ru")
    assert (result.severity, result.matches, result.categories) == ("none", (), ())
    assert not result.flagged


def test_a_real_signal_next_to_an_idiom_still_fires() -> None:
    result = check(rules(), "this exam is killing me and I want to kill myself", "en")
    assert result.matches == ("suicide.en.kill_myself",)


@pytest.mark.parametrize(
    ("lang", "checked"),
    [
        ("kk", ("en", "ru", "kk")),
        ("ky", ("en", "ru", "ky")),
        ("uz", ("en", "ru", "uz")),
        ("tg", ("en", "ru", "tg")),
        ("ru", ("en", "ru", "kk", "ky", "uz", "tg")),
        ("en", ("en", "ru", "kk", "ky", "uz", "tg")),
        (None, ("en", "ru", "kk", "ky", "uz", "tg")),
        ("fr", ("en", "ru", "kk", "ky", "uz", "tg")),
    ],
)
def test_russian_and_english_are_always_checked(lang: str | None, checked: tuple[str]) -> None:
    assert languages_for(lang) == checked
    assert check(rules(), "", lang).languages == checked


def test_a_local_language_is_checked_for_a_russian_interface() -> None:
    # People often choose Russian for reading and still write in their own language.
    assert "suicide.kk.want_to_die" in check(rules(), "өлгім келеді", "ru").matches


def test_only_the_persons_language_of_the_local_ones_is_checked() -> None:
    assert check(rules(), "мурдан мехоҳам", "kk").severity == "none"
    assert check(rules(), "мурдан мехоҳам", "tg").severity == "high"


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(UnknownLanguage, match="unknown language 'xx'; risk rules exist for en"):
        require_language("xx")


def test_an_idiom_excuses_only_a_match_it_covers_entirely() -> None:
    found = RiskRules(
        (
            rule(
                "harm_others.en.kill_you",
                "high",
                [r"\bkill you\b"],
                unless=[r"\bkill you with kindness\b", r"\byou with\b"],
            ),
        )
    )
    assert check(found, "I will kill you with kindness", "en").severity == "none"
    # "you with" overlaps the match but does not cover it: the match stands.
    assert check(found, "I will kill you with a knife", "en").severity == "high"
    # One excused match does not hide another one.
    text = "I'll kill you with kindness. No, I will kill you."
    assert check(found, text, "en").matches == ("harm_others.en.kill_you",)


def test_uzbek_rules_read_both_scripts() -> None:
    latin = check(rules(), "oʻzimni oʻldiraman", "uz")
    cyrillic = check(rules(), "ЎЗИМНИ ЎЛДИРАМАН", "uz")
    assert latin.matches == cyrillic.matches == ("suicide.uz.kill_myself",)


def test_a_long_message_is_checked_whole() -> None:
    text = "Сегодня был обычный день. " * 160 + "Я не хочу жить."
    assert len(text) > 4000
    assert check(rules(), text, "ru").matches == ("suicide.ru.not_want_to_live",)


def test_a_rule_with_a_context_fires_only_when_the_context_is_there_too() -> None:
    found = RiskRules(
        (
            rule("suicide.en.go_to_them", "high", [r"\bwant to be with them\b"]),
            dataclasses.replace(
                rule("suicide.en.go_to_the_dead", "high", [r"\bwant to be with them\b"]),
                context=(compile_pattern(r"\b(?:died|dead)\b", "common"),),
            ),
        )
    )
    assert check(found, "I want to be with them", "en").matches == ("suicide.en.go_to_them",)
    assert check(found, "they died and I want to be with them", "en").matches == (
        "suicide.en.go_to_the_dead",
        "suicide.en.go_to_them",
    )


def test_russian_typed_in_latin_letters_fires_the_russian_rules() -> None:
    for typed in ("ne hochu zhit", "ne xochu jit", "pokonchit s soboi", "Я hochu umeret"):
        result = check(rules(), typed, "ru")
        assert "suicide" in result.categories, typed
        assert all(rule_id.split(".")[1] == "ru" for rule_id in result.matches), typed


def test_a_message_without_latin_letters_is_not_read_as_translit() -> None:
    # The view costs a pass over the message; a Cyrillic one gains nothing from it.
    assert check(rules(), "не хочу жить", "ru").matches == ("suicide.ru.not_want_to_live",)
