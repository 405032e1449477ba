"""Structured logs. People are named by a tag that dies with them, never by a Telegram
identity or their code (`bot.domain.participants.log_tag`)."""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog


def configure_logging(
    fmt: Literal["console", "json"] = "console", level: int = logging.INFO
) -> None:
    # Tracebacks are printed plainly: a "rich" traceback shows local variables, and those
    # include aiogram's Message and User objects with names and ids.
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if fmt == "json":
        shared.append(structlog.processors.format_exc_info)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processor=renderer)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library loggers stay quiet below WARNING: their messages are not ours to vet for privacy.
    for name in ("aiogram", "aiohttp.access", "sqlalchemy.engine", "alembic", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)
