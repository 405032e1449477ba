"""Talking to the Bot API: each update read on its own, each answer's model kept, and a
queued call posted as the JSON it was queued as.

aiogram validates a whole `getUpdates` batch at once, so one update with a field of an
unexpected type fails the batch, and polling fetches the same batch again and again: the
bot goes deaf. Polling (`bot.telegram.polling`) asks for the batch as plain JSON objects
and reads each new update with `read_update`: an update that cannot be read is logged by
its id and kind only (never its content, which holds names and ids) and replaced by an
empty one, which the dispatcher skips and confirms like any other.

The session keeps each `Response[T]` model aiogram reads answers with. pydantic caches
parametrised models only weakly, so once the garbage collector has run the next answer
builds the model again: about 25 ms of CPU, many times a minute under load.

A queued call (`bot.outbox.calls.PreparedCall`) already holds what Telegram takes: it is
posted as a JSON body, which the Bot API accepts beside forms, rather than written out
field by field into a form as aiogram does for its own models.

aiogram's models are built on first use (`bot.telegram.models_on_demand`);
`build_models_in_use` builds those of updates and of the calls the bot makes at startup,
so that the first update does not wait for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import structlog
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update
from aiohttp import BytesPayload, FormData
from pydantic import ValidationError

from bot.outbox.calls import PreparedCall

log = structlog.get_logger()

# Response[T] by T, held so that pydantic's weak cache keeps returning the same model.
_RESPONSE_MODELS: dict[Any, type[Response[Any]]] = {}


class ModelKeepingSession(AiohttpSession):
    def build_form_data(  # type: ignore[override]
        self, bot: Bot, method: TelegramMethod[TelegramType]
    ) -> FormData | BytesPayload:
        if isinstance(method, PreparedCall):
            return BytesPayload(
                json.dumps(method.outgoing()).encode(), content_type="application/json"
            )
        return super().build_form_data(bot, method)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        _response_model(method.__returning__)
        return super().check_response(bot, method, status_code, content)


def _response_model(returning: Any) -> type[Response[Any]]:
    if returning not in _RESPONSE_MODELS:
        _RESPONSE_MODELS[returning] = Response[returning]
    return _RESPONSE_MODELS[returning]


def build_models_in_use(methods: Iterable[type[TelegramMethod[Any]]]) -> None:
    """Build the models of updates, of `methods` and of their answers now."""
    Update.model_rebuild()
    for method in methods:
        method.model_rebuild()
        _response_model(method.__returning__)


def read_update(bot: Bot, raw: dict[str, Any]) -> Update:
    """One update of a `getUpdates` answer, or an empty one with its id if it cannot be
    read."""
    try:
        return Update.model_validate(raw, context={"bot": bot})
    except ValidationError:
        kinds = [key for key in raw if key != "update_id"]
        log.warning("update.unreadable_skipped", update_id=raw["update_id"], kind=kinds[:1])
        return Update.model_validate({"update_id": raw["update_id"]}, context={"bot": bot})
