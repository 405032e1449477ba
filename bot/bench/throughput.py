"""`qadam bench throughput`: how many replies a second Qadam gives, beside a bare echo bot.

Each bot runs in a process of its own (Qadam as `qadam run` starts it; the echo bot is
`bot/bench/echo.py`) against the loopback Bot API emulator in this process, with Telegram's
send limits lifted in both the emulator and Qadam's sender, and Qadam's per-chat flood
limit lifted too: what is measured is the bot's own work, not a limit it keeps on purpose.

People first say /start (not measured); with `history_rows`, that many old rows of their
history are then written into the database (`bot.bench.history`). Then:

- closed loop: each of N people sends a message and waits for the answer, again and again;
- open loop: messages arrive at a fixed rate across the people, whatever the bot's pace;
  one in a hundred is a person writing that they want to die, and the crisis card's time
  is reported apart.

The bots take turns: for each load every bot is started and its people past /start, then
each in turn gets the load for a few seconds (`ROUND_SECONDS`), round after round, until
each has had `seconds` in all. On a shared machine whose speed drifts by a third within
minutes, a ratio to an echo run made a minute earlier measured the drift as much as the
bot; taking turns puts each spell of the machine on every bot alike.

A reply is the bot's next message in that person's chat; each request must get exactly
one, so the bench also counts requests left unanswered and answers nobody asked for. The
bot's CPU time and peak memory come from /proc for its process.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bot.bench import history
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import Chat, Person
from bot.sandbox.server import serve

TOKEN = "1000004:bench-token"
FIRST_CHAT = 30_000_000
ASK = "hello"
CRISIS = "I want to die"
CRISIS_EVERY = 100  # one open-loop message in this many is a crisis
# Issue #17's goals, judged after the figures (`verdicts`).
RATIO_GOAL = 0.25
P99_GOAL = 0.250
CRISIS_GOAL = 0.500
CPU_GOAL_MS = 5.0
MEMORY_GOAL_MB = 250
# Cost per reply counts as the same with more history within this (run-to-run noise).
FLAT_WITHIN = 0.15
READY_SECONDS = 60.0
# Each bot's turn in a round of a load (`measure`).
ROUND_SECONDS = 5.0
ANSWER_TIMEOUT = 30.0
QUIET_SECONDS = 1.0
# Everything Qadam keeps to stay within Telegram's limits, lifted (see the module's doc).
LIFTED = {
    "QADAM_SEND_PER_SECOND": "1000000",
    "QADAM_SEND_CHAT_INTERVAL": "0",
    "QADAM_SEND_CHAT_BURST": "1000000",
    "QADAM_FLOOD_BURST": "1000000",
    "QADAM_FLOOD_PER_SECOND": "1000000",
}
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Run as a file: see its doc.
ECHO_BOT = Path(__file__).with_name("echo.py")


@dataclass
class Run:
    bot: str  # "qadam" or "echo"
    database: str  # "sqlite", "postgresql", or "-" for the echo bot
    load: str  # "closed, 50 people" or "open, 100/s"
    history_rows: int = 0  # old rows written in before measuring (`bot.bench.history`)
    seconds: float = 0.0
    replies: list[float] = field(default_factory=list)
    crisis: list[float] = field(default_factory=list)
    unanswered: int = 0
    unasked: int = 0
    cpu_seconds: float = 0.0
    peak_memory_mb: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.replies) / self.seconds if self.seconds else 0.0

    @property
    def closed(self) -> bool:
        """N people each waiting for the answer, not a fixed rate."""
        return self.load.startswith("closed")

    @property
    def cpu_ms_per_reply(self) -> float | None:
        answered = len(self.replies) + len(self.crisis)
        return 1000 * self.cpu_seconds / answered if answered else None


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (0.5, 0.95, 0.99) of `values`; None when there are none."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


class Stopwatch:
    """Who is waiting for which answer. A request's answer is the next bot message in its
    chat; a message nobody waits for is counted as unasked."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._emulator = emulator
        self._seen: dict[int, int] = {}
        self._waiting: dict[int, deque[tuple[float, bool]]] = {}
        self._answered: dict[int, asyncio.Event] = {}
        # A crisis brings more than one message (the card, then more): the first is its
        # answer, and the rest are not counted against the bot.
        self._in_crisis: set[int] = set()
        self.replies: list[float] = []
        self.crisis: list[float] = []
        self.unasked = 0
        self.last_bot_message = time.monotonic()
        emulator.world.on_bot_action = self._on_bot_action

    def _on_bot_action(self, chat: Chat) -> None:
        now = time.monotonic()
        self.last_bot_message = now
        count = sum(1 for message in chat.messages if message.sender == "bot")
        new = count - self._seen.get(chat.id, 0)
        self._seen[chat.id] = count
        waiting = self._waiting.setdefault(chat.id, deque())
        for _ in range(new):
            if waiting:
                sent, crisis = waiting.popleft()
                (self.crisis if crisis else self.replies).append(now - sent)
            elif chat.id not in self._in_crisis:
                self.unasked += 1
        if not waiting and chat.id in self._answered:
            self._answered[chat.id].set()

    def send(self, person: Person, text: str, *, crisis: bool = False) -> asyncio.Event:
        answered = self._answered.setdefault(person.id, asyncio.Event())
        answered.clear()
        if crisis:
            self._in_crisis.add(person.id)
        self._waiting.setdefault(person.id, deque()).append((time.monotonic(), crisis))
        self._emulator.world.person_says(person, text)
        return answered

    def unanswered(self) -> int:
        return sum(len(waiting) for waiting in self._waiting.values())

    def reset(self) -> None:
        self.replies, self.crisis, self.unasked = [], [], 0
        for waiting in self._waiting.values():
            waiting.clear()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def _peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.asynccontextmanager
