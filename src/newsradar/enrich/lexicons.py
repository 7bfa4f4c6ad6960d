"""The enrichment lexicons, read from ``enrich/data/*.tsv`` and, when configured, a user folder.

Every lexicon is a tab-separated file with ``#`` comments. A user folder (``lexicon_dir`` setting)
may hold files of the same names: their rows are added after the built-in ones, and a row whose key
repeats a built-in key replaces it. ``docs/lexicons.md`` describes each file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from newsradar.enrich.lexcheck import SCHEMAS, check_row
from newsradar.errors import ConfigError

_PKG = "newsradar.enrich"
# files of the built-in table that a lexicon folder cannot hold, and where their extra rows go instead
_ELSEWHERE = {"chrome.tsv": "the file the chrome_file setting names",
              "captions.tsv": "nowhere: caption patterns are built in only"}


class Row(list[str]):
    """The columns of one lexicon row, with where it was read ("FILE:LINE"), for errors that only a
    loader can find (a code the CAMEO table lacks)."""

    __slots__ = ("where",)

    def __init__(self, cols: list[str], where: str) -> None:
        super().__init__(cols)
        self.where = where


def rows(name: str, user_dir: Path | None = None) -> list[Row]:
    """The rows of lexicon ``name``, built-in first, then the user's, each checked by its schema
    (:mod:`newsradar.enrich.lexcheck`)."""
    sources = [(f"{name} (built-in)", resources.files(_PKG).joinpath(f"data/{name}").read_text(encoding="utf-8"))]
    if user_dir is not None and (user_dir / name).is_file():
        sources.append((str(user_dir / name), _read(user_dir / name)))
    out = []
    for label, text in sources:
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                where = f"{label}:{n}"
                out.append(Row(check_row(name, line, where), where))
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read lexicon {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        at = path.read_bytes().count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{at}: not UTF-8 ({exc.reason}); save the lexicon as UTF-8") from None


def check_folder(user_dir: Path) -> None:
    """Refuse a lexicon folder that is not a folder or holds a ``.tsv`` file no lexicon is named
    like: a misspelt "role.tsv" would otherwise be ignored, and the run go on without its rows."""
    if not user_dir.is_dir():
        raise ConfigError(f"lexicon_dir {user_dir} is not a folder")
    for path in sorted(user_dir.iterdir()):
        if path.suffix.lower() != ".tsv" or path.name in SCHEMAS:
            continue
        if path.name in _ELSEWHERE:
            raise ConfigError(f"{path}: {path.name} is not read from lexicon_dir; its rows go in "
                              f"{_ELSEWHERE[path.name]}")
        close = difflib.get_close_matches(path.name.lower(), SCHEMAS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{path}: not a lexicon newsradar reads{hint}; the lexicon files are "
                          f"{', '.join(sorted(SCHEMAS))}")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Lexicon key: lower case, no full stops, curly quotes straightened, single spaces."""
    t = text.lower().replace("’", "'").replace(".", "")
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True, slots=True)
class Role:
    phrase: str
    sector: str
    default_country: str | None


@dataclass(frozen=True, slots=True)
class Agent:
    noun: str
    sector: str
    collective: bool


@dataclass(slots=True)
class Lexicons:
    roles: dict[str, Role] = field(default_factory=dict)
    role_heads: set[str] = field(default_factory=set)
    max_role_words: int = 1
    agents: dict[str, Agent] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)
    pronoun_cues: set[str] = field(default_factory=set)

    def role(self, phrase: str) -> Role | None:
        return self.roles.get(norm(phrase))

    def agent(self, lemma: str) -> Agent | None:
        return self.agents.get(norm(lemma))

    def org_code(self, name: str) -> str | None:
        key = re.sub(r"^the ", "", norm(name))
        return self.organizations.get(key)


@cache
def load(user_dir: Path | None = None) -> Lexicons:
    lex = Lexicons()
    for cols in rows("roles.tsv", user_dir):
        phrase = norm(cols[0])
        lex.roles[phrase] = Role(phrase, cols[1].upper(), (cols[2].upper() or None) if len(cols) > 2 else None)
        lex.role_heads.add(phrase.split()[-1])
        lex.max_role_words = max(lex.max_role_words, len(phrase.split()))
    for cols in rows("agents.tsv", user_dir):
        noun = norm(cols[0])
        lex.agents[noun] = Agent(noun, cols[1].upper(), len(cols) > 2 and cols[2].lower() == "yes")
    for cols in rows("organizations.tsv", user_dir):
        lex.organizations[re.sub(r"^the ", "", norm(cols[0]))] = cols[1].upper()
    for cols in rows("cues.tsv", user_dir):
        lex.cues[norm(cols[0])] = cols[1].lower()
    return lex
