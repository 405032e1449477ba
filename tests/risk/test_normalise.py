"""The normaliser: what people type becomes the plain form patterns are written against."""

from __future__ import annotations

import pytest

from bot.risk.normalise import fold_letters, normalise


@pytest.mark.parametrize(
    ("typed", "common"),
    [
        ("Я НЕ ХОЧУ ЖИТЬ!!!", " я не хочу жить "),
        ("Её ёлка", " е елка "),  # её -> ее -> е, on both sides
        ("убийство", " убиство "),
        ("подъезд", " подьезд "),
        ("нееееет", " нет "),
        ("I dooon't", " i dont "),
        ("kill", " kil "),
    ],
    ids=["case-punctuation", "yo", "short-i", "hard-sign", "repeats", "apostrophe", "double"],
)
def test_case_spelling_variants_and_repeats(typed: str, common: str) -> None:
    assert normalise(typed) == common


@pytest.mark.parametrize(
    ("typed", "common"),
    [
        ("өлгім келеді", " олгим келеди "),
        ("Қазақ ғана ұлы әлем һәм үй", " казак гана улы алем хам уи "),
        ("жашоонун маңызы", " жашонун манызы "),
        ("зиндагӣ ҷой ҳам хӯрдан", " зиндаги чои хам хурдан "),
        ("ўзимни", " узимни "),
    ],
    ids=["kazakh", "kazakh-letters", "kyrgyz", "tajik", "uzbek-cyrillic"],
)
def test_central_asian_letters_fold_to_the_russian_keyboard(typed: str, common: str) -> None:
    assert normalise(typed) == common


def test_latin_look_alikes_in_a_cyrillic_word_become_cyrillic() -> None:
    # x, o, y, p and the e of НeТ are Latin here.
    assert normalise("xoчу yмеpеть") == " хочу умереть "
    assert normalise("НeТ") == " нет "


def test_cyrillic_look_alikes_in_a_latin_word_become_latin() -> None:
    assert normalise("kill mysеlf") == " kil myself "  # Cyrillic е
    assert normalise("wаnt") == " want "  # Cyrillic а


def test_digits_inside_words_read_as_letters_and_numbers_stay() -> None:
    assert normalise("k1ll") == " kil "
    assert normalise("уб0ю 112") == " убою 12 "


def test_words_in_one_script_are_left_alone() -> None:
    assert normalise("ok хорошо") == " ok хорошо "


def test_invisible_marks_emoji_and_punctuation() -> None:
    assert normalise("не\u200b хо\u00adчу\u200d жить 😢🙏🏽") == " не хочу жить "
    assert normalise("\u202eжить\u202c") == " жить "
    assert normalise("по-моему, да") == " по моему да "
    assert normalise("") == " "
    assert normalise("!!! 😢") == " "


def test_sentence_ends_stay_so_a_pattern_cannot_run_into_the_next_sentence() -> None:
    assert normalise("Меня бьёт дрожь. Меня...") == " меня бьет дрожь . меня "
    assert normalise("не хочу!\nжить?!") == " не хочу . жить "


@pytest.mark.parametrize("apostrophe", ["ʻ", "'", "`", "’", "‘", "ʼ"])
def test_every_uzbek_apostrophe_is_the_same(apostrophe: str) -> None:
    assert normalise(f"o{apostrophe}zimni o{apostrophe}ldiraman", "uzbek") == (" ozimni oldiraman ")


def test_uzbek_cyrillic_is_transliterated_to_latin() -> None:
    assert normalise("Ўзимни ўлдираман", "uzbek") == " ozimni oldiraman "
    assert normalise("яшагим келмаяпти", "uzbek") == " yashagim kelmayapti "
    assert normalise("ейишга ҳеч нарса йўқ", "uzbek") == " yeyishga hech narsa yok "
    assert normalise("ёрдам", "uzbek") == " yordam "


def test_uzbek_view_reads_q_as_k_and_x_as_h() -> None:
    # A Russian keyboard has one х for Uzbek ҳ and х, and one к for қ and к.
    assert normalise("xohlamayman", "uzbek") == normalise("хоҳламайман", "uzbek")
    assert normalise("qo'rqaman", "uzbek") == normalise("коркаман", "uzbek") == " korkaman "


def test_fold_letters_keeps_punctuation_and_spacing() -> None:
    assert fold_letters("Өлгім, келеді!", "common") == "олгим, келеди!"
    assert fold_letters("Oʻzimni", "uzbek") == "ozimni"