async def _database(kind: str, postgres: str, scratch: Path) -> AsyncIterator[str | None]:
    """A fresh database for one run: a file, or a PostgreSQL database dropped after; none
    for the echo bot ("-")."""
    if kind == "-":
        yield None
        return
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{scratch / f'bench-{secrets.token_hex(4)}.sqlite3'}"
        return
    name = f"qadam_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(postgres)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = postgres.rsplit("/", 1)[0]
        try:
            yield f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def _bot_process(
    bot: str, api: str, database_url: str | None, scratch: Path, profile: Path | None = None
) -> AsyncIterator[int]:
    if bot == "echo":
        command = [sys.executable, str(ECHO_BOT), api, TOKEN]
        env = dict(os.environ)
    else:
        command = [sys.executable, "-m", "bot", "run"]
        if profile is not None:
            # Written when the bot stops (on the SIGTERM below, which it handles).
            command[1:1] = ["-m", "cProfile", "-o", str(profile)]
        env = os.environ | LIFTED
        env |= {
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api,
            "DATABASE_URL": database_url or "",
            "QADAM_DATA_DIR": str(scratch),
            "CONSOLE_BIND": "127.0.0.1:0",
            "QADAM_ENV": "development",
        }
        if database_url and database_url.startswith("postgresql"):
            migrate = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "migrate", env=env, stdout=asyncio.subprocess.DEVNULL
            )
            if await migrate.wait() != 0:
                raise SystemExit("qadam migrate failed on the benchmark's PostgreSQL database")
    log = (scratch / f"{bot}.log").open("w")
    child = await asyncio.create_subprocess_exec(*command, env=env, stdout=log, stderr=log)
    try:
        yield child.pid
    finally:
        if child.returncode is None:
            child.terminate()
            try:
                await asyncio.wait_for(child.wait(), 30)
            except TimeoutError:
                child.kill()
                await child.wait()
        log.close()


async def _ready(emulator: BotApiEmulator, pid: int, scratch: Path, bot: str) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while emulator.calls("getUpdates") == 0:
        if time.monotonic() > deadline or not Path(f"/proc/{pid}").exists():
            tail = (scratch / f"{bot}.log").read_text()[-2000:]
            raise SystemExit(f"the {bot} bot did not start polling:\n{tail}")
        await asyncio.sleep(0.1)


async def _answered(watch: Stopwatch) -> None:
    """Until every request has its answer, or ANSWER_TIMEOUT passes without one coming."""
    while watch.unanswered() and time.monotonic() - watch.last_bot_message < ANSWER_TIMEOUT:
        await asyncio.sleep(0.05)


async def _quiet(watch: Stopwatch) -> None:
    """Until the bot has said nothing for a second (what /start set going is done)."""
    while time.monotonic() - watch.last_bot_message < QUIET_SECONDS:
        await asyncio.sleep(0.1)


