"""The HTTP face of the Bot API: `/bot{token}/{method}` answering `{"ok": ..., ...}`."""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp import web

from bot.sandbox.errors import (
    ApiError,
    InjectedFailure,
    InjectedHang,
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
        self.hangs: list[InjectedHang] = []

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("GET", "/bot{token}/{method}", self.handle)
        app.router.add_route("POST", "/bot{token}/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            result = await self._call(request, method)
        except ApiError as error:
            log.info("bot api %s -> %s", method, error.status)
            return _json(error.to_api(), status=error.status)
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
        await self._hang(method, chat_id, after=False)
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
        await self._hang(method, chat_id, after=True)
        return result

    async def _hang(self, method: str, chat_id: object, *, after: bool) -> None:
        for hang in self.hangs:
            if hang.after == after and hang.matches(
                method, chat_id if isinstance(chat_id, int) else None
            ):
                hang.remaining -= 1
                if hang.remaining <= 0:
                    self.hangs.remove(hang)
                await asyncio.sleep(hang.seconds)
                return

    def _raise_injected(self, method: str, chat_id: int | None) -> None:
        for failure in self.failures:
            if failure.matches(method, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self.failures.remove(failure)
                raise failure.to_error()


def _json(payload: object, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
    )
