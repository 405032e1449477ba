"""JSON API for the sandbox chat page, under `/sandbox/api/`.

People act through the same `World` calls the test driver uses; chats and the list of
people can be long-polled with `?since=VERSION&timeout=SECONDS` so the page updates live.
"""

from __future__ import annotations

import json
import mimetypes
import re
from typing import Any

from aiohttp import web

from bot.sandbox.models import JSON, Chat, Person
from bot.sandbox.world import SandboxError, World

PREFIX = "/sandbox/api"
_MAX_POLL = 30.0
_FIRST_SIMULATED_ID = 100_000_000
_PICTURES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


class ControlApi:
    def __init__(self, world: World) -> None:
        self._world = world

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(f"{PREFIX}/users", self.list_people)
        app.router.add_post(f"{PREFIX}/users", self.add_person)
        app.router.add_post(f"{PREFIX}/users/{{user_id}}/messages", self.send_text)
        app.router.add_post(f"{PREFIX}/users/{{user_id}}/taps", self.tap)
        app.router.add_get(f"{PREFIX}/chats/{{chat_id}}", self.chat)
        app.router.add_get(f"{PREFIX}/chats/{{chat_id}}/messages/{{message_id}}/file", self.file)

    async def list_people(self, request: web.Request) -> web.Response:
        world = self._world
        since, timeout = _poll_args(request)
        await world.feed.wait_for(lambda: world.people_version > since, timeout)
        people = [_person_json(p) for p in world.people.values()]
        return web.json_response({"version": world.people_version, "users": people})

    async def add_person(self, request: web.Request) -> web.Response:
        body = await _body(request)
        name = str(body.get("first_name", "")).strip()
        language = str(body.get("language_code", "en")).strip() or "en"
        if not name or len(name) > 64:
            raise _bad("first_name is required (1-64 characters)")
        person_id = max(self._world.people, default=_FIRST_SIMULATED_ID) + 1
        person = Person(id=person_id, first_name=name, language_code=language)
        self._world.add_person(person)
        return web.json_response({"user": _person_json(person)}, status=201)

    async def send_text(self, request: web.Request) -> web.Response:
        person = self._person(request)
        body = await _body(request)
        try:
            message = self._world.person_says(person, str(body.get("text", "")))
        except SandboxError as exc:
            raise _bad(str(exc)) from exc
        return web.json_response({"message": message.to_page()}, status=201)

    async def tap(self, request: web.Request) -> web.Response:
        person = self._person(request)
        body = await _body(request)
        try:
            query = self._world.person_taps(
                person, person.id, int(body.get("message_id", 0)), str(body.get("callback_data"))
            )
        except (SandboxError, ValueError) as exc:
            raise _bad(str(exc)) from exc
        return web.json_response({"callback_query_id": query.id}, status=201)

    async def chat(self, request: web.Request) -> web.Response:
        chat = self._world.chats.get(_int(request.match_info["chat_id"]))
        if chat is None:
            raise web.HTTPNotFound(text="no such chat")
        since, timeout = _poll_args(request)
        await self._world.feed.wait_for(lambda: chat.version > since, timeout)
        return web.json_response(self._chat_json(chat))

    async def file(self, request: web.Request) -> web.Response:
        """The photo or document a message carries, as the bot uploaded it: what Telegram
        would show in the chat. Gone once the message is deleted, as in Telegram."""
        chat = self._world.chats.get(_int(request.match_info["chat_id"]))
        wanted = _int(request.match_info["message_id"])
        message = (
            next((m for m in chat.messages if m.message_id == wanted), None)
            if chat is not None
            else None
        )
        if message is None or message.deleted or message.file_data is None:
            raise web.HTTPNotFound(text="no such file")
        kind = mimetypes.guess_type(message.file_name or "")[0]
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
        # Only a picture is shown in place; anything else is downloaded, never opened as
        # a page of the console's own address.
        if message.attachment != "photo" or kind not in _PICTURES:
            kind = "application/octet-stream"
            headers["Content-Disposition"] = f'attachment; filename="{_safe(message.file_name)}"'
        return web.Response(body=message.file_data, content_type=kind, headers=headers)

    def _chat_json(self, chat: Chat) -> JSON:
        answers = [
            {
                "id": q.id,
                "message_id": q.message.message_id,
                "text": q.answer_text,
                "show_alert": q.show_alert,
            }
            for q in self._world.callbacks.values()
            if q.answered and q.message.chat is chat
        ]
        return {
            "version": chat.version,
            "chat": {"id": chat.id, "type": chat.type, "bot_is_member": chat.bot_is_member},
            "messages": [m.to_page() for m in chat.messages],
            "callback_answers": answers,
        }

    def _person(self, request: web.Request) -> Person:
        person = self._world.people.get(_int(request.match_info["user_id"]))
        if person is None:
            raise web.HTTPNotFound(text="no such person")
        return person


def _safe(file_name: str | None) -> str:
    """A file name fit for a header: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^\w.-]", "_", file_name or "file") or "file"


def _person_json(person: Person) -> JSON:
    return {
        "id": person.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "username": person.username,
        "language_code": person.language_code,
        "blocked_bot": person.blocked_bot,
    }


def _poll_args(request: web.Request) -> tuple[int, float]:
    since = _int(request.query.get("since", "-1"))
    try:
        timeout = float(request.query.get("timeout", "0"))
    except ValueError as exc:
        raise _bad("timeout must be a number") from exc
    return since, min(max(timeout, 0.0), _MAX_POLL)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise _bad(f"not a number: {value!r}") from exc


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise _bad("the body must be JSON") from exc
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    return body


def _bad(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")
