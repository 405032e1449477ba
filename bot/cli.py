"""The `qadam` command. Settings are built here, once per command, never at import."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.config import Settings
from bot.logs import configure_logging

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Qadam: the bot and its tools.")
flows_app = typer.Typer(no_args_is_help=True, help="Check and translate flow scripts.")
app.add_typer(flows_app, name="flows")
err = Console(stderr=True)


def _settings() -> Settings:
    settings = Settings()
    configure_logging(settings.log_format)
    return settings


@app.command()
def run() -> None:
    """Run the bot, its sender and the console. Without BOT_TOKEN: the offline sandbox."""
    from bot.runtime import serve

    settings = _settings()
    asyncio.run(serve(settings, sandbox=False))


@app.command()
def sandbox() -> None:
    """Run everything offline: a Bot API emulator, the chat page and the real bot."""
    from bot.runtime import serve

    asyncio.run(serve(_settings(), sandbox=True))


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (safe to repeat)."""
    from bot.storage.migrate import upgrade

    settings = _settings()
    upgrade(settings.effective_database_url)
    err.print("[green]database is up to date[/green]")


@flows_app.command("check")
def flows_check(
    paths: Annotated[list[Path] | None, typer.Argument(help="flow files or folders")] = None,
) -> None:
    """Validate flow scripts; exits 1 and names file, step and problem for each error."""
    from bot.engine.lint import check_paths

    settings = Settings()
    targets = paths or [settings.flows_dir]
    problems = check_paths(targets, settings.locales)
    for problem in problems:
        err.print(str(problem), markup=False, highlight=False)
    if problems:
        err.print(f"[red]{len(problems)} problem(s)[/red]; fix them before publishing")
        raise typer.Exit(1)
    err.print(f"[green]ok[/green]: {', '.join(str(p) for p in targets)}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
