"""Screens the domain renders from live data (what a person has done, their own plan).

Flows may `go: {flow: library}` like to any flow; the domain shows the screen instead.
"""

from __future__ import annotations

LIBRARY = "library"
SCREENS: frozenset[str] = frozenset({LIBRARY})
