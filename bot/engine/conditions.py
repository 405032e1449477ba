"""Conditions are data, never code: `{var: {op: value}}`, plus `all`, `any` and `not`.

    {mood: {lte: 2}}                       one comparison
    {age_band: adolescent}                 shorthand for {age_band: {eq: adolescent}}
    {mood: {gte: 2, lte: 3}, role: self}   several comparisons in one mapping: all must hold
    {any: [{role: caregiver}, {not: {age_band: adult}}]}

A variable that is not set is None: it equals nothing but None, is `ne` everything else and
is never less or greater than anything. Ordering values of different kinds (text against a
number) is false rather than an error, so a flow can never crash on a comparison.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, cast, get_args

Op = Literal["eq", "ne", "lt", "lte", "gt", "gte", "in", "has"]
OPS: tuple[str, ...] = get_args(Op)


@dataclass(frozen=True)
class Compare:
    var: str
    op: Op
    value: Any


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition: TypeAlias = Compare | AllOf | AnyOf | Not


def parse_condition(raw: object, where: str = "") -> Condition:
    """Turn the YAML form into a condition tree; ValueError says what to fix and where."""
    prefix = f"{where}: " if where else ""
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError(
            f"{prefix}a condition should be a mapping like {{mood: {{lte: 2}}}}, got {raw!r}"
        )
    parts: list[Condition] = []
    for key, body in raw.items():
        if not isinstance(key, str):
            raise ValueError(f"{prefix}a variable name should be text, got {key!r}")
        inner = f"{where}.{key}" if where else key
        if key in ("all", "any"):
            if not isinstance(body, list) or not body:
                raise ValueError(f"{prefix}`{key}` needs a non-empty list of conditions")
            subs = tuple(
                parse_condition(item, f"{inner}[{index}]") for index, item in enumerate(body)
            )
            parts.append(AllOf(subs) if key == "all" else AnyOf(subs))
        elif key == "not":
            parts.append(Not(parse_condition(body, inner)))
        else:
            parts.extend(_comparisons(key, body, inner))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _comparisons(var: str, body: object, where: str) -> Iterator[Compare]:
    if not isinstance(body, Mapping):
        yield Compare(var, "eq", _scalar(body, where))
        return
    if not body:
        raise ValueError(f"{where}: give at least one operator ({', '.join(OPS)})")
    for op, value in body.items():
        if op not in OPS:
            raise ValueError(f"{where}: unknown operator {op!r}; use one of {', '.join(OPS)}")
        if op == "in":
            if not isinstance(value, list) or not value:
                raise ValueError(f"{where}.in: `in` needs a non-empty list of values")
            yield Compare(var, "in", tuple(_scalar(item, f"{where}.in") for item in value))
        else:
            yield Compare(var, cast(Op, op), _scalar(value, f"{where}.{op}"))


def _scalar(value: object, where: str) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(
        f"{where}: compare with a single value (text, number, true/false), got {value!r}"
    )


def evaluate(condition: Condition, env: Mapping[str, Any]) -> bool:
    """Whether `condition` holds for the variables in `env` (profile, trends, answers)."""
    match condition:
        case Compare(var, op, value):
            return _compare(env.get(var), op, value)
        case AllOf(parts):
            return all(evaluate(part, env) for part in parts)
        case AnyOf(parts):
            return any(evaluate(part, env) for part in parts)
        case Not(part):
            return not evaluate(part, env)
    raise TypeError(f"not a condition: {condition!r}")


def _compare(actual: Any, op: Op, expected: Any) -> bool:
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return bool(actual in expected)
    if op == "has":
        # A gathered (`collect: true`) answer contains the value.
        return isinstance(actual, list) and expected in actual
    if not _orderable(actual, expected):
        return False
    if op == "lt":
        return bool(actual < expected)
    if op == "lte":
        return bool(actual <= expected)
    if op == "gt":
        return bool(actual > expected)
    return bool(actual >= expected)


def _orderable(left: Any, right: Any) -> bool:
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers):
        return not isinstance(left, bool) and not isinstance(right, bool)
    return isinstance(left, str) and isinstance(right, str)


def variables(condition: Condition) -> Iterator[str]:
    """Every variable name the condition reads, for the linter."""
    for compare in comparisons(condition):
        yield compare.var


def comparisons(condition: Condition) -> Iterator[Compare]:
    """Every comparison inside the condition, for the linter."""
    match condition:
        case Compare():
            yield condition
        case AllOf(parts) | AnyOf(parts):
            for part in parts:
                yield from comparisons(part)
        case Not(part):
            yield from comparisons(part)
