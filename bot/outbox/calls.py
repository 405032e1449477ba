"""A queued row as the Bot API call the sender makes.

A row holds its call as the JSON it goes to Telegram with, written by the bot itself
(`bot.outbox.messages`). Validating it into aiogram's model of the method and writing
that model out again as a form cost a tenth of the bot's time under load (issue #17): a
model with twenty-odd fields built, checked and dumped per message. So a call is a
`PreparedCall`: aiogram's method, with no fields of its own, carrying the payload as it
was queued. Any aiogram session sends it as it sends every call (the payload's keys are
the method's extra fields, which aiogram writes into its form), and the bot's own session
posts it as the JSON it already is (`bot.telegram.session`). The call's errors, timeouts
and answers are aiogram's, as for every other call.

A call with a file (`UPLOADS`) is aiogram's own method, validated: its upload goes as
multipart form data.
"""

from __future__ import annotations

import base64
import types
from typing import Any, cast

from aiogram.methods import SendDocument, SendPhoto, TelegramMethod
from aiogram.types import BufferedInputFile

from bot.outbox.messages import UPLOADS

# The Bot API methods the outbox may hold (`bot.outbox.messages` writes them).
QUEUED_METHODS = (
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    # Read, not sent: the answer goes to the sender's `on_chat_read`.
    "getChat",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "leaveChat",
    "setMyCommands",
    "deleteMyCommands",
)


class PreparedCall(TelegramMethod[Any]):
    """A Bot API call whose payload is already what Telegram takes. Its answer is left as
    JSON: of an answer the sender reads a message's id or a chat's timer only."""

    def outgoing(self) -> dict[str, Any]:
        return {key: value for key, value in (self.model_extra or {}).items() if value is not None}


def _answering_json(
    base: type[TelegramMethod[Any]], name: str, **attributes: Any
) -> type[TelegramMethod[Any]]:
    """A method class `name` made from `base`, its answer left as JSON, as a
    `PreparedCall`'s is: aiogram would read all of it into its models (a `Message` with its
    chat, sender and keyboard)."""
    method = types.new_class(
        name,
        (base,),
        # Keeps the names aiogram's models are built from (`bot.telegram.models_on_demand`).
        {"__pydantic_reset_parent_namespace__": False},
        lambda body: body.update(__returning__=Any, __module__=__name__, **attributes),
    )
    return cast(type[TelegramMethod[Any]], method)


METHODS: dict[str, type[TelegramMethod[Any]]] = {
    **{name: _answering_json(PreparedCall, name, __api_method__=name) for name in QUEUED_METHODS},
    **{
        method.__api_method__: _answering_json(method, method.__name__)
        for method in (SendDocument, SendPhoto)
    },
}


def call_of(method: str, payload: dict[str, Any]) -> TelegramMethod[Any]:
    """The call a row holds; KeyError or ValueError when it cannot be made (no such
    method, a file aiogram refuses)."""
    kind = METHODS[method]
    if method in UPLOADS:
        return kind.model_validate(with_upload(method, payload))
    return kind.model_construct(**payload)


def with_upload(method: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as aiogram takes it: a stored file becomes the upload itself. Here, not
    beside `send_file`, so that queueing a message never imports aiogram (the command line
    stays quick)."""
    field = UPLOADS[method]
    stored = payload[field]
    upload = BufferedInputFile(base64.b64decode(stored["base64"]), stored["filename"])
    return {**payload, field: upload}
