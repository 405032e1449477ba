from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from bot.config import Settings
from bot.storage.errors import InvalidKeyError, MissingKeysError
from bot.storage.keys import Keys, encode_key, load_keys

PSEUDONYM = bytes(range(32))
ENCRYPTION = bytes(range(32, 64))


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QADAM_PSEUDONYM_KEY", "QADAM_ENCRYPTION_KEY", "QADAM_SECRET_DIR", "QADAM_ENV"):
        monkeypatch.delenv(name, raising=False)


def _settings(data_dir: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **values)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_development_generates_once_then_reuses(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data")
    with capture_logs() as logs:
        first = load_keys(settings)
    secrets_dir = tmp_path / "data" / "secrets"
    assert _mode(secrets_dir) == 0o700
    assert _mode(secrets_dir / "pseudonym.key") == 0o600
    assert _mode(secrets_dir / "encryption.key") == 0o600
    assert [entry["log_level"] for entry in logs] == ["warning"]
    assert str(secrets_dir) in logs[0]["directory"]
    assert first.pseudonym != first.encryption
    with capture_logs() as logs:
        again = load_keys(settings)
    assert again == first
    assert logs == []
    assert sorted(os.listdir(secrets_dir)) == ["encryption.key", "pseudonym.key"]


def test_explicit_keys_win(tmp_path: Path) -> None:
    secret_dir = tmp_path / "secrets"
    secret_dir.mkdir()
    (secret_dir / "pseudonym.key").write_text(encode_key(bytes(32)))
    (secret_dir / "encryption.key").write_text(encode_key(bytes(32)))
    settings = _settings(
        tmp_path / "data",
        secret_dir=secret_dir,
        pseudonym_key=encode_key(PSEUDONYM),
        encryption_key=encode_key(ENCRYPTION),
    )
    assert load_keys(settings) == Keys(PSEUDONYM, ENCRYPTION)
    assert not (tmp_path / "data").exists()


def test_environment_variables_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QADAM_PSEUDONYM_KEY", encode_key(PSEUDONYM))
    monkeypatch.setenv("QADAM_ENCRYPTION_KEY", encode_key(ENCRYPTION).rstrip("="))
    monkeypatch.setenv("QADAM_ENV", "production")
    assert load_keys(_settings(tmp_path)) == Keys(PSEUDONYM, ENCRYPTION)


def test_secret_dir_files_are_used_in_production(tmp_path: Path) -> None:
    (tmp_path / "pseudonym.key").write_text(encode_key(PSEUDONYM) + "\n")
    (tmp_path / "encryption.key").write_text(encode_key(ENCRYPTION))
    settings = _settings(tmp_path / "data", env="production", secret_dir=tmp_path)
    assert load_keys(settings) == Keys(PSEUDONYM, ENCRYPTION)


def test_production_refuses_and_names_what_is_missing(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data", env="production", pseudonym_key=encode_key(PSEUDONYM))
    with pytest.raises(MissingKeysError) as caught:
        load_keys(settings)
    message = str(caught.value)
    assert "QADAM_ENCRYPTION_KEY" in message and "encryption.key" in message
    assert "QADAM_PSEUDONYM_KEY" not in message
    assert "QADAM_SECRET_DIR" in message
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not base64 at all!", "not url-safe base64"),
        (base64.urlsafe_b64encode(bytes(16)).decode(), "16 bytes"),
        ("ключ", "not url-safe base64"),
    ],
)
def test_bad_key_file_is_a_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "pseudonym.key").write_text(content, encoding="utf-8")
    (tmp_path / "encryption.key").write_text(encode_key(ENCRYPTION))
    settings = _settings(tmp_path / "data", env="production", secret_dir=tmp_path)
    with pytest.raises(InvalidKeyError, match=problem) as caught:
        load_keys(settings)
    assert str(tmp_path / "pseudonym.key") in str(caught.value)
    assert content not in str(caught.value)


def test_bad_explicit_key_names_the_variable(tmp_path: Path) -> None:
    settings = _settings(tmp_path, pseudonym_key="short")
    with pytest.raises(InvalidKeyError, match="QADAM_PSEUDONYM_KEY"):
        load_keys(settings)


def test_keys_never_show_in_repr() -> None:
    keys = Keys(PSEUDONYM, ENCRYPTION)
    assert repr(keys) == str(keys) == "Keys(pseudonym=<hidden>, encryption=<hidden>)"
    with pytest.raises(InvalidKeyError):
        Keys(b"short", ENCRYPTION)
