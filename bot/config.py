"""The one settings object, read from the environment (and `.env`) in `main()`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.policy import Policy
from bot.scheduling.decide import Timing
from bot.spec.locales import ALL_LOCALES

PUBLIC_BOT_API = "https://api.telegram.org"


class Settings(BaseSettings):
    """Names are contracts (see README): keep them stable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    env: Literal["development", "production"] = Field(
        default="development", validation_alias="QADAM_ENV"
    )
    bot_token: SecretStr | None = Field(default=None, validation_alias="BOT_TOKEN")
    telegram_api_url: str = Field(default=PUBLIC_BOT_API, validation_alias="TELEGRAM_API_URL")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    data_dir: Path = Field(default=Path("data"), validation_alias="QADAM_DATA_DIR")
    secret_dir: Path | None = Field(default=None, validation_alias="QADAM_SECRET_DIR")
    pseudonym_key: SecretStr | None = Field(default=None, validation_alias="QADAM_PSEUDONYM_KEY")
    encryption_key: SecretStr | None = Field(default=None, validation_alias="QADAM_ENCRYPTION_KEY")
    console_bind: str = Field(default="127.0.0.1:8080", validation_alias="CONSOLE_BIND")
    # The console's address as staff reach it, in sign-in links; unset, the address it
    # listens on (`http://` + CONSOLE_BIND).
    console_url: str | None = Field(default=None, validation_alias="CONSOLE_URL")
    flows_dir: Path = Field(default=Path("flows"), validation_alias="QADAM_FLOWS_DIR")
    # A comma-separated list (`en,ru,kk`); NoDecode stops pydantic-settings reading it as JSON.
    locales: Annotated[tuple[str, ...], NoDecode] = Field(
        default=ALL_LOCALES, validation_alias="QADAM_LOCALES"
    )
    send_per_second: float = Field(default=30.0, gt=0, validation_alias="QADAM_SEND_PER_SECOND")
    send_chat_interval: float = Field(
        default=1.0, ge=0, validation_alias="QADAM_SEND_CHAT_INTERVAL"
    )
    send_chat_burst: int = Field(default=3, ge=1, validation_alias="QADAM_SEND_CHAT_BURST")
    # Updates one chat may send at once, then a second: past that they are dropped.
    flood_burst: int = Field(default=10, ge=1, validation_alias="QADAM_FLOOD_BURST")
    flood_per_second: float = Field(default=1.5, gt=0, validation_alias="QADAM_FLOOD_PER_SECOND")
    # How long a message is retried through network errors and 5xx before it is failed.
    retry_hours: float = Field(default=24.0, gt=0, validation_alias="QADAM_RETRY_HOURS")
    # How often the scheduler looks for due check-ins; a check-in is at most this late.
    tick_seconds: float = Field(default=20.0, gt=0, validation_alias="QADAM_TICK_SECONDS")
    # How often each bot process looks for a newly published revision (one indexed read):
    # a publish reaches every process within this, and the second it takes to load.
    content_poll_seconds: float = Field(
        default=3.0, gt=0, validation_alias="QADAM_CONTENT_POLL_SECONDS"
    )
    checkin_grace_minutes: int = Field(
        default=120, ge=1, validation_alias="QADAM_CHECKIN_GRACE_MINUTES"
    )
    nudge_after_minutes: int = Field(
        default=120, ge=1, validation_alias="QADAM_NUDGE_AFTER_MINUTES"
    )
    # "critical=15,high=60,medium=1440,low=4320": minutes to acknowledge a case.
    ack_minutes: str = Field(default="", validation_alias="QADAM_ACK_MINUTES")
    # Before a case goes to a supervisor, a counsellor who speaks this language gets it.
    shared_language: str = Field(default="ru", validation_alias="QADAM_SHARED_LANGUAGE")
    # Staff codes told of a high or critical case when nobody suitable is on duty.
    on_call: str = Field(default="", validation_alias="QADAM_ON_CALL")
    # Open claimed cases a counsellor may hold before assignment passes them by.
    caseload_cap: int = Field(default=15, ge=1, validation_alias="QADAM_CASELOAD_CAP")
    # Days after a referral when the person is asked whether they reached the service.
    referral_follow_up_days: float = Field(
        default=7, gt=0, validation_alias="QADAM_REFERRAL_FOLLOW_UP_DAYS"
    )
    # Who runs the service and how to reach them: the consent names them ({organisation}
    # in flow texts). Production refuses to start without both.
    organisation_name: str = Field(default="", validation_alias="QADAM_ORGANISATION_NAME")
    organisation_contact: str = Field(default="", validation_alias="QADAM_ORGANISATION_CONTACT")
    log_format: Literal["console", "json"] = Field(
        default="console", validation_alias="QADAM_LOG_FORMAT"
    )

    @field_validator("ack_minutes")
    @classmethod
    def _check_ack_minutes(cls, value: str) -> str:
        Policy.parse(value)  # a readable error at start-up, not at the first case
        return value

    @field_validator("locales", mode="before")
    @classmethod
    def _split_locales(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def timing(self) -> Timing:
        return Timing(
            grace=timedelta(minutes=self.checkin_grace_minutes),
            nudge_after=timedelta(minutes=self.nudge_after_minutes),
        )

    @property
    def policy(self) -> Policy:
        return Policy.parse(
            self.ack_minutes,
            shared_language=self.shared_language,
            on_call=self.on_call,
            caseload_cap=self.caseload_cap,
            referral_follow_up_days=self.referral_follow_up_days,
        )

    @property
    def organisation(self) -> str:
        """ "Name, contact" as the consent shows it; empty when no name is set."""
        if not self.organisation_name.strip():
            return ""
        parts = (self.organisation_name.strip(), self.organisation_contact.strip())
        return ", ".join(part for part in parts if part)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'qadam.sqlite3').resolve()}"

    def console_address(self, bound_port: int | None = None) -> str:
        """Where sign-in links point: CONSOLE_URL, else the address the console listens
        on (with the port it was given, when CONSOLE_BIND asked for any free one)."""
        if self.console_url:
            return self.console_url.rstrip("/")
        host, port = self.console_host_port
        return f"http://{host}:{bound_port or port}"

    @property
    def console_host_port(self) -> tuple[str, int]:
        host, _, port = self.console_bind.rpartition(":")
        return host or "127.0.0.1", int(port)
