"""Watching a real method without replacing what it does."""

from __future__ import annotations

from typing import Any

import pytest


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[tuple[Any, ...]]:
    """Each call of the coroutine method `owner.name` from now on, as its arguments after
    `self`; every call still runs as before."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(owner, name)

    async def watched(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    return calls
