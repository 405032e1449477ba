"""The instrument files: complete in every locale, honest about validation, band contract."""

from __future__ import annotations

import pytest

from bot.content.check import check_paths
from tests.instruments.helpers import INSTRUMENTS_DIR, LOCALES, NAMES, instrument, instruments

# Other engineers' flows route on these ids: changing one breaks them.
BAND_IDS = {
    "phq9": ["minimal", "mild", "moderate", "moderately-severe", "severe"],
    "phq2": ["negative", "positive"],
    "gad2": ["negative", "positive"],
    "gad7": ["minimal", "mild", "moderate", "severe"],
    "who5": ["low", "poor", "good"],
    "pcptsd5": ["negative", "positive"],
    "cries8": ["negative", "positive"],
}
OFFICIAL_RU = {"phq9", "phq2", "gad7", "gad2"}
OFFICIAL_RU_SCALE = ["Ни разу", "Несколько дней", "Более недели", "Почти каждый день"]


def test_exactly_the_eight_instruments_load_cleanly_in_all_six_locales() -> None:
    assert sorted(instruments()) == sorted(NAMES)
    assert check_paths([INSTRUMENTS_DIR], LOCALES) == []


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_every_text(name: str, locale: str) -> None:
    found = instrument(name)
    texts = [found.title, *found.items, *(point.text for point in found.scale)]
    if found.prompt is not None:
        texts.append(found.prompt)
    assert all(text.get(locale, "").strip() for text in texts)


@pytest.mark.parametrize("name", NAMES)
def test_band_ids_are_the_contract(name: str) -> None:
    bands = instrument(name).scoring.bands
    assert bands is not None
    assert sorted(band.id for band in bands.ranges) == sorted(BAND_IDS[name])


@pytest.mark.parametrize("name", NAMES)
def test_only_official_translations_are_marked_validated(name: str) -> None:
    found = instrument(name)
    validated = {locale for locale, status in found.translations.items() if status.validated}
    assert validated == ({"en", "ru"} if name in OFFICIAL_RU else {"en"})


@pytest.mark.parametrize("name", sorted(OFFICIAL_RU))
def test_official_russian_scale_is_verbatim(name: str) -> None:
    assert [point.text["ru"] for point in instrument(name).scale] == OFFICIAL_RU_SCALE


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_cites_a_source_and_the_file_its_licence(name: str) -> None:
    found = instrument(name)
    rules = found.scoring
    sources = [rules.source, *(flag.source for flag in rules.flags)]
    sources += [subscale.source for subscale in rules.subscales]
    sources += [rules.bands.source] if rules.bands is not None else []
    sources += [rules.positive.source] if rules.positive is not None else []
    assert all(source.strip() for source in sources)
    assert found.licence.strip() and found.citation.strip()


def test_ages() -> None:
    assert instrument("pcptsd5").ages == ("adult",)
    assert instrument("cries8").ages == ("adolescent",)
    assert instrument("phq9").ages == ("adolescent", "adult")
