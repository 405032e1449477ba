"""No labels in anything a person reads (CONTENT.md: the voice is never ideological).

Scans, at run time, every text of every flow and instrument under `flows/` (files others add
are included as they appear) and every interface catalog, in every locale. Words are matched
case-insensitively on their stems, at the start of a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from bot.translations.po import collect_texts, library_files

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
LOCALES = ROOT / "locales"

# Stems, each matched at the start of a word. Cyrillic stems serve ru, kk, ky, tg (and
# Uzbek written in Cyrillic); the Latin ones serve en and Uzbek (Latin script).
STEMS = (
    # English
    "returnee",
    "extremis",
    "radicali",
    "terroris",
    "jihad",
    # Russian
    # "возвращенец/возвращенка/возвращённые" label people; "возвращение" (a return) does not.
    "возвращенец",
    "возвращенц",
    "возвращенк",
    "возвращенн",
    "возвращённ",
    "экстремис",
    "радикализ",
    "радикал",
    "террор",
    "джихад",
    # Kazakh, Kyrgyz, Tajik (Cyrillic)
    "жиһад",
    "жихад",
    "ҷиҳод",
    "қайтарылған",  # kk "returned (people)"
    "кайтарылган",  # ky "returned (people)"
    "бозгашташуда",  # tg "returned (people)"
    "баргардонидашуда",  # tg "returned (people)"
    # Uzbek (Latin)
    "ekstremis",
    "terror",
    "radikal",
    "jihod",
    "qaytarilgan",  # uz "returned (people)"
    "qaytganlar",  # uz "those who came back"
)
PHRASES = (
    r"commit(?:s|ted)?\s+suicide",
    r"соверш(?:ил|ила|или|ать|ить)\s+самоубийств",
)
LABEL = re.compile(
    "|".join([rf"(?<!\w){re.escape(stem)}" for stem in STEMS] + list(PHRASES)),
    re.IGNORECASE,
)


def _flow_texts() -> Iterator[tuple[str, str]]:
    entries, unreadable = collect_texts(FLOWS)
    for entry in entries:
        for locale, text in entry.texts.items():
            yield f"flows/{entry.context} [{locale}]", text
    # A file the engine cannot read yet (someone's work in progress) is still scanned,
    # string by string.
    broken = {problem.file for problem in unreadable}
    for path in library_files(FLOWS):
        relative = path.relative_to(FLOWS).as_posix()
        if relative in broken:
            for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield f"flows/{relative}:{where}", text


def _strings(node: object, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def _catalog_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in (*ids, *strings):
                if text:
                    yield f"{path.relative_to(ROOT)}: {ids[0][:40]!r}", text


def _offenders(texts: Iterator[tuple[str, str]]) -> list[str]:
    return [
        f"{where}: {match.group(0)!r}" for where, text in texts for match in LABEL.finditer(text)
    ]


def test_flows_and_instruments_use_no_labels() -> None:
    assert _offenders(_flow_texts()) == []


def test_interface_catalogs_use_no_labels() -> None:
    assert _offenders(_catalog_texts()) == []


def test_the_scan_sees_every_flow_file() -> None:
    entries, _ = collect_texts(FLOWS)
    scanned = {entry.file for entry in entries}
    assert {"onboarding.yaml", "menu.yaml", "settings.yaml"} <= scanned


@pytest.mark.parametrize(
    "text",
    [
        "Support for Returnees",
        "бывших экстремистов",
        "профилактика радикализации",
        "террористы",
        "Terrorizm haqida",
        "ekstremistik guruh",
        "Жиһадшылар",
        "ҷиҳодӣ",
        "she committed suicide",
        "он совершил самоубийство",
        "она совершила самоубийство",
        "возвращённые женщины",
        "Jihadist",
        "qaytarilganlar",
    ],
)
def test_the_matcher_catches_labels(text: str) -> None:
    assert LABEL.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Возвращайтесь к этому упражнению.",
        "If you ever want to come back, send /start.",
        "died by suicide",
        "Қайта оралғыңыз келсе",
        "Qaytmoqchi boʻlsangiz",
        "Return to the menu",
    ],
)
def test_the_matcher_leaves_ordinary_words_alone(text: str) -> None:
    assert LABEL.search(text) is None, text
