"""The `qadam` command. Settings are built here, once per command, never at import."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from bot.config import Settings
from bot.engine.errors import FlowError, FlowSpecError
from bot.i18n.catalogs import CatalogError
from bot.logs import configure_logging
from bot.storage.errors import StorageError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Qadam: the bot and its tools.")
flows_app = typer.Typer(no_args_is_help=True, help="Check and translate flow scripts.")
app.add_typer(flows_app, name="flows")
err = Console(stderr=True)
# What a command can fail with because of its setup (flows, keys, database, catalogs): each
# message says what to fix, so it is printed as such, without a traceback.
EXPECTED_ERRORS = (FlowError, StorageError, CatalogError, ValidationError)
EXIT_SETUP_ERROR = 2


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
        # One line per problem, never wrapped, so it can be grepped and read by tools.
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if problems:
        err.print(f"[red]{len(problems)} problem(s)[/red]; fix them before publishing")
        raise typer.Exit(1)
    err.print(f"[green]ok[/green]: {', '.join(str(p) for p in targets)}")


def report(exc: Exception) -> None:
    """Print an expected error readably on stderr: one line per flow problem."""
    if isinstance(exc, FlowSpecError):
        count = len(exc.problems)
        err.print(f"[bold red]error:[/] {count} problem(s) in the flow files:")
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
        err.print("Fix them, check with `qadam flows check`, then start again.", markup=False)
        return
    if isinstance(exc, ValidationError):
        err.print("[bold red]error:[/] some settings are not valid:")
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            err.print(f"  {where}: {error['msg']}", markup=False, highlight=False, soft_wrap=True)
        err.print("Fix them in the environment or .env (see README, Settings).", markup=False)
        return
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)


def main() -> None:
    try:
        app()
    except EXPECTED_ERRORS as exc:
        report(exc)
        sys.exit(EXIT_SETUP_ERROR)
