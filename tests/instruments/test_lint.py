"""`qadam flows check` on instrument files and on flows that use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.check import check_paths
from tests.instruments.helpers import INSTRUMENTS_DIR, LOCALES


def phq9() -> dict[str, Any]:
    data = yaml.safe_load((INSTRUMENTS_DIR / "phq9.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def problems(
    tmp_path: Path, instrument: dict[str, Any], flow: dict[str, Any] | None = None
) -> list[str]:
    (tmp_path / "instruments").mkdir(exist_ok=True)
    (tmp_path / "instruments" / "phq9.yaml").write_text(
        yaml.safe_dump(instrument, allow_unicode=True), encoding="utf-8"
    )
    if flow is not None:
        (tmp_path / "survey.yaml").write_text(yaml.safe_dump(flow), encoding="utf-8")
    return [
        str(problem).replace(f"{tmp_path}/", "") for problem in check_paths([tmp_path], LOCALES)
    ]


def ranges(data: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data["scoring"]["bands"]["ranges"]
    return found


def test_a_gap_between_bands(tmp_path: Path) -> None:
    data = phq9()
    ranges(data)[1]["max"] = 8
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: scoring.bands.ranges: no band covers 9..9; the total runs "
        "from 0 to 27"
    ]


def test_overlapping_bands(tmp_path: Path) -> None:
    data = phq9()
    ranges(data)[1]["max"] = 10
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: scoring.bands.ranges: bands 'mild' and 'moderate' overlap at "
        "10..10; each value needs exactly one band"
    ]


def test_bands_must_reach_both_ends(tmp_path: Path) -> None:
    data = phq9()
    ranges(data)[0]["min"] = 1
    ranges(data)[-1]["max"] = 30
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: scoring.bands.ranges: no band covers 0..0; the total runs from "
        "0 to 27",
        "instruments/phq9.yaml: scoring.bands.ranges: bands reach beyond the possible values; "
        "the total runs from 0 to 27",
    ]


def test_scale_items_flags_and_translations(tmp_path: Path) -> None:
    data = phq9()
    data["scale"][1]["value"] = 0
    del data["items"][3]["tg"]
    del data["translations"]["ky"]
    data["scoring"]["flags"][0]["item"] = 10
    found = problems(tmp_path, data)
    assert found == [
        "instruments/phq9.yaml: items[3]: no 'tg' text; add `tg: ...`",
        "instruments/phq9.yaml: translations: no 'ky' entry; add `ky: {validated: false}` (true "
        "only for an official or validated translation)",
        "instruments/phq9.yaml: scale[1].value: value 0 is used twice",
        "instruments/phq9.yaml: scoring.flags[0].item: there is no item 10; items are 1..9",
    ]


def survey(when: dict[str, Any], audience: list[str] | None = None) -> dict[str, Any]:
    flow: dict[str, Any] = {
        "spec": 1,
        "flow": "survey",
        "title": {locale: "Survey" for locale in LOCALES},
        "start": "ask",
        "steps": {
            "ask": {"instrument": "phq9", "route": [{"when": when, "go": "end"}, {"go": "end"}]},
            "end": {"say": {locale: "Thanks" for locale in LOCALES}, "end": True},
        },
    }
    if audience is not None:
        flow["audience"] = {"age_band": audience}
    return flow


def test_flows_may_route_on_every_result(tmp_path: Path) -> None:
    when = {
        "all": [
            {"phq9.band": {"in": ["moderate", "moderately-severe", "severe"]}},
            {"phq9.item9": {"gt": 0}},
            {"phq9.flags": {"has": "item9"}},
            {"phq9.positive": True},
            {"phq9.total": {"gte": 10}},
            {"phq9.score": {"gte": 10}},
        ]
    }
    assert problems(tmp_path, phq9(), survey(when, ["adult"])) == []


def test_unknown_results_band_ids_and_flags(tmp_path: Path) -> None:
    when = {
        "any": [
            {"phq9.item10": {"gt": 0}},
            {"phq9.band": {"in": ["moderate", "moderatly-severe"]}},
            {"phq9.flags": {"has": "item8"}},
        ]
    }
    where = "survey.yaml: steps.ask.route[0].when"
    assert problems(tmp_path, phq9(), survey(when, ["adult"])) == [
        f"{where}: phq9 sets no 'phq9.item10' (did you mean 'phq9.item1'?); it sets "
        "phq9.answers, phq9.band, phq9.flags, phq9.item1, phq9.item2, phq9.item3, phq9.item4, "
        "phq9.item5, phq9.item6, phq9.item7, phq9.item8, phq9.item9, phq9.positive, phq9.score, "
        "phq9.total",
        f"{where}: phq9 has no band 'moderatly-severe' (did you mean 'moderately-severe'?); its "
        "bands are minimal, mild, moderate, moderately-severe, severe",
        f"{where}: phq9 has no flag 'item8' (did you mean 'item9'?); its flags are item9",
    ]


def test_a_flow_using_an_instrument_says_who_it_is_for(tmp_path: Path) -> None:
    data = phq9()
    data["ages"] = ["adult"]
    assert problems(tmp_path, data, survey({"phq9.total": {"gte": 1}})) == [
        "survey.yaml: steps.ask.instrument: phq9 is meant for age_band adult; give the flow "
        "`audience: {age_band: [adult]}` (or fewer)"
    ]
    assert problems(tmp_path, data, survey({"phq9.total": {"gte": 1}}, ["adolescent"])) == [
        "survey.yaml: audience.age_band: adolescent is outside the ages phq9 is meant for "
        "(adult); narrow the audience or use another instrument"
    ]


def test_risk_rules_must_name_the_instruments_own_flags_and_bands(tmp_path: Path) -> None:
    data = phq9()
    rule = {"severity": "high", "source": "test"}
    data["risk"]["flags"]["item8"] = rule
    data["risk"]["bands"]["moderatly-severe"] = rule
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: risk.flags.item8: phq9 has no flag 'item8' (did you mean "
        "'item9'?); its flags are item9",
        "instruments/phq9.yaml: risk.bands.moderatly-severe: phq9 has no band "
        "'moderatly-severe' (did you mean 'moderately-severe'?); its bands are minimal, mild, "
        "moderate, moderately-severe, severe",
    ]


def test_a_risk_rule_for_positive_needs_a_positive_rule(tmp_path: Path) -> None:
    data = phq9()
    del data["scoring"]["positive"]
    data["risk"]["positive"] = {"severity": "low", "source": "test"}
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: risk.positive: phq9 has no `scoring.positive` rule, so it is "
        "never screen-positive; add one or remove `risk.positive`"
    ]


def test_a_risk_rule_needs_a_known_severity_and_a_source(tmp_path: Path) -> None:
    data = phq9()
    data["risk"]["flags"]["item9"] = {"severity": "urgent", "source": "test"}
    data["risk"]["positive"] = {"severity": "low"}
    assert problems(tmp_path, data) == [
        "instruments/phq9.yaml: risk.flags.item9.severity: should be 'low', 'medium', 'high' or "
        "'critical'; got 'urgent'",
        "instruments/phq9.yaml: risk.positive: missing required key 'source'",
    ]
