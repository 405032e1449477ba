"""Read a Bot API call's parameters the way the real server accepts them.

Clients send query strings, urlencoded or multipart forms (aiogram's AiohttpSession sends
a form whose complex fields are JSON strings), or a JSON body. Form values are all
strings, so each known parameter is coerced to the type the API documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.sandbox.errors import ApiError
from bot.sandbox.models import JSON

_INTS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "cache_time",
    "user_id",
    "reply_to_message_id",
    "message_thread_id",
}
_BOOLS = {
    "disable_notification",
    "show_alert",
    "protect_content",
    "drop_pending_updates",
    "disable_web_page_preview",
    "allow_sending_without_reply",
}
_JSONS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "link_preview_options",
    "reply_parameters",
    "message_ids",
}


_ATTACH = "attach://"


@dataclass(frozen=True)
class Upload:
    """A file a call uploaded (a document, a photo)."""

    filename: str
    data: bytes


async def read_params(request: web.Request) -> JSON:
    raw: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: the JSON body must be an object")
            raw.update(body)
        else:
            form = await request.post()
            raw.update({key: value for key, value in form.items() if isinstance(value, str)})
            # An uploaded file is named by a parameter "attach://<part>": the part's bytes.
            uploads = {
                key: Upload(value.filename, value.file.read())
                for key, value in form.items()
                if isinstance(value, web.FileField)
            }
            raw.update(
                {
                    key: uploads[value.removeprefix(_ATTACH)]
                    for key, value in raw.items()
                    if isinstance(value, str)
                    and value.startswith(_ATTACH)
                    and value.removeprefix(_ATTACH) in uploads
                }
            )
    return {name: _coerce(name, value) for name, value in raw.items()}


def _coerce(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if name in _JSONS:
            return json.loads(value)
        if name in _INTS:
            # A chat may also be named "@channel"; such a chat never exists here.
            return value if name == "chat_id" and value.startswith("@") else int(value)
    except ValueError as exc:
        raise ApiError(400, f"Bad Request: can't parse parameter {name}") from exc
    if name in _BOOLS:
        return value.lower() in {"true", "1"}
    return value
