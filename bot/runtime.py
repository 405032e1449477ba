"""Composing the running bot: storage, engine, aiogram, the sender and the console."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import structlog
from aiogram import Bot, Dispatcher
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import GetMe, SetMyCommands
from aiohttp import web
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

from admin.app import build_console_app
from admin.console.context import ConsoleContext
from bot.app import content_revisions, delivery, menus
from bot.app.console import demo
from bot.app.context import App
from bot.app.flood import Flood
from bot.config import Settings
from bot.content import store as content_store
from bot.directory import local_services
from bot.directory.contacts import SERVICES_DIR, CrisisContacts, load_contacts
from bot.directory.review import warn_hidden
from bot.domain import simulated, updates
from bot.domain.services import Services
from bot.engine.loader import Library, load_library
from bot.i18n.catalogs import Catalogs
from bot.jobs import start_jobs
from bot.outbox.calls import METHODS
from bot.outbox.sender import Limits, OutboxSender
from bot.risk import RISK_DIR, RiskRules, load_rules
from bot.sandbox import roster
from bot.sandbox.emulator import BotApiEmulator
from bot.scheduling import plans
from bot.spec.clock import Clock
from bot.storage.crypto import Cipher
from bot.storage.database import (
    check_connection,
    describe,
    group_commit,
    make_engine,
    make_sessionmaker,
    ping,
)
from bot.storage.keys import load_keys
from bot.storage.migrate import upgrade_async
from bot.telegram.context import BotContext
from bot.telegram.dispatcher import build_dispatcher
from bot.telegram.polling import GetRawUpdates
from bot.telegram.session import ModelKeepingSession, build_models_in_use

log = structlog.get_logger()

# The emulator accepts any well-formed token; this one can never reach the real API.
SANDBOX_TOKEN = "1000001:sandbox-offline-token"
# mallopt's parameter for the most arenas glibc's malloc makes, and the number kept.
M_ARENA_MAX = -8
MALLOC_ARENAS = 2
# SQLite serves one process: it always holds the sender's lease, also after a crash.
EMBEDDED_HOLDER = "embedded"
PRODUCTION_SANDBOX = (
    "qadam sandbox will not start with QADAM_ENV=production: its chat page and its clock "
    "are open to anyone who reaches CONSOLE_BIND, and it runs simulated people. Run it "
    "where QADAM_ENV is unset (development), with a database of its own, e.g. "
    "QADAM_DATA_DIR=./sandbox-data"
)
PRODUCTION_NO_ORGANISATION = (
    "QADAM_ORGANISATION_NAME and QADAM_ORGANISATION_CONTACT must be set with "
    "QADAM_ENV=production: the consent tells people who runs the service and how to reach "
    "them"
)
PRODUCTION_NO_TOKEN = (
    "BOT_TOKEN is not set, and QADAM_ENV=production will not start the offline sandbox "
    "against real data: set BOT_TOKEN, or run `qadam sandbox` elsewhere"
)


@dataclass(frozen=True)
class Content:
    """What the bot says and checks against, read from `settings.flows_dir` and the
    catalogs; never changed while it runs."""

    library: Library
    contacts: CrisisContacts
    risk: RiskRules
    catalogs: Catalogs


def load_content(settings: Settings) -> Content:
    """Raises on a broken file, before anything is written to disk."""
    library = load_library(settings.flows_dir, settings.locales)
    # The crisis contacts beside the flows: a broken file stops the start the same way.
    contacts = load_contacts(settings.flows_dir / SERVICES_DIR)
    risk = load_rules(settings.flows_dir / RISK_DIR)
    return Content(library, contacts, risk, Catalogs(settings.locales))


@dataclass(frozen=True)
class Assembly:
    """The bot composed and connected, not yet running: what `serve` runs, and what the
    end-to-end tests run in their own event loop, so both take the same code path."""

    settings: Settings
    library: Library
    services: Services
    risk: RiskRules
    clock: Clock
    sessionmaker: async_sessionmaker[AsyncSession]
    bot: Bot
    dispatcher: Dispatcher
    sender: OutboxSender
    # The console's base URL; offline, the emulator and its chat page are served there too.
    console_url: str
    offline: bool
    emulator: BotApiEmulator | None
    app: App
    # The publication the content was loaded at; `run` watches for newer ones.
    content_marker: int
    # The sandbox's demo staff, by name, with a one-time console link each.
    demo_links: tuple[tuple[str, str], ...] = ()


async def serve(settings: Settings, *, sandbox: bool) -> None:
    """Run until interrupted. Without a token (or with `sandbox`), talk to the emulator."""
    _fewer_malloc_arenas()
    async with assemble(settings, sandbox=sandbox) as assembly:
        base = assembly.console_url
        if assembly.offline:
            log.info("sandbox.ready", chat_page=f"{base}/")
            Console().print(
                f"[bold green]Qadam sandbox is running.[/] Open [link]{base}/[/] to chat with "
                "the bot. Press Ctrl+C to stop."
            )
            for name, link in assembly.demo_links:
                Console().print(f"Sign in to the console as {name}: [link]{link}[/]")
            if assembly.demo_links:
                Console().print(
                    "Each link works once, within 5 minutes; for a new one, send /console "
                    "as that member on the chat page."
                )
        build_models_in_use([*METHODS.values(), GetRawUpdates, GetMe])
        log.info("bot.started", flows=len(assembly.library.flows), console=base)
        _freeze_startup_objects()
        await run(assembly)


def _freeze_startup_objects() -> None:
    """What startup made (aiogram's models, SQLAlchemy's mappings, the content: about
    300,000 objects) lives as long as the process. The garbage collector's full passes
    would walk it all each time, about 200 ms in which no update is handled: the slowest
    replies under load. Frozen, it is left out of every collection from now on. What of it
    is later dropped is still freed by reference counting; only cycles among it would stay
    (content replaced by a publication is plain data, and old flows are kept anyway)."""
    gc.collect()
    gc.freeze()


def _fewer_malloc_arenas() -> None:
    """glibc gives threads that allocate arenas of their own, up to eight a core, and each
    keeps memory resident. The bot's work runs on one event loop; its few threads (the
    database's, `to_thread`) share two: about 10 MB less under load, at no cost measured
    in `qadam bench throughput`. Elsewhere than glibc there is nothing to set."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, MALLOC_ARENAS)


