"""Reading PETRARCH dictionary files: comments, phrases and words, shared by every dictionary reader.

PETRARCH (and TABARI before it) dictionaries are flat text. Comments are ``<!-- … -->`` (over several
lines if need be), ``#`` and, for old TABARI files, ``;`` when they start a line or follow a blank.
Phrases are words joined by ``_`` (the words must be consecutive in the text) or by blanks (other
words may come between them). Matching is on upper-case words; a word with a hyphen or an English
contraction is split the way the spaCy tokenizer splits running text ("PEACE-KEEPING" → PEACE - KEEPING,
"DIDN'T" → DID N'T), so that dictionary phrases and sentences are cut into the same pieces.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsradar.errors import ConfigError

log = logging.getLogger(__name__)

_INLINE_COMMENT = re.compile(r"(?:^|\s)[#;]")
_HYPHEN = re.compile(r"(?<=[^\s-])-(?=[^\s-])|(?<=[A-Z0-9])-$")
_CONTRACTION = re.compile(r"^(.+?)(N'T|'S|'RE|'LL|'VE|'D|'M)$")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a phrase; ``joined``: it must follow the word before it immediately."""

    text: str
    joined: bool = False


Phrase = tuple[Word, ...]


def fail(where: str, line: int, what: str) -> ConfigError:
    """The error for a malformed line: it names the file and the line, and says what is wrong."""
    return ConfigError(f"{where}:{line}: {what}")


def read_text(path: Path) -> str:
    """The dictionary's text: UTF-8 (or UTF-16 with its byte-order mark); a file in neither, as old
    TABARI dictionaries often are, is read as Windows-1252 with a warning naming its first such line,
    rather than with replacement characters that would silently never match."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read dictionary {path}: {exc.strerror or exc}") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        log.warning("%s:%d: not UTF-8; the dictionary is read as Windows-1252", path, line)
        return data.decode("cp1252", errors="replace")


def content_lines(text: str, where: str = "<text>") -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line, comments removed; blank lines come as ``""``, lines that
    held only a comment are left out. A comment still open at the end raises ConfigError: it would
    silently swallow the rest of the file.

    Leading whitespace is kept: in actor dictionaries a tab starts a date restriction."""
    in_comment, opened = False, 0
    for n, raw in enumerate(text.splitlines(), 1):
        line, out = raw, []
        while line:
            if in_comment:
                end = line.find("-->")
                if end < 0:
                    line = ""
                    break
                line, in_comment = line[end + 3:], False
            else:
                start = line.find("<!")
                if start < 0:
                    out.append(line)
                    break
                out.append(line[:start])
                line, in_comment, opened = line[start + 2:], True, n
        kept = "".join(out)
        m = _INLINE_COMMENT.search(kept)
        if m:
            kept = kept[:m.start()]
        kept = kept.rstrip()
        if kept.strip() or not raw.strip():
            yield n, kept  # a line holding only a comment is skipped; a blank line is kept
    if in_comment:
        raise fail(where, opened, "a comment '<!' is never closed with '-->', so it would hide the rest of the file")


def split_word(word: str) -> list[str]:
    """The pieces a word falls into in running text: "PEACE-KEEPING" → PEACE, -, KEEPING."""
    word = word.upper().replace("’", "'").replace("‘", "'")
    out: list[str] = []
    for part in _HYPHEN.sub(" - ", word).split():
        m = _CONTRACTION.match(part)
        if m and m.group(1) not in ("'", ""):
            out += [m.group(1), m.group(2)]
        else:
            out.append(part)
    return out


def phrase(text: str) -> Phrase:
    """A dictionary phrase: ``_`` joins words that must be consecutive, a blank allows a gap."""
    words: list[Word] = []
    for chunk in text.split():
        pieces = [w for part in chunk.split("_") if part for w in split_word(part)]
        words += [Word(w, joined=i > 0) for i, w in enumerate(pieces)]
    return tuple(words)


def plural(word: str) -> str:
    """The regular English plural PETRARCH generates: +S, Y → IES, SS → SSES."""
    if word.endswith("SS"):
        return word + "ES"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def with_plural(p: Phrase) -> Phrase:
    """``p`` with its last word made plural."""
    if not p:
        return p
    last = p[-1]
    return (*p[:-1], Word(plural(last.text), last.joined))


def bracket(text: str, where: str, line: int) -> tuple[str, str]:
    """Split ``text`` at its first ``[…]``: the text before it and the inside of the brackets."""
    start = text.find("[")
    end = text.find("]", start + 1)
    if start < 0:
        return text, ""
    if end < 0:
        raise fail(where, line, f"a '[' without its ']' in {text.strip()!r}")
    return text[:start], text[start + 1:end].strip()
