"""Where the pseudonym and encryption keys come from.

Order, per key: the explicit setting (`QADAM_PSEUDONYM_KEY` / `QADAM_ENCRYPTION_KEY`), then a
file in `QADAM_SECRET_DIR`, then, in development only, a file generated once under
`<data_dir>/secrets/`. Production never invents a key: a lost key means every pseudonym and
ciphertext in the database becomes unreadable, so keys must be provisioned deliberately.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import structlog
from pydantic import SecretStr

from bot.storage.crypto import KEY_SIZE
from bot.storage.errors import InvalidKeyError, MissingKeysError

# (attribute on Keys and Settings, environment variable, file name)
_KEY_SOURCES = (
    ("pseudonym", "QADAM_PSEUDONYM_KEY", "pseudonym.key"),
    ("encryption", "QADAM_ENCRYPTION_KEY", "encryption.key"),
)


_HOW_TO_GENERATE = (
    'generate a key with `python -c "import base64, os; '
    'print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`'
)


class KeySettings(Protocol):
    """Where keys may come from: the settings object has these (storage cannot import it,
    as it sits in an outer layer)."""

    @property
    def env(self) -> Literal["development", "production"]: ...
    @property
    def data_dir(self) -> Path: ...
    @property
    def secret_dir(self) -> Path | None: ...
    @property
    def pseudonym_key(self) -> SecretStr | None: ...
    @property
    def encryption_key(self) -> SecretStr | None: ...


@dataclass(frozen=True, repr=False)
class Keys:
    pseudonym: bytes
    encryption: bytes

    def __post_init__(self) -> None:
        for name in ("pseudonym", "encryption"):
            if len(getattr(self, name)) != KEY_SIZE:
                raise InvalidKeyError(f"the {name} key must be {KEY_SIZE} bytes")

    def __repr__(self) -> str:
        return "Keys(pseudonym=<hidden>, encryption=<hidden>)"


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str, source: str) -> bytes:
    """`source` names where the text came from; the text itself never enters a message."""
    text = text.strip()
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidKeyError(f"{source} is not url-safe base64; {_HOW_TO_GENERATE}") from None
    if len(key) != KEY_SIZE:
        raise InvalidKeyError(f"{source} decodes to {len(key)} bytes; a key must be {KEY_SIZE}")
    return key


def load_keys(settings: KeySettings) -> Keys:
    found: dict[str, bytes] = {}
    missing: list[tuple[str, str]] = []
    for name, env_var, file_name in _KEY_SOURCES:
        key = _configured_key(settings, name, env_var, file_name)
        if key is None:
            missing.append((env_var, file_name))
        else:
            found[name] = key
    if missing and settings.env == "production":
        raise MissingKeysError(_missing_message(missing, settings.secret_dir))
    if missing:
        found.update(_development_keys(settings.data_dir / "secrets", missing))
    return Keys(pseudonym=found["pseudonym"], encryption=found["encryption"])


def _configured_key(settings: KeySettings, name: str, env_var: str, file_name: str) -> bytes | None:
    explicit: SecretStr | None = getattr(settings, f"{name}_key")
    if explicit is not None:
        return decode_key(explicit.get_secret_value(), env_var)
    if settings.secret_dir is not None:
        path = settings.secret_dir / file_name
        if path.is_file():
            return _read_key_file(path)
    return None


def _read_key_file(path: Path) -> bytes:
    # Non-ASCII bytes become U+FFFD, which base64 validation then rejects with a clear message.
    text = path.read_bytes().decode("ascii", errors="replace")
    return decode_key(text, f"key file {path}")


def _missing_message(missing: list[tuple[str, str]], secret_dir: Path | None) -> str:
    where = str(secret_dir) if secret_dir is not None else "QADAM_SECRET_DIR (not set)"
    names = ", ".join(env_var for env_var, _ in missing)
    files = ", ".join(file_name for _, file_name in missing)
    return (
        f"missing keys in production: {names}. Set each variable to url-safe base64 of "
        f"32 random bytes, or put the files {files} in {where} ({_HOW_TO_GENERATE}). Keep "
        "them outside the database and back them up: without them stored data cannot be read."
    )


def _development_keys(directory: Path, missing: list[tuple[str, str]]) -> dict[str, bytes]:
    names = {file_name: name for name, _, file_name in _KEY_SOURCES}
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    keys: dict[str, bytes] = {}
    generated: list[str] = []
    for _, file_name in missing:
        path = directory / file_name
        if not path.exists() and _create_key_file(path):
            generated.append(file_name)
        keys[names[file_name]] = _read_key_file(path)
    if generated:
        structlog.get_logger().warning(
            "generated development keys; set QADAM_SECRET_DIR or explicit keys in production",
            directory=str(directory),
            files=generated,
        )
    return keys


def _create_key_file(path: Path) -> bool:
    """Write a new key atomically; False if another process created it first."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (encode_key(os.urandom(KEY_SIZE)) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link() refuses to replace, so two processes starting at once agree on one key.
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