@contextlib.asynccontextmanager
async def assemble(
    settings: Settings,
    *,
    sandbox: bool = False,
    clock: Clock | None = None,
    content: Content | None = None,
) -> AsyncIterator[Assembly]:
    """Load, check and connect everything; the console listens while the block runs.

    Tests may pass a `clock` of their own, to move the bot's time through `wait:` steps,
    and `content` loaded once for many bots (loading every flow takes seconds), used when
    the database holds no revisions yet; `serve` passes neither.
    """
    offline = sandbox or settings.bot_token is None
    if offline and settings.env == "production":
        raise SystemExit(PRODUCTION_SANDBOX if sandbox else PRODUCTION_NO_TOKEN)
    if settings.env == "production" and not (
        settings.organisation_name.strip() and settings.organisation_contact.strip()
    ):
        raise SystemExit(PRODUCTION_NO_ORGANISATION)
    url = settings.effective_database_url
    await _refuse_the_other_side(url, offline)
    if url.startswith("sqlite"):
        # The embedded database belongs to this process alone; PostgreSQL deployments
        # run `qadam migrate` once before starting several processes.
        await upgrade_async(url)
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    clock = clock or Clock()
    try:
        content, marker = await _published_content(settings, sessionmaker, content, clock)
        # Keys only once the content is known to be good: a broken seed leaves none behind.
        keys = load_keys(settings)
    except BaseException:
        await engine.dispose()
        raise
    library, risk = content.library, content.risk
    # Operators see which helplines people will not be shown until someone checks them.
    warn_hidden(content.contacts, clock.now().date())
    services = Services(
        library=library,
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=clock.now,
        rng=random.SystemRandom(),
        catalogs=content.catalogs,
        policy=settings.policy,
        organisation=settings.organisation,
        simulated=offline,
    )
    app = App(services, risk, content.contacts)
    emulator = await _sandbox_emulator(settings, url) if offline else None

    async def health() -> dict[str, object]:
        db_ok = await ping(engine)
        return {"ok": db_ok, "database": "ok" if db_ok else "unreachable"}

    staff_console = ConsoleContext(
        services,
        sessionmaker,
        secure_cookies=settings.env == "production",
        app=app,
    )
    console = build_console_app(
        health=health, emulator=emulator, clock=clock, console=staff_console
    )
    host, port = settings.console_host_port
    async with _serving(console, host, port) as bound:
        base = f"http://{host}:{bound}"
        api_url = base if offline else settings.telegram_api_url
        token = SANDBOX_TOKEN if offline else _token(settings)
        bot = Bot(token, session=ModelKeepingSession(api=TelegramAPIServer.from_base(api_url)))
        try:
            limits = Limits(
                per_second=settings.send_per_second,
                per_chat_interval=settings.send_chat_interval,
                per_chat_burst=settings.send_chat_burst,
                retry_window=timedelta(hours=settings.retry_hours),
                scheduled_grace=timedelta(minutes=settings.checkin_grace_minutes),
            )
            # The handlers' and the sender's statements are short: on SQLite they run on
            # the event loop, not a trip to SQLite's thread each (issue #17).
            replies = make_sessionmaker(engine, on_loop=True)
            sender = OutboxSender(
                replies,
                services.cipher,
                bot,
                clock.now,
                limits,
                holder=EMBEDDED_HOLDER if url.startswith("sqlite") else None,
                on_failed=delivery.on_failed(services),
                on_chat_read=delivery.on_chat_read(services),
            )
            flood = Flood(settings.flood_burst, settings.flood_per_second)
            console_url = settings.console_address(bound)
            dispatcher = build_dispatcher(
                BotContext(app, replies, sender, flood, console_url=console_url)
            )
            demo_links = (
                await _demo_staff(emulator, services, sessionmaker, console_url)
                if emulator is not None
                else ()
            )
            await register_menus(bot, services, sessionmaker)
            yield Assembly(
                settings=settings,
                library=library,
                services=services,
                risk=risk,
                clock=clock,
                sessionmaker=sessionmaker,
                bot=bot,
                dispatcher=dispatcher,
                sender=sender,
                console_url=base,
                offline=offline,
                emulator=emulator,
                app=app,
                content_marker=marker,
                demo_links=demo_links,
            )
        finally:
            await bot.session.close()
            group = group_commit(engine)
            if group is not None:
                # What was sent since the last sync is on disk before the bot stops.
                try:
                    await group.stop()
                except OSError as exc:
                    log.error("db.sync_failed", error=type(exc).__name__)
            await engine.dispose()


