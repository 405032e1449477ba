"""Bot API errors as the real server words them, and failures injected by tests."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.models import JSON

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def default_description(status: int) -> str:
    return _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")


class ApiError(Exception):
    """An answer with `ok: false`; raised by method handlers, rendered by the router."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def to_api(self) -> JSON:
        out: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            out["parameters"] = {"retry_after": self.retry_after}
        return out


def too_many_requests(retry_after: int) -> ApiError:
    """A 429 worded like the real server's flood-control answer."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


@dataclass
class InjectedFailure:
    method: str
    status: int
    retry_after: int | None
    description: str
    chat_id: int | None
    remaining: int

    def matches(self, method: str, chat_id: int | None) -> bool:
        same_method = self.method.lower() == method.lower()
        return same_method and (self.chat_id is None or self.chat_id == chat_id)

    def to_error(self) -> ApiError:
        return ApiError(self.status, self.description, retry_after=self.retry_after)


@dataclass
class InjectedInterruption:
    """A call that does not answer normally: it hangs for `seconds`, or with `reset` its
    connection is dropped without an answer. Either comes before the call is carried out
    (nothing delivered yet) or, with `after`, once it is (delivered, but the client never
    learns so in time, as when Telegram accepts a message and its answer is lost)."""

    method: str
    chat_id: int | None
    after: bool
    remaining: int
    seconds: float = 0.0
    reset: bool = False

    def matches(self, method: str, chat_id: int | None) -> bool:
        same_method = self.method.lower() == method.lower()
        return same_method and (self.chat_id is None or self.chat_id == chat_id)


def make_failure(
    method: str,
    *,
    status: int,
    retry_after: int | None,
    description: str | None,
    chat_id: int | None,
    times: int,
) -> InjectedFailure:
    if status == 429:
        retry_after = 3 if retry_after is None else retry_after
        default = too_many_requests(retry_after).description
    else:
        default = default_description(status)
    return InjectedFailure(
        method=method,
        status=status,
        retry_after=retry_after,
        description=description or default,
        chat_id=chat_id,
        remaining=times,
    )
