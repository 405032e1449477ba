"""The update queue behind getUpdates: ids, confirmation by offset, long polling."""

from __future__ import annotations

from bot.sandbox.changes import ChangeFeed
from bot.sandbox.errors import ApiError, default_description
from bot.sandbox.models import JSON, Update

# What the real server delivers when a bot never chose `allowed_updates`.
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


class UpdateQueue:
    def __init__(self, feed: ChangeFeed, first_id: int = 1) -> None:
        """`first_id`: where update ids start, as the real server's go on from what a bot
        saw before (a bot ignores an id it has handled already)."""
        self._feed = feed
        self._pending: list[Update] = []
        self._next_id = first_id
        self._allowed: set[str] | None = None
        self._poll_generation = 0
        self.delivered_up_to = 0

    def push(self, kind: str, payload: JSON) -> Update:
        update = Update(self._next_id, kind, payload)
        self._next_id += 1
        self._pending.append(update)
        self._feed.bump()
        return update

    @property
    def last_id(self) -> int:
        return self._next_id - 1

    @property
    def pending(self) -> list[Update]:
        return list(self._pending)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # "-N": keep only the last N updates, forgetting everything before them.
            self._pending = self._pending[offset:]
        elif offset > 0:
            self._pending = [u for u in self._pending if u.update_id >= offset]

    def _deliverable(self, limit: int) -> list[Update]:
        allowed = self._allowed
        # The real server never queues a kind the bot did not ask for; dropping them
        # here, at delivery, is indistinguishable to the bot.
        self._pending = [
            u
            for u in self._pending
            if (u.kind in allowed if allowed else u.kind not in _NOT_BY_DEFAULT)
        ]
        return self._pending[:limit]

    async def get(
        self, *, offset: int, limit: int, timeout: float, allowed: list[str] | None
    ) -> list[JSON]:
        if not 1 <= limit <= 100:
            limit = 100
        if allowed is not None:
            self._allowed = set(allowed)
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        # Wake an older poll so that it can answer 409, as the real server does.
        self._feed.bump()

        def ready() -> bool:
            return generation != self._poll_generation or bool(self._deliverable(limit))

        await self._feed.wait_for(ready, max(0.0, timeout))
        if generation != self._poll_generation:
            raise ApiError(409, default_description(409))
        batch = self._deliverable(limit)
        if batch:
            self.delivered_up_to = max(self.delivered_up_to, batch[-1].update_id)
        return [u.to_api() for u in batch]

    def drop_all(self) -> None:
        self._pending.clear()
