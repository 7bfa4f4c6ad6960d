"""The one folding of names and words that keys and searches share.

Two spellings of one name must meet: "Müller" and "Muller", "Jonas Gahr Støre" and "Jonas Gahr
Store", "Łódź" and "Lodz", "Straße" and "Strasse". Stripping the combining marks of the NFKD form
handles the first pair only: ø, ł, æ, đ, þ, ı and their kin are letters of their own, not a base
letter and a mark, so they are mapped to their usual ASCII transliteration.

Entity, actor, speaker and unit keys in the store are this fold of a name (store/rows.py), the
analytics fold what a user types the same way, and the full-text index holds this fold beside each
text that it changes (store/textindex.py). The dashboard repeats it in ``web/static/js/util.js``
(``entityKey``) for records that arrive without keys: change both together.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Lower case only: the map is applied after casefold (which already makes ß and ẞ "ss").
TRANSLITERATION = {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i",
                   "ħ": "h", "ŧ": "t", "ß": "ss"}
_TABLE = str.maketrans(TRANSLITERATION)
# A text holding any of these (either case) folds to more than its accents dropped.
# (Not ı's upper case: that is the ASCII I.)
_UPPER = {ch.upper(): out for ch, out in TRANSLITERATION.items() if len(ch.upper()) == 1 and ch.upper().lower() == ch}
_BOTH_CASES = str.maketrans({**TRANSLITERATION, **_UPPER, "ẞ": "ss"})
_LETTERS = "".join(TRANSLITERATION) + "".join(_UPPER) + "ẞ"
UNFOLDED = re.compile(f"[{_LETTERS}]")


@lru_cache(maxsize=1 << 16)  # names repeat across articles; folding them is a hot spot of bulk loads
def fold(text: str) -> str:
    """The form two spellings of one name share: case- and accent-folded, letters without an ASCII
    base transliterated (ø → o, ß → ss, æ → ae, ł → l), whitespace collapsed."""
    if text.isascii():  # most names: nothing to decompose, drop or transliterate (a tenth of the time)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().translate(_TABLE).split())


def unfolded(text: str) -> bool:
    """Whether ``text`` holds a letter that is no base letter plus a mark (ø, ł, ß…). Six times
    faster than ``UNFOLDED.search`` on a text without one: the text index asks it of every article."""
    return not text.isascii() and any(ch in text for ch in _LETTERS)


# Chinese and Japanese characters (kana, CJK ideographs and their compatibility forms): written
# without spaces, so the index's tokenizer (unicode61) reads a whole run of them, up to the next
# punctuation, as one word, and a search for a word inside it found nothing.
CJK_CLASS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_CJK = re.compile(CJK_CLASS)


def has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK.search(text) is not None


def twin(text: str) -> str | None:
    """What a text is also indexed and searched as, or None when that is the text itself: letters
    without an ASCII base transliterated (:func:`transliterate`), and Chinese and Japanese characters
    spaced apart, each its own word, so that a word of them is found as the phrase of its characters
    ("罢工" as "罢 工") wherever it stands in a run."""
    out = transliterate(text)
    if has_cjk(text):
        out = " ".join(_CJK.sub(lambda m: f" {m.group()} ", out or text).split())
    return out


def transliterate(text: str) -> str | None:
    """``text`` with the letters that are no base letter plus a mark transliterated, in lower case
    ("Łódź" → "lódź"; the rest left as it is), or None when it holds none: what an index that
    folds case and drops accents by itself still needs to see to match the ASCII spelling."""
    if not unfolded(text):
        return None
    return text.translate(_BOTH_CASES)