async def _published_content(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    given: Content | None,
    clock: Clock,
) -> tuple[Content, int]:
    """The content published in the database, and the publication it is at. On the first
    start the files under `flows/` are checked (a broken one stops the start) and become
    the first revisions; after that, the files are only a seed and the database rules."""
    async with sessionmaker() as db, db.begin():
        marker = await content_store.marker(db)
        if marker:
            marker, published = await content_revisions.load_live(db, settings.locales)
            catalogs = given.catalogs if given is not None else Catalogs(settings.locales)
            return Content(published.library, published.contacts, published.risk, catalogs), marker
        content = given if given is not None else load_content(settings)
        seeded = await content_revisions.seed_if_empty(db, settings.flows_dir, clock.now(), None)
        log.info("content.seeded", files=seeded)
        # A library of this bot's own: a publish replaces what it holds in place.
        library = Library(content.library.flows, content.library.instruments)
        return Content(library, content.contacts, content.risk, content.catalogs), (
            await content_store.marker(db)
        )


async def _watch_content(assembly: Assembly) -> None:
    """Every few seconds, one indexed read: has anything been published? Then reload.
    A database outage only delays the next look; it never stops the bot."""
    marker = assembly.content_marker
    locales = assembly.settings.locales
    while True:
        await asyncio.sleep(assembly.settings.content_poll_seconds)
        try:
            async with assembly.sessionmaker() as db:
                marker = await content_revisions.refresh(db, assembly.app, marker, locales)
        except (OSError, SQLAlchemyError) as exc:
            log.warning("content.watch_failed", error=type(exc).__name__)


async def _demo_staff(
    emulator: BotApiEmulator,
    services: Services,
    sessionmaker: async_sessionmaker[AsyncSession],
    console_url: str,
) -> tuple[tuple[str, str], ...]:
    """The sandbox's demo counsellor and supervisor, on accounts of the emulator's."""
    for member in demo.DEMO_STAFF:
        if member.user_id not in emulator.world.people:
            emulator.add_user(member.user_id, member.name)
    async with sessionmaker() as db, db.begin():
        links = await demo.sign_in_links(db, services, console_url)
    return tuple((demo_member.name, link) for demo_member, link in links)