def _people(emulator: BotApiEmulator, count: int, start: int) -> list[Person]:
    people = [Person(start + n, f"Bench {n}", language_code="en") for n in range(count)]
    for person in people:
        emulator.world.add_person(person)
    return people


async def _closed(watch: Stopwatch, people: list[Person], seconds: float) -> None:
    stop = time.monotonic() + seconds

    async def person_loop(person: Person) -> None:
        while time.monotonic() < stop:
            answered = watch.send(person, ASK)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(answered.wait(), ANSWER_TIMEOUT)

    await asyncio.gather(*(person_loop(person) for person in people))


async def _open(
    watch: Stopwatch,
    people: list[Person],
    crisis_people: Iterator[Person],
    rate: float,
    seconds: float,
) -> None:
    started = time.monotonic()
    for n in range(int(rate * seconds)):
        delay = started + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if n % CRISIS_EVERY == CRISIS_EVERY // 2:
            watch.send(next(crisis_people), CRISIS, crisis=True)
        else:
            watch.send(people[n % len(people)], ASK)


@dataclass
class _Contestant:
    """A bot ready to be measured: its process polling, its people past /start."""

    run: Run
    pid: int
    watch: Stopwatch
    people: list[Person]
    crisis_people: Iterator[Person]


@contextlib.asynccontextmanager
async def _contestant(
    bot: str,
    database: str,
    load: tuple[str, float],
    seconds: float,
    postgres: str,
    history_rows: int = 0,
    profiles: Path | None = None,
) -> AsyncIterator[_Contestant]:
    kind, size = load
    result = Run(bot, database if bot == "qadam" else "-", _label(load))
    if bot == "qadam":
        result.history_rows = history_rows
    emulator = BotApiEmulator(TOKEN, limits=None)
    with tempfile.TemporaryDirectory(prefix="qadam-bench-throughput-") as place:
        scratch = Path(place)
        async with (
            serve(emulator.make_app()) as api,
            _database(result.database, postgres, scratch) as url,
            _bot_process(bot, api, url, scratch, _profile(profiles, result)) as pid,
        ):
            await _ready(emulator, pid, scratch, bot)
            watch = Stopwatch(emulator)
            count = int(size) if kind == "closed" else 200
            people = _people(emulator, count, FIRST_CHAT)
            crises = int(size * seconds) // CRISIS_EVERY + _rounds(seconds) + 1
            crisis_people = iter(_people(emulator, crises, FIRST_CHAT + 100_000))
            for person in people:
                watch.send(person, "/start")
            await _answered(watch)
            await _quiet(watch)
            if url is not None and history_rows:
                await history.seed(url, history_rows, datetime.now(UTC))
            watch.reset()
            yield _Contestant(result, pid, watch, people, crisis_people)
            await _quiet(watch)
            result.peak_memory_mb = _peak_memory_mb(pid)
            result.replies, result.crisis = watch.replies, watch.crisis
            result.unanswered, result.unasked = watch.unanswered(), watch.unasked


def _label(load: tuple[str, float]) -> str:
    kind, size = load
    return f"closed, {size:g} people" if kind == "closed" else f"open, {size:g}/s"


def _rounds(seconds: float) -> int:
    return max(1, round(seconds / ROUND_SECONDS))


def turns(bots: int, seconds: float) -> list[tuple[int, float]]:
    """(which bot, for how long), in order: round after round of every bot in turn, each
    given `seconds` in all."""
    rounds = _rounds(seconds)
    return [(bot, seconds / rounds) for _ in range(rounds) for bot in range(bots)]


async def _turn(contestant: _Contestant, load: tuple[str, float], seconds: float) -> None:
    """One bot's share of a round: the load for `seconds`, then every answer awaited."""
    kind, size = load
    watch, result = contestant.watch, contestant.run
    cpu_before, started = _cpu_seconds(contestant.pid), time.monotonic()
    if kind == "closed":
        await _closed(watch, contestant.people, seconds)
    else:
        await _open(watch, contestant.people, contestant.crisis_people, size, seconds)
        await _answered(watch)
    result.seconds += time.monotonic() - started
    result.cpu_seconds += _cpu_seconds(contestant.pid) - cpu_before


