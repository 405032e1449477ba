"""From file text to validated models, with every problem phrased for the person editing.

YAML is read with `safe_load` semantics (no tags that build objects) and duplicate keys are
refused, because YAML itself silently keeps the last one and a flow would lose a step.
Pydantic's errors are translated into plain sentences pointing at the dotted path.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.spec.errors import FlowSpecError, Problem
from bot.spec.migrations import SPEC_VERSION, Migration, SpecVersionError, migrate

_Model = TypeVar("_Model", bound=BaseModel)


# libyaml's parser, where PyYAML was built with it, reads the flows about ten times faster
# than the pure-Python one; the constructor (and so the checks below) is the same.
try:
    from yaml import CSafeLoader as _SafeBase
except ImportError:
    from yaml import SafeLoader as _SafeBase  # type: ignore[assignment]


class _UniqueKeyLoader(_SafeBase):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r}; each key may appear only once",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# PyYAML's contexts for a token still open when the mistake is noticed.
_LEFT_OPEN = frozenset(
    {
        "while scanning a simple key",
        "while scanning a quoted scalar",
        "while parsing a flow sequence",
        "while parsing a flow mapping",
    }
)


def _culprit(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the mistake is. PyYAML marks where it noticed it, which for a token left open
    (a key without its colon, a quote or a bracket not closed) is the next line or the end
    of the file; the token's own start is then the context ("while scanning a simple key",
    "while parsing a flow sequence"). In a block the context is only where the block began,
    and the problem is where it went wrong."""
    if error.context in _LEFT_OPEN and error.context_mark is not None:
        return error.context_mark
    return error.problem_mark or error.context_mark


def read_yaml(text: str, file: str) -> object:
    """Parse YAML text; FlowSpecError names the line of a syntax error."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except yaml.MarkedYAMLError as error:
        mark = _culprit(error)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = " ".join(part for part in (error.context, error.problem) if part)
        raise FlowSpecError([Problem(file, where, f"not valid YAML: {reason}")]) from error
    except yaml.YAMLError as error:
        raise FlowSpecError([Problem(file, "", f"not valid YAML: {error}")]) from error
    except ValueError as error:
        # YAML builds dates itself, and a date that does not exist (2026-02-30) escapes
        # its error handling as a plain ValueError.
        raise FlowSpecError(
            [Problem(file, "", f"a date that does not exist ({error}); write year-month-day")]
        ) from error


def parse_spec(
    data: object,
    file: str,
    model: type[_Model],
    migrations: Mapping[int, Migration],
    what: str,
    *,
    keys: frozenset[str],
    version: int = SPEC_VERSION,
) -> _Model:
    """Migrate and validate the data of any spec file (flows, instruments, risk rules,
    crisis contacts); FlowSpecError lists every problem, `keys` feed "did you mean"."""
    if not isinstance(data, Mapping):
        raise FlowSpecError(
            [
                Problem(
                    file,
                    "",
                    f"{what} file should be a mapping of keys, starting with `spec: {version}`",
                )
            ]
        )
    try:
        upgraded = migrate(data, migrations, version)
    except SpecVersionError as error:
        raise FlowSpecError([Problem(file, "spec", str(error))]) from error
    try:
        return model.model_validate(upgraded)
    except ValidationError as error:
        raise FlowSpecError([_problem(file, e, keys) for e in error.errors()]) from error


def read_spec_file(path: Path) -> object:
    """Read and parse one YAML spec file; FlowSpecError says what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowSpecError([Problem(str(path), "", f"cannot read the file: {error}")]) from error
    return read_yaml(text, str(path))


def _problem(file: str, error: ErrorDetails, keys: frozenset[str]) -> Problem:
    # Pydantic marks a bad mapping key with a `[key]` step after the key itself.
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind = error["type"]
    if kind == "extra_forbidden":
        matches = difflib.get_close_matches(str(loc[-1]), sorted(keys), n=1)
        hint = f" (did you mean {matches[0]!r}?)" if matches else ""
        return Problem(file, dotted(loc[:-1]), f"unknown key {loc[-1]!r}{hint}")
    if kind == "missing":
        return Problem(file, dotted(loc[:-1]), f"missing required key {loc[-1]!r}")
    if kind == "literal_error" and "[key]" in error["loc"]:
        allowed = error["msg"].replace("Input should be", "use")
        return Problem(file, dotted(loc[:-1]), f"unknown key {loc[-1]!r}; {allowed}")
    return Problem(file, dotted(loc), _sentence(error, loc))


def _sentence(error: ErrorDetails, loc: tuple[int | str, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("text", "scalar", "condition"):
        return error["msg"]
    if kind in ("model_type", "dict_type") and loc and loc[-1] == "go":
        return f"should be a step name, or {{flow: NAME}} for another flow; got {error['input']!r}"
    if kind in ("model_type", "dict_type"):
        return f"should be a mapping of keys; got {error['input']!r}"
    message = error["msg"].replace("Input should", "should").replace("Value should", "should")
    return f"{message[:1].lower()}{message[1:]}; got {error['input']!r}"


def dotted(loc: tuple[int | str, ...]) -> str:
    """`('steps', 'offer', 'options', 1, 'go')` -> `steps.offer.options[1].go`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
