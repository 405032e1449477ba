"""The words a pattern spells out: what a match can start with, and every word and stem."""

from __future__ import annotations

from bot.risk.patterns import compile_pattern
from bot.risk.words import forms


def test_alternatives_optional_words_and_stems() -> None:
    found = forms(
        compile_pattern(r"\b(?:хочу|хочется) (?:\w+ )?(?:умереть\b|сдох\w*)", "common").pattern
    )
    assert found.anchored
    assert found.first_words == {"хочу", "хочется"}
    assert found.words == {"хочу", "хочется", "умереть"}
    assert found.stems == {"сдох"}


def test_a_word_built_from_pieces_and_an_optional_space() -> None:
    found = forms(compile_pattern(r"\bне ?(?:хочу|хочется) жить\b", "common").pattern)
    assert found.first_words == {"не", "нехочу", "нехочется"}
    assert {"жить", "хочу"} <= found.words


def test_a_pattern_without_a_leading_boundary_or_with_an_open_start_can_start_anywhere() -> None:
    assert not forms(compile_pattern(r"(?<!не )жить", "common").pattern).anchored
    assert not forms(compile_pattern(r"\b(?:\w+ )?жить", "common").pattern).anchored


def test_lookarounds_spell_nothing_and_classes_spell_each_letter() -> None:
    found = forms(compile_pattern(r"\bбь[её]т\b(?! мяч)", "common").pattern)
    assert found.first_words == {"бьет"}
    uzbek = forms(compile_pattern(r"\boʻlgim kel\w*", "uzbek").pattern)
    assert uzbek.first_words == {"olgim", "ulgim"}
    assert uzbek.stems == {"kel"}