async def measure(
    databases: list[str],
    people: list[int],
    rate: float,
    seconds: float,
    postgres: str,
    console: Console,
    histories: list[int] | None = None,
    profiles: Path | None = None,
) -> list[Run]:
    """Each load is measured in rounds (`ROUND_SECONDS` each bot): the echo bot, then each
    Qadam, then the echo bot again, and so on, all started beforehand and kept running, so
    that a slow or fast spell of the machine falls on every bot alike and the ratio to echo
    compares bots measured side by side, not minutes apart."""
    loads: list[tuple[str, float]] = [("closed", float(n)) for n in people]
    if rate > 0:
        loads.append(("open", rate))
    bots = [("echo", "-", 0)] + [
        ("qadam", database, rows) for database in databases for rows in histories or [0]
    ]
    runs: list[Run] = []
    with Progress(console=console, transient=True) as progress:
        for load in loads:
            label = _label(load)
            task = progress.add_task(
                f"{label}: starting the bots", total=len(turns(len(bots), seconds))
            )
            async with contextlib.AsyncExitStack() as running:
                contestants = [
                    await running.enter_async_context(
                        _contestant(bot, database, load, seconds, postgres, rows, profiles)
                    )
                    for bot, database, rows in bots
                ]
                # The emulators of the load before, with every chat, are garbage with
                # cycles in this process: collected by chance in the middle of a turn, they
                # held the stopwatch for a few tenths of a second (p99 448 ms where p95 was
                # 5 ms; 92 ms for a short 200-people load). Collected now, and what the
                # bots' setup made is set aside from the collector until the load is done.
                gc.collect()
                gc.freeze()
                try:
                    for turn, (index, share) in enumerate(turns(len(contestants), seconds)):
                        contestant = contestants[index]
                        name = f"{contestant.run.bot} {contestant.run.database}"
                        round_ = turn // len(contestants) + 1
                        progress.update(task, description=f"{label}: round {round_}, {name}")
                        await _turn(contestant, load, share)
                        progress.advance(task)
                finally:
                    gc.unfreeze()
            runs += [contestant.run for contestant in contestants]
    return runs


def _profile(profiles: Path | None, run: Run) -> Path | None:
    """Where Qadam's cProfile output for `run` goes (`pstats` reads it), if asked for."""
    if profiles is None or run.bot != "qadam":
        return None
    profiles.mkdir(parents=True, exist_ok=True)
    load = "-".join(run.load.replace(",", "").replace("/s", "-a-second").split()[:2])
    history = f"-{run.history_rows}-old-rows" if run.history_rows else ""
    return profiles / f"qadam-{run.database}-{load}{history}.prof"


def report(runs: list[Run], console: Console) -> None:
    table = Table(title="Throughput (issue #17): Qadam beside a bare aiogram echo bot")
    columns = (
        "bot",
        "database",
        "load",
        "old rows",
        "replies/s",
        "÷ echo",
        "p50",
        "p95",
        "p99",
        "crisis p99",
        "CPU/reply",
        "peak MB",
        "unanswered",
        "unasked",
    )
    for column in columns:
        table.add_column(
            column, justify="left" if column in ("bot", "database", "load") else "right"
        )
    echo = {run.load: run.rate for run in runs if run.bot == "echo"}
    for run in runs:
        # At a fixed rate both bots keep pace: a ratio there would say nothing.
        ratio = (
            run.rate / echo[run.load]
            if run.bot == "qadam" and run.closed and echo.get(run.load)
            else None
        )
        cpu = run.cpu_ms_per_reply
        table.add_row(
            run.bot,
            run.database,
            run.load,
            f"{run.history_rows:,}" if run.bot == "qadam" else "-",
            f"{run.rate:.0f}",
            "-" if ratio is None else f"{ratio:.2f}",
            _ms(quantile(run.replies, 0.5)),
            _ms(quantile(run.replies, 0.95)),
            _ms(quantile(run.replies, 0.99)),
            _ms(quantile(run.crisis, 0.99)),
            "-" if cpu is None else f"{cpu:.1f} ms",
            f"{run.peak_memory_mb:.0f}",
            str(run.unanswered),
            str(run.unasked),
        )
    console.print(table)
    found = verdicts(runs)
    if not found:
        return
    databases = sorted({verdict.database for verdict in found})
    goals = Table(title="The goals of issue #17, by the worst run of each database")
    goals.add_column("goal")
    for database in databases:
        goals.add_column(database, justify="right")
    by_goal: dict[str, dict[str, Verdict]] = {}
    for verdict in found:
        by_goal.setdefault(verdict.goal, {})[verdict.database] = verdict
    for goal, cells in by_goal.items():
        goals.add_row(goal, *(_verdict_cell(cells.get(database)) for database in databases))
    console.print(goals)


