"""Upgrading older flow and instrument files to the current spec before validation.

Each registry maps a spec version N to a function that rewrites a file's data from N to
N + 1; `migrate` applies them in order. Spec 1 is the first version, so the registries are
empty: spec 1 files are read as they are. Add a migration (and a golden case for it) with
every change to the format, and bump `SPEC_VERSION`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# The version of the flow and instrument format this Qadam reads and writes.
SPEC_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]

FLOW_MIGRATIONS: Mapping[int, Migration] = {}
INSTRUMENT_MIGRATIONS: Mapping[int, Migration] = {}


class SpecVersionError(ValueError):
    """The file's `spec` is missing, not a version, or one this Qadam cannot read."""


def migrate(
    data: Mapping[str, Any],
    migrations: Mapping[int, Migration],
    current: int = SPEC_VERSION,
) -> dict[str, Any]:
    """Return `data` rewritten to spec `current`; SpecVersionError says how to fix."""
    spec = data.get("spec")
    if spec is None:
        raise SpecVersionError(f"missing `spec`; add `spec: {current}` at the top of the file")
    if isinstance(spec, bool) or not isinstance(spec, int) or spec < 1:
        raise SpecVersionError(f"`spec` should be a version number like {current}, got {spec!r}")
    if spec > current:
        raise SpecVersionError(
            f"this file is written for spec {spec}, but this Qadam reads spec {current} at "
            f"most; upgrade Qadam, or rewrite the file for spec {current}"
        )
    upgraded = dict(data)
    while spec < current:
        step = migrations.get(spec)
        if step is None:
            raise SpecVersionError(
                f"no migration from spec {spec} to {spec + 1}; rewrite the file for spec {current}"
            )
        upgraded = step(upgraded)
        spec += 1
        upgraded["spec"] = spec
    return upgraded
