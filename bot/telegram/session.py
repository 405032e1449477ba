"""The HTTP session to the Bot API, which survives an update it cannot read.

aiogram validates a whole `getUpdates` batch at once, so one update with a field of an
unexpected type fails the batch, and polling fetches the same batch again and again: the
bot goes deaf. Here such a batch is read update by update; an update that cannot be read
is logged by its id and kind only (never its content, which holds names and ids) and
replaced by an empty one, which the dispatcher skips and confirms like any other.

It also keeps each `Response[T]` model aiogram reads answers with. pydantic caches
parametrised models only weakly, so once the garbage collector has run the next answer
builds the model again: about 25 ms of CPU, many times a minute under load.
"""

from __future__ import annotations

import json
from typing import Any

import structlog
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import ClientDecodeError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update
from pydantic import ValidationError

log = structlog.get_logger()

# Response[T] by T, held so that pydantic's weak cache keeps returning the same model.
_RESPONSE_MODELS: dict[Any, type[Response[Any]]] = {}


class TolerantSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _RESPONSE_MODELS:
            _RESPONSE_MODELS[returning] = Response[returning]  # type: ignore[valid-type]
        try:
            return super().check_response(bot, method, status_code, content)
        except ClientDecodeError:
            if method.__api_method__ != GetUpdates.__api_method__:
                raise
            readable = _readable_updates(bot, content)
            if readable is None:
                raise
            return super().check_response(bot, method, status_code, readable)


def _readable_updates(bot: Bot, content: str) -> str | None:
    """The batch with every unreadable update emptied; None if it is not a batch at all."""
    try:
        data = json.loads(content)
    except ValueError:
        return None
    batch = data.get("result") if isinstance(data, dict) else None
    if not isinstance(batch, list):
        return None
    data["result"] = [_readable(bot, raw) for raw in batch]
    return json.dumps(data)


def _readable(bot: Bot, raw: Any) -> Any:
    if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
        return raw  # nothing to confirm it by: the batch cannot be saved
    try:
        Update.model_validate(raw, context={"bot": bot})
    except ValidationError:
        kinds = [key for key in raw if key != "update_id"]
        log.warning("update.unreadable_skipped", update_id=raw["update_id"], kind=kinds[:1])
        return {"update_id": raw["update_id"]}
    return raw