@dataclass(frozen=True)
class Verdict:
    """One goal on one database: the figure it is judged by, and whether it is met."""

    goal: str
    database: str
    figure: str
    met: bool


def verdicts(runs: list[Run]) -> list[Verdict]:
    """Each goal of issue #17 that `runs` measured, for each database, judged by its
    worst run: the lowest ratio to echo, the highest p99, CPU per reply and memory."""
    echo = {run.load: run.rate for run in runs if run.bot == "echo"}
    found: list[Verdict] = []
    for database in sorted({run.database for run in runs if run.bot == "qadam"}):
        mine = [run for run in runs if run.bot == "qadam" and run.database == database]
        found += [Verdict(goal, database, figure, met) for goal, figure, met in _judged(mine, echo)]
    return found


def _judged(mine: list[Run], echo: dict[str, float]) -> Iterator[tuple[str, str, bool]]:
    """(goal, figure, met) for one database's runs."""
    ratios = [run.rate / echo[run.load] for run in mine if run.closed and echo.get(run.load)]
    if ratios:
        yield (
            f"at least {RATIO_GOAL} of echo, closed loop",
            f"{min(ratios):.2f}",
            min(ratios) >= RATIO_GOAL,
        )
    steady = [run for run in mine if not run.closed]
    for goal, limit, crisis in (
        (f"p99 under {P99_GOAL * 1000:.0f} ms, open loop", P99_GOAL, False),
        (f"crisis p99 under {CRISIS_GOAL * 1000:.0f} ms, open loop", CRISIS_GOAL, True),
    ):
        p99s = [quantile(run.crisis if crisis else run.replies, 0.99) for run in steady]
        worst = max((p99 for p99 in p99s if p99 is not None), default=None)
        if worst is not None:
            yield goal, _ms(worst), worst < limit
    # Judged where the issue measured it (its table: N people, each waiting for the
    # answer), what a reply costs the bot. At a steady rate a reply also pays for the bot
    # going idle and waking between updates, which on a shared machine doubles even the
    # echo bot's CPU per reply; the table shows that figure beside echo's.
    closed_cpu = [run.cpu_ms_per_reply for run in mine if run.closed]
    cpu = max((c for c in closed_cpu if c is not None), default=None)
    if cpu is not None:
        goal = f"CPU per reply under {CPU_GOAL_MS:g} ms, closed loop"
        yield goal, f"{cpu:.1f} ms", cpu < CPU_GOAL_MS
    peak = max(run.peak_memory_mb for run in mine)
    yield f"peak memory under {MEMORY_GOAL_MB} MB", f"{peak:.0f} MB", peak < MEMORY_GOAL_MB
    wrong = sum(run.unanswered + run.unasked for run in mine)
    yield "exactly one answer to each request", f"{wrong} unanswered or unasked", wrong == 0
    spread = _history_spread(mine)
    if spread is not None:
        goal = f"the same cost with more history (within {FLAT_WITHIN:.0%})"
        yield goal, f"{spread:+.0%}", abs(spread) <= FLAT_WITHIN


def _history_spread(runs: list[Run]) -> float | None:
    """The largest change of CPU per reply from the fewest to the most old rows, over the
    loads measured with both; None unless several histories were measured."""
    spreads: list[float] = []
    for load in {run.load for run in runs}:
        same = sorted((run for run in runs if run.load == load), key=lambda run: run.history_rows)
        if len(same) < 2 or same[0].history_rows == same[-1].history_rows:
            continue
        first, last = same[0].cpu_ms_per_reply, same[-1].cpu_ms_per_reply
        if first and last:
            spreads.append(last / first - 1)
    return max(spreads, key=abs) if spreads else None


def _verdict_cell(verdict: Verdict | None) -> str:
    if verdict is None:
        return "-"
    return f"{verdict.figure} [green]met[/]" if verdict.met else f"{verdict.figure} [red]missed[/]"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"
