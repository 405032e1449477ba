"""Why a console action was not done; each route turns one into its page."""

from __future__ import annotations


class ConsoleError(Exception):
    """The root of the console's refusals."""


class CaseMissing(ConsoleError):
    """No case has this id."""


class CaseRefused(ConsoleError):
    """The case is not one this member may see or do this to (`permissions`)."""
