"""Patterns are written in ordinary spelling and folded like messages; syntax is kept."""

from __future__ import annotations

import pytest

from bot.risk.normalise import View, normalise
from bot.risk.patterns import PatternError, compile_pattern, fold_pattern


@pytest.mark.parametrize(
    ("source", "view", "folded"),
    [
        (r"\bөлгім ке\w*", "common", r" олгим ке\w*"),
        (
            r"\bхочу (?:\w+ )?(?:умереть|сдохнуть)\b",
            "common",
            r" хочу (?:\w+ )?(?:умереть|сдохнуть)\b",
        ),
        (r"\bkill(?:ing|ed)? my ?self\b", "common", r" kil(?:ing|ed)? my ?self\b"),
        (r"\bdon’t want\b", "common", r" dont want\b"),
        (r"бь[её]т", "common", "бь[ее]т"),
        (r"[^ё]", "common", "[^е]"),
        (r"\bжить{1,2}", "common", r" жить{1,2}"),
        (r"(?<!не )жить", "common", "(?<!не )жить"),
        (r"\boʻzimni (?:oʻzim )?oʻldir\w*", "uzbek", r" [ou]zimni (?:[ou]zim )?[ou]ldir\w*"),
        (r"\byoʻq\b", "uzbek", r" y[ou]k\b"),
        (r"\bxohla\w*", "uzbek", r" hohla\w*"),
        (r"\bmaʼnosi", "uzbek", r" manosi"),
    ],
)
def test_letters_fold_and_syntax_stays(source: str, view: View, folded: str) -> None:
    assert fold_pattern(source, view) == folded


@pytest.mark.parametrize(
    ("source", "view", "typed"),
    [
        (r"\bөлгім ке\w*", "common", "Олгим келеди"),
        (r"\bжить не ?хочется\b", "common", "жииить нехочется"),
        (r"\boʻlgim kel\w*", "uzbek", "улгим келяпти"),
        (r"\boʻlgim kel\w*", "uzbek", "o`lgim kelyapti"),
        (r"\bhayotdan toʻydim\b", "uzbek", "ХАЁТДАН ТЎЙДИМ"),
    ],
)
def test_a_folded_pattern_matches_what_people_type(source: str, view: View, typed: str) -> None:
    assert compile_pattern(source, view).search(normalise(typed, view))


@pytest.mark.parametrize(
    ("source", "view", "message"),
    [
        (r"(?P<x>жить)", "common", "no named groups or inline flags"),
        (r"(?i)жить", "common", "no named groups or inline flags"),
        (r"хоч(у", "common", "not a valid regular expression"),
        (r"\bsee?\b", "common", "the quantifier after 'see' would apply to a different letter"),
        (r"\bdon'?t", "common", 'the quantifier after "don\'" would apply'),
        (r"\bўлгим", "uzbek", "write Uzbek patterns in Latin script"),
        (r"[ш]", "uzbek", "write Uzbek patterns in Latin script"),
    ],
)
def test_patterns_that_cannot_work_are_refused(source: str, view: View, message: str) -> None:
    with pytest.raises(PatternError) as error:
        compile_pattern(source, view)
    assert message in str(error.value)
