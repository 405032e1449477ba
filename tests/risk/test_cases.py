"""The example messages in cases.yaml against the real rules: signals fire, idioms do not,
and no rule is dead."""

from __future__ import annotations

import pytest

from bot.risk import check
from bot.risk.check import SEVERITY_RANK
from tests.risk.helpers import SETS, Fire, cases, rules

MIN_FIRE = 8
MIN_QUIET = 6

FIRE = [(name, case) for name, found in cases().items() for case in found.fire]
QUIET = [(name, text) for name, found in cases().items() for text in found.quiet]


def test_every_language_and_script_has_enough_examples() -> None:
    assert set(cases()) == set(SETS)
    for name, found in cases().items():
        assert len(found.fire) >= MIN_FIRE, name
        assert len(found.quiet) >= MIN_QUIET, name


@pytest.mark.parametrize(("name", "case"), FIRE, ids=[f"{n}: {c.text}" for n, c in FIRE])
def test_signal_fires(name: str, case: Fire) -> None:
    result = check(rules(), case.text, cases()[name].lang)
    assert case.category in result.categories, result
    assert SEVERITY_RANK[result.severity] >= SEVERITY_RANK[case.at_least], result
    if case.rule is not None:
        assert case.rule in result.matches, result


@pytest.mark.parametrize(("name", "text"), QUIET, ids=[f"{n}: {t}" for n, t in QUIET])
@pytest.mark.parametrize("everything", [False, True], ids=["own-language", "all-languages"])
def test_everyday_language_stays_quiet(name: str, text: str, everything: bool) -> None:
    lang = None if everything else cases()[name].lang
    result = check(rules(), text, lang)
    assert result.severity == "none", result


def test_every_rule_has_an_example_that_fires_it() -> None:
    fired = {
        rule_id
        for name, case in FIRE
        for rule_id in check(rules(), case.text, cases()[name].lang).matches
    }
    dead = sorted(rule.id for rule in rules().rules if rule.id not in fired)
    assert dead == [], "add an example to tests/risk/cases.yaml for each of these rules"


def test_named_rules_exist() -> None:
    known = {rule.id for rule in rules().rules}
    assert sorted({c.rule for _, c in FIRE if c.rule} - known) == []
