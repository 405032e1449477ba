"""The HTTP face of the Bot API: `/bot{token}/{method}` answering `{"ok": ..., ...}`."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter

from aiohttp import web

from bot.sandbox.errors import (
    ApiError,
    InjectedFailure,
    InjectedInterruption,
    default_description,
    too_many_requests,
)
from bot.sandbox.limits import RATE_LIMITED_METHODS, RateLimiter
from bot.sandbox.methods import METHODS
from bot.sandbox.params import read_params
from bot.sandbox.world import World

# Only method names and statuses are logged: parameters carry chat ids and people's text.
log = logging.getLogger(__name__)


class BotApi:
    def __init__(self, world: World, token: str, limiter: RateLimiter | None = None) -> None:
        self._world = world
        self._token = token
        self.limiter = limiter or RateLimiter(None)
        self.failures: list[InjectedFailure] = []
        self.interruptions: list[InjectedInterruption] = []
        # Calls received per method, answered or not: what a test counts retries by.
        self.calls: Counter[str] = Counter()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("GET", "/bot{token}/{method}", self.handle)
        app.router.add_route("POST", "/bot{token}/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method.lower()] += 1
        try:
            result = await self._call(request, method)
        except ApiError as error:
            log.info("bot api %s -> %s", method, error.status)
            return _json(error.to_api(), status=error.status)
        except _Dropped:
            log.info("bot api %s -> connection dropped", method)
            return web.Response(status=204)  # never written: the socket is closed
        return _json({"ok": True, "result": result})

    async def _call(self, request: web.Request, method: str) -> object:
        if request.match_info["token"] != self._token:
            raise ApiError(401, default_description(401))
        handler = METHODS.get(method.lower())
        if handler is None:
            raise ApiError(404, default_description(404))
        params = await read_params(request)
        chat_id = params.get("chat_id")
        self._raise_injected(method, chat_id if isinstance(chat_id, int) else None)
        await self._interrupt(request, method, chat_id, after=False)
        if method.lower() not in RATE_LIMITED_METHODS:
            result = await handler(self._world, params)
        else:
            # "123" and 123 name the same chat for the real server, and so for its limits.
            chat_key = str(chat_id)
            retry_after = self.limiter.admit(chat_key)
            if retry_after is not None:
                raise too_many_requests(retry_after)
            # Admission and counting are not split by an await: send handlers never yield.
            result = await handler(self._world, params)
            self.limiter.delivered(chat_key)
        await self._interrupt(request, method, chat_id, after=True)
        return result

    async def _interrupt(
        self, request: web.Request, method: str, chat_id: object, *, after: bool
    ) -> None:
        target = chat_id if isinstance(chat_id, int) else None
        for injected in self.interruptions:
            if injected.after == after and injected.matches(method, target):
                injected.remaining -= 1
                if injected.remaining <= 0:
                    self.interruptions.remove(injected)
                if injected.reset:
                    _drop_connection(request)
                await asyncio.sleep(injected.seconds)
                return

    def _raise_injected(self, method: str, chat_id: int | None) -> None:
        for failure in self.failures:
            if failure.matches(method, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self.failures.remove(failure)
                raise failure.to_error()


class _Dropped(Exception):
    """The connection was closed with no answer: there is nothing left to write."""


def _drop_connection(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()
    raise _Dropped


def _json(payload: object, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
    )
