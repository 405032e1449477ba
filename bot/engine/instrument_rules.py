"""The linter's rules for instrument files: texts, scale, and the scoring rules' coherence.

Shape is validated on load (`model`); these checks need the whole file: every enabled
locale has every text and says whether it is validated, scale values are unique, the
bands cover every score the items can add up to exactly once, and the `risk:` rules name
only flags, bands and a positive rule the scoring defines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise

from bot.engine.instruments.model import Of
from bot.engine.model import Instrument
from bot.engine.rules import NAME, bad_name, did_you_mean, missing_translations
from bot.spec.errors import Problem

Found = Iterator[tuple[str, str]]


def lint_instrument(instrument: Instrument, file: str, locales: Sequence[str]) -> list[Problem]:
    checks = (
        missing_translations(_texts(instrument), tuple(locales)),
        _validation_status(instrument, locales),
        _name_and_scale(instrument),
        _bands(instrument),
        _items_named(instrument),
        _risk(instrument),
    )
    return [Problem(file, where, message) for check in checks for where, message in check]


def possible_range(instrument: Instrument, of: Of) -> tuple[int, int]:
    """The lowest and highest value the answers can give, on the total or derived score."""
    values = [point.value for point in instrument.scale]
    count = len(instrument.items)
    low, high = count * min(values), count * max(values)
    if instrument.gate is not None:
        low = min(low, 0)  # a gate answered "no" scores 0
    multiplier = instrument.scoring.multiplier if of == "score" else 1
    return low * multiplier, high * multiplier


def _texts(instrument: Instrument) -> Iterator[tuple[str, Mapping[str, str]]]:
    yield "title", instrument.title
    if instrument.prompt is not None:
        yield "prompt", instrument.prompt
    if instrument.gate is not None:
        yield "gate.ask", instrument.gate.ask
        yield "gate.yes_text", instrument.gate.yes_text
        yield "gate.no_text", instrument.gate.no_text
    for index, item in enumerate(instrument.items):
        yield f"items[{index}]", item
    for index, point in enumerate(instrument.scale):
        yield f"scale[{index}].text", point.text


def _validation_status(instrument: Instrument, locales: Sequence[str]) -> Found:
    # Staff must be able to tell an official translation from ours, whose cut-offs are
    # provisional; so every locale people can use states which it is.
    for locale in locales:
        if locale not in instrument.translations:
            yield (
                "translations",
                f"no {locale!r} entry; add `{locale}: {{validated: false}}` (true only for an "
                "official or validated translation)",
            )


def _name_and_scale(instrument: Instrument) -> Found:
    if not NAME.match(instrument.instrument):
        yield "instrument", bad_name("instrument", instrument.instrument)
    values = [point.value for point in instrument.scale]
    for index, value in enumerate(values):
        if value in values[:index]:
            yield f"scale[{index}].value", f"value {value!r} is used twice"


def _bands(instrument: Instrument) -> Found:
    bands = instrument.scoring.bands
    if bands is None:
        return
    low, high = possible_range(instrument, bands.of)
    span = f"the {bands.of} runs from {low} to {high}"
    ids = [band.id for band in bands.ranges]
    for index, band_id in enumerate(ids):
        if band_id in ids[:index]:
            yield f"scoring.bands.ranges[{index}].id", f"band id {band_id!r} is used twice"
    ordered = sorted(bands.ranges, key=lambda band: (band.min, band.max))
    where = "scoring.bands.ranges"
    if ordered[0].min > low:
        yield where, f"no band covers {low}..{ordered[0].min - 1}; {span}"
    if ordered[0].min < low or ordered[-1].max > high:
        yield where, f"bands reach beyond the possible values; {span}"
    for before, after in pairwise(ordered):
        if after.min <= before.max:
            yield (
                where,
                f"bands {before.id!r} and {after.id!r} overlap at "
                f"{after.min}..{min(before.max, after.max)}; each value needs exactly one band",
            )
        elif after.min > before.max + 1:
            yield where, f"no band covers {before.max + 1}..{after.min - 1}; {span}"
    if ordered[-1].max < high:
        yield where, f"no band covers {ordered[-1].max + 1}..{high}; {span}"


def _items_named(instrument: Instrument) -> Found:
    rules = instrument.scoring
    count = len(instrument.items)
    for index, flag in enumerate(rules.flags):
        if flag.item > count:
            yield (
                f"scoring.flags[{index}].item",
                f"there is no item {flag.item}; items are 1..{count}",
            )
    flag_ids = [flag.id for flag in rules.flags]
    for index, flag_id in enumerate(flag_ids):
        if flag_id in flag_ids[:index]:
            yield f"scoring.flags[{index}].id", f"flag id {flag_id!r} is used twice"
    sub_ids = [sub.id for sub in rules.subscales]
    for index, sub in enumerate(rules.subscales):
        where = f"scoring.subscales[{index}]"
        if sub.id in sub_ids[:index]:
            yield f"{where}.id", f"subscale id {sub.id!r} is used twice"
        if outside := [number for number in sub.items if not 1 <= number <= count]:
            yield f"{where}.items", f"no item {outside[0]}; items are 1..{count}"
        if len(set(sub.items)) != len(sub.items):
            yield f"{where}.items", "an item is listed twice"


def _risk(instrument: Instrument) -> Found:
    # A rule on an id the scoring never produces would never open a case: a misspelt
    # band would silently leave people without a counsellor.
    name = instrument.instrument
    rules = instrument.scoring
    risk = instrument.risk
    flag_ids = [flag.id for flag in rules.flags]
    band_ids = [band.id for band in rules.bands.ranges] if rules.bands is not None else []
    for what, named, known in (("flag", risk.flags, flag_ids), ("band", risk.bands, band_ids)):
        for unknown in (key for key in named if key not in known):
            yield (
                f"risk.{what}s.{unknown}",
                f"{name} has no {what} {unknown!r}{did_you_mean(unknown, known)}; "
                f"its {what}s are {', '.join(known) or 'none'}",
            )
    if risk.positive is not None and rules.positive is None:
        yield (
            "risk.positive",
            f"{name} has no `scoring.positive` rule, so it is never screen-positive; add one "
            "or remove `risk.positive`",
        )
