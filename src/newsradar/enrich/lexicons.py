"""The enrichment lexicons, read from ``enrich/data/*.tsv`` and, when configured, a user folder.

Every lexicon is a tab-separated file with ``#`` comments. A user folder (``lexicon_dir`` setting)
may hold files of the same names: their rows are added after the built-in ones, and a row whose key
repeats a built-in key replaces it. ``docs/lexicons.md`` describes each file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from newsradar.errors import ConfigError
from newsradar.extract.lexicon import data_lines

_PKG = "newsradar.enrich"


def rows(name: str, user_dir: Path | None, min_cols: int) -> list[list[str]]:
    """The rows of lexicon ``name``: built-in first, then the user's."""
    lines = [(f"{name} (built-in)", n, ln) for n, ln in enumerate(data_lines(_PKG, f"data/{name}"), 1)]
    if user_dir is not None:
        path = user_dir / name
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"cannot read lexicon {path}: {exc.strerror}") from exc
            except UnicodeDecodeError as exc:
                at = path.read_bytes().count(b"\n", 0, exc.start) + 1
                raise ConfigError(f"{path}:{at}: not UTF-8 ({exc.reason}); save the lexicon as UTF-8") from None
            lines += [(str(path), n, ln) for n, ln in enumerate(text.splitlines(), 1)
                      if ln.strip() and not ln.lstrip().startswith("#")]
    out = []
    for where, n, line in lines:
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < min_cols or not cols[0]:
            raise ConfigError(f"{where}:{n}: expected at least {min_cols} tab-separated columns, got {line!r}")
        out.append(cols)
    return out


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
    for cols in rows("roles.tsv", user_dir, 2):
        phrase = norm(cols[0])
        lex.roles[phrase] = Role(phrase, cols[1].upper(), (cols[2].upper() or None) if len(cols) > 2 else None)
        lex.role_heads.add(phrase.split()[-1])
        lex.max_role_words = max(lex.max_role_words, len(phrase.split()))
    for cols in rows("agents.tsv", user_dir, 2):
        noun = norm(cols[0])
        lex.agents[noun] = Agent(noun, cols[1].upper(), len(cols) > 2 and cols[2].lower() == "yes")
    for cols in rows("organizations.tsv", user_dir, 2):
        lex.organizations[re.sub(r"^the ", "", norm(cols[0]))] = cols[1].upper()
    for cols in rows("cues.tsv", user_dir, 2):
        lex.cues[norm(cols[0])] = cols[1].lower()
    return lex
