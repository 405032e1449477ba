"""The `qadam` command. Settings are built here, once per command, never at import."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from bot.config import Settings
from bot.engine.errors import FlowRuntimeError
from bot.i18n.catalogs import CatalogError
from bot.logs import configure_logging
from bot.spec.errors import FlowError, FlowSpecError
from bot.storage.errors import StorageError

if TYPE_CHECKING:
    from bot.app.content_revisions import Published

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Qadam: the bot and its tools.")
flows_app = typer.Typer(
    no_args_is_help=True, help="Check, translate, publish and roll back flow scripts."
)
app.add_typer(flows_app, name="flows")
instruments_app = typer.Typer(no_args_is_help=True, help="Questionnaires and their scoring.")
app.add_typer(instruments_app, name="instruments")
staff_app = typer.Typer(no_args_is_help=True, help="Counsellors, supervisors and admins.")
app.add_typer(staff_app, name="staff")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks that print their figures.")
app.add_typer(bench_app, name="bench")
risk_app = typer.Typer(no_args_is_help=True, help="Risk signals in free text.")
app.add_typer(risk_app, name="risk")
contacts_app = typer.Typer(no_args_is_help=True, help="Crisis contacts and their checks.")
app.add_typer(contacts_app, name="contacts")
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
    from bot.content.check import check_paths

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


@flows_app.command("export-po")
def flows_export_po(
    locale: Annotated[str, typer.Argument(help="language to translate into, e.g. kk")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="PO file to write (default: stdout)")
    ] = None,
) -> None:
    """Write every flow and instrument text as a PO file for translators."""
    from bot.translations.po import check_locale, export_po

    reason = check_locale(locale)
    if reason:
        err.print(f"[red]error:[/red] {escape(reason)}")
        raise typer.Exit(1)
    data, unreadable = export_po(Settings().flows_dir, locale)
    for problem in unreadable:
        err.print(f"left out: {problem}", markup=False, highlight=False, soft_wrap=True)
    if unreadable:
        err.print("[yellow]warning:[/yellow] files with problems were left out of the PO file")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out.write_bytes(data)
    err.print(f"[green]wrote[/green] {escape(str(out))}", highlight=False)


@flows_app.command("import-po")
def flows_import_po(
    file: Annotated[Path, typer.Argument(help="a translated PO file from export-po")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="check and report, change nothing")
    ] = False,
) -> None:
    """Put translations from a PO file into the flows; exits 1 and changes nothing on a problem."""
    from bot.translations.po import import_po

    settings = Settings()
    result = import_po(settings.flows_dir, file, settings.locales, dry_run=dry_run)
    for note in result.skipped:
        err.print(f"skipped: {note}", markup=False, highlight=False, soft_wrap=True)
    for problem in result.problems:
        err.print(problem, markup=False, highlight=False, soft_wrap=True)
    if not result.ok:
        err.print(f"[red]{len(result.problems)} problem(s)[/red]; nothing was changed")
        raise typer.Exit(1)
    for context, text in zip(result.changed, result.texts, strict=True):
        err.print(f"  {context}: {text}", markup=False, highlight=False, soft_wrap=True)
    verb = "would update" if dry_run else "updated"
    where = ", ".join(result.files) or "no files"
    err.print(
        f"[green]{verb}[/green] {len(result.changed)} {result.locale} text(s) in {where}",
        soft_wrap=True,
    )


@flows_app.command("publish")
def flows_publish(
    paths: Annotated[list[Path], typer.Argument(help="flow files or folders to publish")],
    note: Annotated[str | None, typer.Option("--note", help="why, for the revisions")] = None,
) -> None:
    """Publish content files as new revisions, checked like `flows check`; a running bot
    picks them up within seconds. Safety-critical changes wait for a second staff member."""
    from bot.content_tools import files_named, publish

    settings = _settings()
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {escape(', '.join(missing))}")
        raise typer.Exit(1)
    files = files_named(paths)
    with err.status(f"checking {len(files)} file(s) with everything published…"):
        outcome = _refusable(lambda: publish(settings, files, note))
    _report_published(outcome)


@flows_app.command("import")
def flows_import(
    folder: Annotated[
        Path | None, typer.Argument(help="a folder laid out like flows/ (default QADAM_FLOWS_DIR)")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="why, for the revisions")] = None,
) -> None:
    """Publish every file of a flows folder that differs from what is published."""
    from bot.content.tree import read_seed
    from bot.content_tools import publish

    settings = _settings()
    source = folder or settings.flows_dir
    files = read_seed(source)
    if not files:
        err.print(f"[red]error:[/red] no content files in {escape(str(source))}")
        raise typer.Exit(1)
    with err.status(f"checking {len(files)} file(s) from {source}…"):
        outcome = _refusable(lambda: publish(settings, files, note or f"imported from {source}"))
    _report_published(outcome)


@flows_app.command("export")
def flows_export(
    folder: Annotated[Path, typer.Argument(help="where to write the published files")],
) -> None:
    """Write every published revision to files, laid out like flows/."""
    from bot.content_tools import export

    settings = _settings()
    with err.status("writing the published revisions…"):
        names = _refusable(lambda: export(settings, folder))
    err.print(f"[green]wrote[/green] {len(names)} file(s) to {escape(str(folder))}")


@flows_app.command("revisions")
def flows_revisions(
    name: Annotated[str | None, typer.Argument(help="e.g. menu or risk/suicide")] = None,
) -> None:
    """List revisions, newest first: which is live, which waits for approval."""
    from rich.table import Table

    from bot.content_tools import revisions

    found = _refusable(lambda: revisions(_settings(), name))
    if not found:
        err.print(f"no revisions{f' of {escape(name)}' if name else ''}")
        raise typer.Exit(1)
    table = Table("rev", "name", "state", "by", "when (UTC)", "changed", "note")
    table.columns[1].no_wrap = True
    for rev in found:
        state = "[green]live[/green]" if rev.live else rev.state
        if rev.safety and rev.state == "waiting":
            state = "[yellow]waits for approval[/yellow]"
        table.add_row(
            str(rev.id),
            rev.name,
            state,
            rev.author + (f" (approved {rev.approved_by})" if rev.approved_by else ""),
            f"{rev.created_at:%Y-%m-%d %H:%M}",
            escape(str(rev.summary) if rev.base_id is not None else "first revision"),
            escape(rev.note or ""),
        )
    Console().print(table)


@flows_app.command("rollback")
def flows_rollback(
    name: Annotated[str, typer.Argument(help="e.g. menu")],
    revision: Annotated[int, typer.Argument(help="the revision to publish again")],
) -> None:
    """Publish an earlier revision again, checked like any publish."""
    from bot.content_tools import rollback

    settings = _settings()
    with err.status(f"checking revision {revision} of {name}…"):
        outcome = _refusable(lambda: rollback(settings, name, revision))
    _report_published(outcome)


@flows_app.command("diff")
def flows_diff(
    name: Annotated[str, typer.Argument(help="e.g. menu")],
    first: Annotated[int, typer.Argument(help="the older revision")],
    second: Annotated[int, typer.Argument(help="the newer revision")],
) -> None:
    """What changed between two revisions, step by step and language by language."""
    from bot.content_tools import compare

    changes = _refusable(lambda: compare(_settings(), name, first, second))
    out = Console(highlight=False, soft_wrap=True)
    if not changes:
        out.print(f"revisions {first} and {second} of {escape(name)} say the same")
        return
    part = None
    for change in changes:
        if change.part != part:
            part = change.part
            out.print(f"[bold]{escape(part)}[/bold]")
        language = f" [{change.language}]" if change.language else ""
        out.print(f"  {escape(change.path)}{escape(language)}")
        if change.before is not None:
            out.print(f"    [red]- {escape(str(change.before))}[/red]")
        if change.after is not None:
            out.print(f"    [green]+ {escape(str(change.after))}[/green]")


_Result = TypeVar("_Result")


def _refusable(command: Callable[[], Coroutine[Any, Any, _Result]]) -> _Result:
    """Run a content command; a refusal prints what to do next and exits 1."""
    from bot.app.content_revisions import RevisionError

    try:
        return asyncio.run(command())
    except RevisionError as refusal:
        err.print(f"[red]error:[/red] {escape(str(refusal))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from refusal


def _report_published(outcome: Published) -> None:
    for rev in outcome.live:
        err.print(
            f"[green]published[/green] {rev.name} as revision {rev.id} ({escape(str(rev.summary))})"
        )
    for rev in outcome.waiting:
        err.print(
            f"[yellow]waiting[/yellow] {rev.name} revision {rev.id} is safety-critical: it goes "
            "live once another staff member approves it in the console (Content, Revisions); "
            "the command line cannot approve it"
        )
    for name in outcome.unchanged:
        err.print(f"unchanged: {name} is the same as what is published")
    if outcome.live:
        err.print("Running bots pick this up within seconds; nothing needs restarting.")


@instruments_app.command("score")
def instruments_score(
    name: Annotated[str, typer.Argument(help="instrument name, e.g. phq9")],
    answers: Annotated[str, typer.Argument(help="scale values in item order, e.g. 0,1,3")],
) -> None:
    """Score answers by the instrument's published rules; prints the result as JSON.

    Exits 2 when the instrument is unknown or the answers do not fit it.
    """
    from bot.engine.instruments.scoring import parse_answers, score
    from bot.engine.loader import INSTRUMENTS_DIR, load_instruments

    settings = Settings()
    instruments = load_instruments(settings.flows_dir / INSTRUMENTS_DIR, settings.locales)
    instrument = instruments.get(name)
    if instrument is None:
        # main() prints FlowErrors as one line and exits 2, like every setup error.
        raise FlowRuntimeError(
            f"no instrument {name!r}; known instruments: {', '.join(sorted(instruments))}"
        )
    result = score(instrument, parse_answers(answers))
    typer.echo(json.dumps(asdict(result), ensure_ascii=False))


@risk_app.command("check")
def risk_check(
    text: Annotated[list[str], typer.Argument(help="the message (quote it, or give its words)")],
    lang: Annotated[
        str | None,
        typer.Option(help="the person's language: en, ru, kk, ky, uz or tg (default: all)"),
    ] = None,
) -> None:
    """Check a message against the risk rules; prints JSON with severity, rules, categories.

    Exits 2 when the language is unknown or the rule files have problems.
    """
    from bot.risk import RISK_DIR, check, load_rules, require_language

    language = None if lang is None else require_language(lang)
    rules = load_rules(Settings().flows_dir / RISK_DIR)
    result = check(rules, " ".join(text), language)
    found = {
        "severity": result.severity,
        "rules": list(result.matches),
        "categories": list(result.categories),
        "languages": list(result.languages),
    }
    typer.echo(json.dumps(found, ensure_ascii=False))


def _today() -> date:
    # The bot's calendar (UTC), by which a check is fresh or stale on the crisis card.
    from bot.spec.clock import Clock

    return Clock().now().date()


@contacts_app.command("list")
def contacts_list() -> None:
    """Every contact by country, in card order, and whether people see it and why."""
    from bot.directory.contacts import SERVICES_DIR, load_contacts
    from bot.directory.review import HOW_TO_VERIFY, rows_on

    contacts = load_contacts(Settings().flows_dir / SERVICES_DIR)
    rows = rows_on(contacts, _today())
    cells = [(row.country, row.id, row.number) for row in rows]
    widths = [max((len(line[column]) for line in cells), default=0) for column in range(3)]
    for line, row in zip(cells, rows, strict=True):
        padded = [value.ljust(width) for value, width in zip(line, widths, strict=True)]
        typer.echo("  ".join([*padded, row.status]))
    hidden = sum(1 for row in rows if not row.shown)
    if hidden:
        err.print(f"{hidden} hidden from people; {HOW_TO_VERIFY}", markup=False, soft_wrap=True)


@contacts_app.command("verify")
def contacts_verify(
    contact_id: Annotated[
        str, typer.Argument(metavar="ID", help="the contact's id, e.g. kz-111 (see `list`)")
    ],
    by: Annotated[str, typer.Option("--by", help="who checked it: a name or initials")],
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="the day of the check (default: today)"),
    ] = None,
) -> None:
    """Record that someone checked a number: sets `verified` and `verified_by` in the file.

    Call the number first and correct its entry by hand where needed. A check counts a year.
    """
    from bot.directory.contacts import SERVICES_DIR
    from bot.directory.verify import record_check

    today = _today()
    day = _check_day(on, today)
    who = " ".join(by.split())
    if not who:
        raise typer.BadParameter("say who checked the number", param_hint="--by")
    folder = Settings().flows_dir / SERVICES_DIR
    err.print(f"recording the check of {contact_id} in {folder} ...", markup=False)
    done = record_check(folder, contact_id, who, day)
    before, after = done.before, done.after
    was = f"verified {before.verified}" if before.verified else "never verified"
    if before.verified_by:
        was += f" by {before.verified_by}"
    err.print(
        f"{after.id} ({after.number}, {done.country}): verified {after.verified} by "
        f"{after.verified_by} (was: {was}); wrote {done.file}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if after.kind == "emergency":
        err.print("an emergency number is shown whatever its date", markup=False)
    elif after.shown_on(today):
        err.print(f"shown on crisis cards until {after.fresh_until}", markup=False)
    else:
        err.print(
            f"[yellow]warning:[/yellow] a check on {after.verified} is more than a year old: "
            "the number stays hidden",
            soft_wrap=True,
        )


def _check_day(on: str | None, today: date) -> date:
    if on is None:
        return today
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise typer.BadParameter(
            f"{on!r} is not a date; write year-month-day, like 2026-03-01", param_hint="--date"
        ) from None
    if day > today:
        raise typer.BadParameter(
            f"{day} is after today ({today}, UTC): a check cannot be in the future",
            param_hint="--date",
        )
    return day


@staff_app.command("add")
def staff_add(
    name: Annotated[str, typer.Option(help="how colleagues know them; stored encrypted")],
    role: Annotated[str, typer.Option(help="counsellor, supervisor, admin or editor")],
    languages: Annotated[str, typer.Option(help="languages they counsel in, e.g. ru,kk")],
    gender: Annotated[str | None, typer.Option(help="e.g. female, for people who ask")] = None,
    timezone: Annotated[
        str | None, typer.Option(help="IANA zone they read times in, e.g. Asia/Almaty (UTC)")
    ] = None,
) -> None:
    """Add a staff member and print their one-time invite code (valid for 7 days).

    They link their own Telegram account by sending `/staff CODE` to the bot.
    """
    from bot.escalation.staff import ROLES
    from bot.spec.calendar import known_zone
    from bot.staff_tools import add_staff

    if role not in ROLES:
        raise typer.BadParameter(f"use one of {', '.join(ROLES)}", param_hint="--role")
    settings = _settings()
    codes = [part.strip() for part in languages.split(",") if part.strip()]
    unknown = [code for code in codes if code not in settings.locales]
    if unknown:
        raise typer.BadParameter(
            f"unknown language(s) {', '.join(unknown)}; use {', '.join(settings.locales)}",
            param_hint="--languages",
        )
    if timezone is not None and not known_zone(timezone):
        raise typer.BadParameter(
            f"{timezone!r} is not a time zone; use an IANA name like Asia/Almaty",
            param_hint="--timezone",
        )
    staff_code, invite = asyncio.run(add_staff(settings, name, role, codes, gender, timezone))
    typer.echo(f"Added {role} {staff_code}. Their one-time invite code (shown only now):")
    typer.echo(f"  /staff {invite}")
    typer.echo("They send that to the bot from their own Telegram within 7 days.")


@staff_app.command("list")
def staff_list() -> None:
    """Every staff member: code, name, role, languages, linked, on duty, active."""
    from rich.table import Table

    from bot.staff_tools import list_staff

    members = asyncio.run(list_staff(_settings()))
    if not members:
        err.print("No staff yet: add one with `qadam staff add`.", markup=False)
        return
    table = Table("code", "name", "role", "languages", "linked", "on duty", "active")
    for member in members:
        linked = "yes" if member.linked else "no"
        if member.invite_until is not None:
            linked += f", invite until {member.invite_until:%Y-%m-%d}"
        gone = member.deactivated_at
        active = "yes" if gone is None else f"no, since {gone:%Y-%m-%d}"
        table.add_row(
            member.code,
            escape(member.name),
            member.role,
            ",".join(member.languages),
            linked,
            "yes" if member.on_duty else "no",
            active,
        )
    Console().print(table)


@staff_app.command("deactivate")
def staff_deactivate(
    code: Annotated[str, typer.Argument(metavar="CODE", help="their staff code, e.g. S-ABC-DEF")],
) -> None:
    """End a member's access: their open cases go back to the queue, their link stops
    working, and it is audited. `qadam staff invite CODE` can bring them back."""
    from bot.staff_tools import deactivate_staff

    done = asyncio.run(deactivate_staff(_settings(), code))
    if done is None:
        _no_member(code)
    if done.already is not None:
        when = f"{done.already:%Y-%m-%d}"
        typer.echo(f"{done.code} ({done.name}) was deactivated on {when}; nothing to do.")
        return
    typer.echo(f"Deactivated {done.role} {done.code} ({done.name}): their link no longer works.")
    for case in done.cases:
        where = f"now with {case.to}" if case.to else "waiting for someone on duty"
        typer.echo(f"  case {case.person} ({case.severity}) is back in the queue, {where}")
    if not done.cases:
        typer.echo("  They had no open cases.")


@staff_app.command("invite")
def staff_invite(
    code: Annotated[str, typer.Argument(metavar="CODE", help="their staff code, e.g. S-ABC-DEF")],
) -> None:
    """Print a new one-time invite (valid for 7 days) for an existing member: a new phone
    or account, or coming back after `deactivate`. Their current link works until it is
    redeemed."""
    from bot.escalation.staff import INVITE_DAYS
    from bot.staff_tools import invite_staff

    made = asyncio.run(invite_staff(_settings(), code))
    if made is None:
        _no_member(code)
    role, invite = made
    typer.echo(f"A new one-time invite for {role} {code.strip().upper()} (shown only now):")
    typer.echo(f"  /staff {invite}")
    typer.echo(f"They send that to the bot from their own Telegram within {INVITE_DAYS} days.")


@staff_app.command("login-link")
def staff_login_link(
    code: Annotated[str, typer.Argument(metavar="CODE", help="their staff code, e.g. S-ABC-DEF")],
) -> None:
    """Print a one-time link into the web console for an active member (valid for 5
    minutes, used once): for the first admin, who has nobody to ask. Linked members send
    /console to the bot instead."""
    from bot.app.console.signin import VALID_FOR
    from bot.staff_tools import login_link

    link = asyncio.run(login_link(_settings(), code))
    if link is None:
        err.print(
            f"[red]error:[/red] no active staff member has the code {escape(code)}; "
            "`qadam staff list` shows every code and who is active",
            highlight=False,
        )
        raise typer.Exit(EXIT_SETUP_ERROR)
    minutes = int(VALID_FOR.total_seconds() // 60)
    typer.echo(f"A one-time console link for {code.strip().upper()} (shown only now):")
    typer.echo(f"  {link}")
    typer.echo(f"Open it within {minutes} minutes; it works once. Do not pass it on.")


def _no_member(code: str) -> NoReturn:
    err.print(
        f"[red]error:[/red] no staff member has the code {escape(code)}; "
        "`qadam staff list` shows every code",
        highlight=False,
    )
    raise typer.Exit(EXIT_SETUP_ERROR)


@bench_app.command("fanout")
def bench_fanout(
    participants: Annotated[
        int, typer.Option(min=1, help="how many people have a check-in due in the same minute")
    ] = 10_000,
    database_url: Annotated[
        str | None,
        typer.Option(help="an empty database to use (default: a throw-away SQLite file)"),
    ] = None,
) -> None:
    """Plan and deliver that many check-ins through the rate-limited emulator; print figures."""
    from bot.bench.fanout import report, run

    settings = Settings()
    configure_logging(settings.log_format, level=logging.WARNING)
    console = Console()
    figures = asyncio.run(run(participants, settings.flows_dir, database_url, console))
    report(figures, console)


@bench_app.command("faults")
def bench_faults(
    outage: Annotated[
        float, typer.Option(min=1, help="seconds during which every send fails with 502")
    ] = 300,
) -> None:
    """Run the bot through a flood, a Bot API outage and a hanging chat; print what others
    live through: p95 reply time, crisis-card latency, replies lost and duplicated."""
    from bot.bench.faults import measure, report

    settings = Settings()
    configure_logging(settings.log_format, level=logging.ERROR)
    report(asyncio.run(measure(settings.flows_dir, outage)), Console())


@bench_app.command("throughput")
def bench_throughput(
    databases: str = typer.Option("sqlite,postgresql", help="Comma-separated: sqlite, postgresql."),
    people: str = typer.Option("50,200", help="Closed-loop runs: people, comma-separated."),
    rate: float = typer.Option(100.0, min=0, help="Open-loop run: updates a second; 0 for none."),
    seconds: float = typer.Option(20.0, min=0.1, help="How long each run measures."),
    postgres: str = typer.Option(
        "postgresql://postgres@127.0.0.1:5432/postgres",
        help="A PostgreSQL server where the bench may create and drop a database.",
    ),
    history_rows: str = typer.Option(
        "0",
        help="Old rows of history (sent messages, answers) written in before measuring; "
        "comma-separated for a Qadam run with each (1000,1000000 shows whether cost grows).",
    ),
    profile: Annotated[
        Path | None,
        typer.Option(help="A folder: run Qadam under cProfile and write one .prof per run there."),
    ] = None,
) -> None:
    """Replies a second, latency and CPU per reply of the real bot beside a bare echo bot,
    closed loop and open loop, on SQLite and PostgreSQL."""
    from bot.bench.throughput import measure, report

    # A wide table: in a narrow or redirected terminal it would be cut into "…" columns.
    console = Console(width=max(Console().width, 170))
    chosen = [name.strip() for name in databases.split(",") if name.strip()]
    unknown = sorted(set(chosen) - {"sqlite", "postgresql"})
    if unknown:
        raise typer.BadParameter(f"unknown database {', '.join(unknown)}: use sqlite, postgresql")
    try:
        sizes = [int(n) for n in people.split(",") if n.strip()]
        histories = [int(n) for n in history_rows.split(",") if n.strip()] or [0]
    except ValueError as exc:
        raise typer.BadParameter(
            f"--people and --history-rows take whole numbers, comma-separated: {exc}"
        ) from exc
    if any(size < 1 for size in sizes) or any(rows < 0 for rows in histories):
        raise typer.BadParameter(
            "--people takes numbers of people from 1, --history-rows numbers of rows from 0"
        )
    if not sizes and not rate:
        raise typer.BadParameter("nothing to measure: give --people or a --rate above 0")
    runs = asyncio.run(measure(chosen, sizes, rate, seconds, postgres, console, histories, profile))
    report(runs, console)


@bench_app.command("risk")
def bench_risk(
    corpus: Annotated[
        Path | None,
        typer.Option(help="labelled phrases: a folder of *.yaml or one file"),
    ] = None,
    repeat: Annotated[
        int, typer.Option(min=1, help="checks of each phrase, for its mean time")
    ] = 20,
    misses: Annotated[
        bool, typer.Option("--misses", help="also list missed phrases and flagged look-alikes")
    ] = False,
) -> None:
    """Check the labelled corpus against the risk rules; print recall, false alarms and time
    per message, per language and category, and the goals of issue #11."""
    from bot.bench.corpus import CORPUS_DIR, load_corpus
    from bot.bench.risk import measure, report, time_long_messages
    from bot.risk import RISK_DIR, load_rules

    rules = load_rules(Settings().flows_dir / RISK_DIR)
    phrases = load_corpus(corpus or CORPUS_DIR)
    outcomes = measure(rules, phrases, repeat)
    report(outcomes, time_long_messages(rules, phrases, repeat), Console(), misses=misses)


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
