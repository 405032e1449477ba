"""`BotApiEmulator`: an in-memory Telegram Bot API server on aiohttp, for tests and
the offline sandbox. The bot talks to it over HTTP through aiogram's own session, so
the code path is the production one; only the base URL differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.sandbox import roster
from bot.sandbox.api import BotApi
from bot.sandbox.control import ControlApi
from bot.sandbox.driver import SimUser
from bot.sandbox.errors import InjectedInterruption, make_failure
from bot.sandbox.limits import RateLimiter, RateLimits, RateStats
from bot.sandbox.models import JSON, BotIdentity, CallbackQuery, Chat, Person, RecordedMessage
from bot.sandbox.world import World

DEFAULT_TOKEN = "123456:sandbox-token"


class BotApiEmulator:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_name: str = "Qadam",
        bot_username: str = "qadam_sandbox_bot",
        clock: Callable[[], float] = time.time,
        limits: RateLimits | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        first_update_id: int = 1,
        people_file: Path | None = None,
    ) -> None:
        """`clock` gives message dates (wall time); `monotonic` times the rate `limits`,
        which are enforced only when given, and `stats`, which are always kept.

        A sandbox that outlives a restart passes `first_update_id`, above every update id
        its bot has handled, and `people_file`, where its simulated people are kept
        (`roster`; raises `roster.RosterError` when the file cannot be read).
        """
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("a bot token looks like '123456:secret'")
        self.token = token
        self.world = World(
            BotIdentity(int(bot_id), bot_name, bot_username),
            clock,
            first_update_id=first_update_id,
        )
        if people_file is not None:
            for person in roster.load(people_file):
                self.world.add_person(person)
            people = self.world.people
            self.world.on_people_changed = lambda: roster.save(people_file, people.values())
        self._bot_api = BotApi(self.world, token, RateLimiter(limits, monotonic))
        self._control = ControlApi(self.world)

    @property
    def limits(self) -> RateLimits | None:
        return self._bot_api.limiter.limits

    @property
    def stats(self) -> RateStats:
        """Messages delivered and 429s answered by the rate limits, for benchmarks."""
        return self._bot_api.limiter.stats

    def add_routes(self, app: web.Application) -> None:
        """Mount the Bot API (`/bot{token}/{method}`) and the control API (`/sandbox/api/`)."""
        self._bot_api.add_routes(app)
        self._control.add_routes(app)
        app.on_shutdown.append(self._close)

    def make_app(self) -> web.Application:
        app = web.Application()
        self.add_routes(app)
        return app

    async def _close(self, app: web.Application) -> None:
        self.world.feed.close()

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "en",
    ) -> SimUser:
        person = Person(user_id, first_name, last_name, username, language_code)
        self.world.add_person(person)
        return SimUser(self.world, person)

    def user(self, user_id: int) -> SimUser:
        """A driver for a person already here, e.g. one added on the chat page."""
        return SimUser(self.world, self.world.people[user_id])

    def add_to_group(self, chat_id: int, title: str, *, by: SimUser) -> Chat:
        """`by` adds the bot to a group: the bot gets `my_chat_member` (left -> member)."""
        return self.world.add_group(chat_id, title, by.person)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` (to `chat_id`, if given) fail.

        429 carries `parameters.retry_after` (3 s unless given); descriptions default to
        the real server's wording for the status, e.g. 403 "Forbidden: bot was blocked by
        the user".
        """
        self._bot_api.failures.append(
            make_failure(
                method,
                status=status,
                retry_after=retry_after,
                description=description,
                chat_id=chat_id,
                times=times,
            )
        )

    def clear_failures(self) -> None:
        """Answer every call normally again, as when an outage ends."""
        self._bot_api.failures.clear()
        self._bot_api.interruptions.clear()

    def hang_next(
        self,
        method: str,
        seconds: float,
        *,
        after: bool = False,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` (to `chat_id`, if given) take `seconds`
        to answer: before they are carried out, or with `after`, once they are, as when
        Telegram accepts a message but its answer is lost on the way back."""
        self._bot_api.interruptions.append(
            InjectedInterruption(method, chat_id, after, times, seconds=seconds)
        )

    def reset_next(
        self, method: str, *, after: bool = False, chat_id: int | None = None, times: int = 1
    ) -> None:
        """Drop the connection of the next `times` calls of `method` (to `chat_id`, if
        given) without an answer: before they are carried out, or with `after`, once they
        are, so that Telegram has the message and the bot does not know it."""
        self._bot_api.interruptions.append(
            InjectedInterruption(method, chat_id, after, times, reset=True)
        )

    def calls(self, method: str) -> int:
        """How many calls of `method` the bot has made, failed ones included."""
        return self._bot_api.calls[method.lower()]

    def messages(self, chat_id: int) -> list[RecordedMessage]:
        """Every message recorded in a chat, deleted ones included (see `.deleted`)."""
        return list(self.world.chat(chat_id).messages)

    def callback_answers(self) -> list[CallbackQuery]:
        return [query for query in self.world.callbacks.values() if query.answered]

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot through getUpdates' offset."""
        return [update.to_api() for update in self.world.updates.pending]
