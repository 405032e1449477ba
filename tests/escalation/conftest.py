"""Fixtures for cases: a migrated database of each kind."""

from tests.domain.conftest import sessions  # noqa: F401  (fixture)
