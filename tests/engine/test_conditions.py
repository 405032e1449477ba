from __future__ import annotations

import pytest

from bot.engine.conditions import AllOf, Compare, evaluate, parse_condition, variables


def holds(raw: object, **env: object) -> bool:
    return evaluate(parse_condition(raw), env)


def test_shorthand_means_equal() -> None:
    assert parse_condition({"age_band": "adolescent"}) == Compare("age_band", "eq", "adolescent")
    assert holds({"age_band": "adolescent"}, age_band="adolescent")
    assert not holds({"age_band": "adolescent"}, age_band="adult")


@pytest.mark.parametrize(
    ("op", "value", "actual", "expected"),
    [
        ("eq", 3, 3, True),
        ("ne", 3, 4, True),
        ("lt", 3, 2, True),
        ("lt", 3, 3, False),
        ("lte", 3, 3, True),
        ("gt", 3, 4, True),
        ("gte", 3, 3, True),
        ("gte", 3, 2, False),
        ("in", ["KZ", "KG"], "KG", True),
        ("in", ["KZ", "KG"], "UZ", False),
    ],
)
def test_operators(op: str, value: object, actual: object, expected: bool) -> None:
    assert holds({"x": {op: value}}, x=actual) is expected


def test_missing_variable_is_none_and_never_ordered() -> None:
    assert not holds({"mood": {"lte": 2}})
    assert not holds({"mood": {"gt": 2}})
    assert holds({"mood": {"ne": 2}})
    assert not holds({"mood": {"eq": 2}})


def test_mismatched_kinds_compare_false_instead_of_crashing() -> None:
    assert not holds({"mood": {"lt": 3}}, mood="low")
    assert not holds({"mood": {"lt": 3}}, mood=True)


def test_several_variables_and_operators_mean_all() -> None:
    condition = {"mood": {"gte": 2, "lte": 3}, "role": "self"}
    assert holds(condition, mood=2, role="self")
    assert not holds(condition, mood=4, role="self")
    assert not holds(condition, mood=2, role="caregiver")


def test_all_any_not() -> None:
    condition = {"any": [{"role": "caregiver"}, {"not": {"age_band": "adult"}}]}
    assert holds(condition, role="caregiver", age_band="adult")
    assert holds(condition, role="self", age_band="adolescent")
    assert not holds(condition, role="self", age_band="adult")
    assert holds({"all": [{"a": 1}, {"b": 2}]}, a=1, b=2)
    assert not holds({"all": [{"a": 1}, {"b": 2}]}, a=1, b=3)


def test_variables_lists_every_name() -> None:
    condition = parse_condition({"all": [{"a": 1}, {"not": {"b": {"in": [1]}}}], "c": 2})
    assert isinstance(condition, AllOf)
    assert sorted(variables(condition)) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"mood": {"lte2": 2}},
            "mood: unknown operator 'lte2'; use one of eq, ne, lt, lte, gt, gte, in",
        ),
        ({"mood": {"in": 2}}, "mood.in: `in` needs a non-empty list of values"),
        ({"all": {"a": 1}}, "`all` needs a non-empty list of conditions"),
        (
            {"mood": {"eq": [1]}},
            "mood.eq: compare with a single value (text, number, true/false), got [1]",
        ),
        ("mood < 2", "a condition should be a mapping like {mood: {lte: 2}}, got 'mood < 2'"),
        ({"not": {"any": [5]}}, "not.any[0]: a condition should be a mapping"),
    ],
)
def test_malformed_conditions_say_what_to_fix(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_condition(raw)
    assert str(caught.value).startswith(message)
