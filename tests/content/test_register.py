"""One voice for every audience: Qadam addresses adults, caregivers and adolescents alike
with the polite "you" (вы, сіз, сиз, siz, шумо), in flows, questionnaires and interface
strings, and Russian writes «вы» lower-case in mid-sentence.

Words a caregiver is offered to say to a child («Ты в безопасности») are the caregiver's
voice, not Qadam's: quoted speech is left out of the scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.translations.po import collect_texts

ROOT = Path(__file__).resolve().parents[2]

# The familiar "you" as a word, and, where a language shows it in the verb, that ending.
FAMILIAR = {
    "ru": r"ты|тебя|тебе|тобой|твой|твоя|твоё|твое|твои|твоего|твоей|твоему|твоим|твоих|твою"
    r"|(?!лишь)\w+(?:ешь|ёшь|ишь)(?:ся)?",
    "kk": r"сен|сені|саған|сенің|сенде|сенен|сенімен|\w+(?:сың|сің)(?:\s+(?:ба|бе|па|пе))?",
    "ky": r"сен|сени|сага|сенин|сенде|сенден|\w+(?:сың|сиң|суң|сүң)(?:бы|би|бу|бү)?",
    "uz": r"sen|seni|senga|sening|senda|sendan|\w+[ay]san(?:mi)?",
    "tg": r"ту|туро|худат|\w+ат(?:ро)?\s+пок",
}
PATTERNS = {
    locale: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    for locale, words in FAMILIAR.items()
}
# «Вы», «Вас», «Ваш» inside a sentence (after a word or a comma): the capitalised form.
CAPITAL_VY = re.compile(r"(?<=[\w,])\s+(В(?:ы|ас|ам|ами|аш\w*))(?!\w)")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def _texts() -> Iterator[tuple[str, str, str]]:
    entries, _ = collect_texts(ROOT / "flows")
    for entry in entries:
        for locale, text in entry.texts.items():
            yield f"flows/{entry.context}", locale, text
    for locale in FAMILIAR:
        with (ROOT / "locales" / locale / "LC_MESSAGES" / "qadam.po").open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for string in strings:
                    if isinstance(string, str) and string:
                        yield f"locales/{locale}: {str(message.id)[:40]!r}", locale, string


def _offenders(texts: Iterator[tuple[str, str, str]]) -> list[str]:
    found = []
    for where, locale, text in texts:
        if locale not in PATTERNS:
            continue
        unquoted = QUOTED.sub("", text)
        matches = PATTERNS[locale].finditer(unquoted)
        found += [f"{where} [{locale}]: {m.group(0)!r}" for m in matches]
        if locale == "ru":
            found += [f"{where} [ru]: {m.group(1)!r}" for m in CAPITAL_VY.finditer(unquoted)]
    return found


def test_every_audience_is_addressed_politely_everywhere() -> None:
    assert _offenders(_texts()) == []


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("ru", "Думаешь ли ты об этом, даже когда не хочешь?"),
        ("ru", "Как часто за последние 2 недели Вас беспокоили следующие проблемы?"),
        ("ru", "У Вас было плохое настроение"),
        ("kk", "Ойлағың келмесе де, ол туралы ойлайсың ба?"),
        ("ky", "Аны эсиңден өчүрүүгө аракет кыласыңбы?"),
        ("uz", "U haqda gapirmaslikka harakat qilasanmi?"),
        ("tg", "Оё кӯшиш мекунӣ, ки онро аз хотират пок кунӣ?"),
    ],
)
def test_the_scan_finds_the_familiar_voice(locale: str, text: str) -> None:
    assert _offenders(iter([("sample", locale, text)])) != []


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("ru", "Обнимите его и тихо скажите: «Я здесь. Ты в безопасности»."),
        ("ru", "Вы можете вернуться к этому, когда захотите. Лишь бы вам было удобно."),
        ("kk", "Оны есіңізден өшіруге тырысасыз ба? Сенімді адам"),
        ("uz", "Asosan yaxshi"),
    ],
)
def test_the_polite_voice_and_a_caregivers_quoted_words_pass(locale: str, text: str) -> None:
    assert _offenders(iter([("sample", locale, text)])) == []


def test_tajik_names_the_counsellor_one_way() -> None:
    """мушовир, never машваратчӣ beside it."""
    found = [where for where, locale, text in _texts() if locale == "tg" and "ашваратч" in text]
    assert found == []


# Word-for-word renderings of English idioms that read oddly: "cope" as "fight" (күресу,
# күрөшүү, kurashish, мубориза), "completely normal" as "fully normal", and Tajik
# "муқаррарӣ" (set by rule) for "normal". Natural: төтеп беру, туруштук берүү, bardosh
# berish, тоб овардан; табиғи, табигый, tabiiy, табиӣ.
CALQUES = {
    "kk": re.compile(r"күрес(?:у|іп|уге|емін|есіз)|әбден қалыпты", re.IGNORECASE),
    "ky": re.compile(r"күрөш|таптакыр кадимки", re.IGNORECASE),
    "uz": re.compile(r"kurash|mutlaqo (?:oddiy|normal)|har bir besh fikr", re.IGNORECASE),
    "tg": re.compile(r"мубориза|муқаррарӣ аст|муқаррарист|вокуниш\w* муқаррарӣ", re.IGNORECASE),
}


def _calques(texts: Iterator[tuple[str, str, str]]) -> list[str]:
    return [
        f"{where} [{locale}]: {found.group(0)!r}"
        for where, locale, text in texts
        if locale in CALQUES
        for found in CALQUES[locale].finditer(text)
    ]


def test_no_word_for_word_idioms_in_any_text() -> None:
    assert _calques(_texts()) == []


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("kk", "Ауыр естеліктермен қалай күресіп жүрсіз"),
        ("kk", "Кейде шаршау әбден қалыпты."),
        ("ky", "Муну менен жалгыз күрөшүүнүн кереги жок."),
        ("uz", "Bu bilan yolgʻiz kurashishingiz shart emas."),
        ("uz", "Har bir besh fikr uchun javobni tanlang."),
        ("tg", "Лозим нест, ки бо ин танҳо мубориза баред."),
        ("tg", "Ашк ҳангоми ҷудоӣ муқаррарӣ аст."),
    ],
)
def test_the_scan_finds_a_word_for_word_idiom(locale: str, text: str) -> None:
    assert _calques(iter([("sample", locale, text)])) != []
