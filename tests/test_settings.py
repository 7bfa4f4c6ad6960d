"""Settings: defaults < file < environment < command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.errors import ConfigError
from newsradar.settings import Settings, load_settings


def test_defaults_without_file_or_environment(tmp_path: Path) -> None:
    s = load_settings(env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert s == Settings()


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('workers = 3\nbatch_size = 7\ndb = "~/news.duckdb"\n')
    s = load_settings(cfg, env={"NEWSRADAR_WORKERS": "5"})
    assert (s.workers, s.batch_size) == (5, 7)
    assert s.db == Path("~/news.duckdb").expanduser()
    assert s.with_overrides(workers=1, batch_size=None).workers == 1


def test_unknown_setting_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("wrokers = 3\n")
    with pytest.raises(ConfigError, match=r"unknown setting 'wrokers'.*workers"):
        load_settings(cfg, env={})


def test_bad_value_and_missing_file_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be int"):
        load_settings(env={"NEWSRADAR_WORKERS": "many", "XDG_CONFIG_HOME": str(tmp_path)})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", env={})
    broken = tmp_path / "b.toml"
    broken.write_text("workers = [")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(broken, env={})


def test_booleans_and_floats_from_file_and_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('allow_private = true\nrate_per_host = 2\ncontact = "ops@example.org"\n')
    s = load_settings(cfg, env={"NEWSRADAR_OBEY_ROBOTS": "no", "NEWSRADAR_FETCH_TIMEOUT": "2.5"})
    assert (s.allow_private, s.obey_robots, s.rate_per_host, s.fetch_timeout) == (True, False, 2.0, 2.5)
    assert s.contact == "ops@example.org"
    assert s.with_overrides(allow_private="0").allow_private is False
    with pytest.raises(ConfigError, match="must be bool"):
        load_settings(env={"NEWSRADAR_ALLOW_PRIVATE": "perhaps", "XDG_CONFIG_HOME": str(tmp_path)})


def test_every_setting_is_documented() -> None:
    from dataclasses import fields

    docs = (Path(__file__).resolve().parent.parent / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Settings) if f"`{f.name}`" not in docs]
    assert missing == [], f"settings missing from docs/settings.md: {missing}"


@pytest.mark.parametrize(("text", "reason"), [
    ("max_bytes = -1\n", "'max_bytes' must be above 0"),
    ('feed_content = "sometimes"\n', "'feed_content' must be one of fallback, prefer, never"),
    ("story_threshold = 2\n", "'story_threshold' must be between 0 and 1"),
    ("fetch_retries = -3\n", "'fetch_retries' must be 0 or more"),
    ("rate_per_host = -1\n", "'rate_per_host' must be 0 or more"),
])
def test_values_out_of_range_are_refused_when_read(tmp_path: Path, text: str, reason: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=reason):
        load_settings(cfg, env={})
    with pytest.raises(ConfigError, match="command line: setting 'max_bytes' must be above 0"):
        Settings().with_overrides(max_bytes=-5)


def test_a_rate_of_0_means_no_limit_as_documented(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("rate_per_host = 0\n")
    assert load_settings(cfg, env={}).rate_per_host == 0


def test_values_that_crashed_later_are_refused_when_read(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="setting 'db' must be"):
        load_settings(None, env={"NEWSRADAR_DB": ""})
    with pytest.raises(ConfigError, match="setting 'max_bytes' must be int"):
        load_settings(None, env={"NEWSRADAR_MAX_BYTES": "9" * 30})
    cfg = tmp_path / "c.toml"
    cfg.write_bytes(b'db = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(cfg, env={})
    assert load_settings(None, env={"NEWSRADAR_LEXICON_DIR": ""}).lexicon_dir is None  # optional: empty is none



@pytest.mark.parametrize(("text", "reason"), [
    ("workers = 2.9\n", "'workers' must be int, got 2.9"),  # not truncated to 2
    ("workers = true\n", "'workers' must be int, got True"),
    ("max_bytes = true\n", "'max_bytes' must be int"),  # was 1 byte: every page refused
    ("fetch_timeout = inf\n", "'fetch_timeout' must be float"),  # overflowed the fetch clock
    ("backoff_base = nan\n", "'backoff_base' must be float"),
    ("rate_per_host = false\n", "'rate_per_host' must be float"),
])
def test_a_value_of_the_wrong_type_is_refused_not_reinterpreted(tmp_path: Path, text: str, reason: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=reason):
        load_settings(cfg, env={})


def test_whole_numbers_may_be_written_as_floats_and_env_values_as_text(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("workers = 3.0\nfetch_timeout = 5\n")
    got = load_settings(cfg, env={"NEWSRADAR_BATCH_SIZE": "64"})
    assert (got.workers, got.fetch_timeout, got.batch_size) == (3, 5.0, 64)
    with pytest.raises(ConfigError, match="'fetch_timeout' must be float"):
        load_settings(cfg, env={"NEWSRADAR_FETCH_TIMEOUT": "inf"})


def test_a_config_file_named_in_the_environment_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not exist \(from \$NEWSRADAR_CONFIG\)"):
        load_settings(None, env={"NEWSRADAR_CONFIG": str(tmp_path / "nope.toml")})
    with pytest.raises(ConfigError, match="is a folder, not a file"):
        load_settings(tmp_path, env={})