async def register_menus(
    bot: Bot, services: Services, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """People's command menu in each language, and every linked staff member's own, as
    they are now: a changed translation or a chat that missed its menu is set right here.
    A staff chat Telegram refuses (the member blocked the bot) is logged and skipped."""
    for call in menus.people(services.catalogs):
        await bot(SetMyCommands.model_validate(call.payload))
    async with sessionmaker() as db:
        staff_calls = await menus.staff_chats(db, services)
    for call in staff_calls:
        try:
            await bot(SetMyCommands.model_validate(call.payload))
        except TelegramAPIError as exc:
            log.warning("menus.staff_chat_refused", staff=call.staff, error=type(exc).__name__)


async def _sandbox_emulator(settings: Settings, url: str) -> BotApiEmulator:
    """The sandbox's Telegram, going on from its last run: update ids above those the bot
    has handled (it would ignore one it has seen), and the same simulated people."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with make_sessionmaker(engine)() as db:
            last = await updates.last_handled(db)
    finally:
        await engine.dispose()
    try:
        return BotApiEmulator(
            SANDBOX_TOKEN,
            first_update_id=(last or 0) + 1,
            people_file=settings.data_dir / roster.FILE_NAME,
        )
    except roster.RosterError as exc:
        raise SystemExit(str(exc)) from exc


async def _refuse_the_other_side(url: str, offline: bool) -> None:
    """The sandbox never starts on a database with real people in it (its chat page and
    clock are open to whoever reaches it, and it would move their check-ins and send their
    messages to the emulator), nor the real bot on one with simulated people (their
    made-up Telegram ids may be real people's). Checked before migrating: nothing changes."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        await check_connection(engine)
        others = await simulated.count_people(engine, simulated=not offline)
    finally:
        await engine.dispose()
    if not others:
        return
    where = describe(url)
    if offline:
        raise SystemExit(
            f"the sandbox will not start on {where}: it holds {_people(others)} who did not "
            "come from the sandbox (real people, or people from before the sandbox marked "
            "its own). Give the sandbox a database of its own, e.g. "
            "QADAM_DATA_DIR=./sandbox-data with DATABASE_URL unset; an old sandbox database "
            "you no longer need can simply be deleted."
        )
    raise SystemExit(
        f"the bot will not start on {where}: it holds {_people(others, 'simulated ')} from "
        "the sandbox, and their made-up Telegram ids may be real people's. Point "
        "DATABASE_URL or QADAM_DATA_DIR at the deployment's own database."
    )


def _people(count: int, kind: str = "") -> str:
    return f"{count} {kind}{'person' if count == 1 else 'people'}"


async def run(assembly: Assembly, *, handle_signals: bool = True) -> None:
    """Send, tick and poll until polling stops: on Ctrl+C in production, or when a test
    calls `assembly.dispatcher.stop_polling()` (tests pass `handle_signals=False`, since
    the signal handlers would outlive them in the test runner's loop)."""
    sending = asyncio.create_task(assembly.sender.run(), name="outbox-sender")
    watching = asyncio.create_task(_watch_content(assembly), name="content-watch")
    try:
        async with assembly.sessionmaker() as db, db.begin():
            backfilled = await plans.backfill(db, assembly.library, assembly.clock.now())
        if backfilled:
            log.info("schedule.backfilled", people=backfilled)
        settings = assembly.settings
        async with assembly.sessionmaker() as db, db.begin():
            seeded = await local_services.seed_if_empty(
                db, settings.flows_dir, assembly.clock.now()
            )
        if seeded:
            log.warning("directory.sample_loaded", services=seeded)
        jobs = start_jobs(
            assembly.sessionmaker, assembly.services, settings.timing, settings.tick_seconds
        )
        try:
            await assembly.dispatcher.start_polling(
                assembly.bot,
                polling_timeout=20,
                handle_signals=handle_signals,
            )
        finally:
            await jobs.stop()
    finally:
        for task in (sending, watching):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _token(settings: Settings) -> str:
    assert settings.bot_token is not None
    return settings.bot_token.get_secret_value()


@contextlib.asynccontextmanager
async def _serving(app: web.Application, host: str, port: int) -> AsyncIterator[int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise SystemExit(
            f"cannot listen on {host}:{port} ({exc.strerror}); set CONSOLE_BIND to a free "
            "address, e.g. CONSOLE_BIND=127.0.0.1:8090"
        ) from exc
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    try:
        yield int(bound)
    finally:
        await runner.cleanup()
