"""The article's language: what the page declares, checked against what the text says."""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

CHECK_SAMPLE = 200  # characters read to check a declared language
# The full model's probability that makes an answer sure: enough to overrule a declared language, or
# to name one outside the languages news is mostly written in. Under it, a short English headline
# read as Nigerian Pidgin (up to 0.91 on Reuters wire headlines) is not taken at its word.
SURE = 0.95
LIKELY = 0.5  # the full model's answer is taken from here, when it names a common language
SAMPLE = 400  # characters read: plenty to tell a language, and the classifier's cost grows with it
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# The languages most news is written in, for short texts the full model cannot tell with confidence,
# each with its rough share (per cent) of the web's content: W3Techs' survey of the most visited sites,
# rounded, as it stood in the early 2020s. The classifier takes every language as equally likely;
# on a few words, where names carry much of the evidence ("Floods hit Jakarta again." reads as
# Indonesian), that share is the better prior. It is tempered (square root): at full strength it
# made English of many short German fragments from the gold pages ("Das bizarre Drohvideo"), as a
# feed's languages are its user's choice, not the web's.
SHARES = {"en": 50.0, "ru": 5.0, "de": 5.0, "es": 5.0, "ja": 4.0, "fr": 4.0, "pt": 3.0, "it": 2.0, "tr": 2.0,
          "fa": 2.0, "pl": 1.5, "nl": 1.5, "zh": 1.5, "vi": 1.0, "id": 1.0, "ar": 1.0, "cs": 0.7, "ko": 0.7,
          "uk": 0.6, "hu": 0.5, "sv": 0.5, "el": 0.5, "ro": 0.5, "he": 0.3, "da": 0.3, "fi": 0.3, "no": 0.3,
          "th": 0.3, "hi": 0.2, "bn": 0.1}
COMMON = tuple(SHARES)
# Among the common languages, the best one must hold this share of the weighed evidence, be more
# likely right than wrong, to be the answer. The unknown language (None) is read by the model: for
# English that costs nothing, where a wrong language costs every fact; for others, a few spurious
# ones. On Reuters wire headlines, English told as another language fell from 2.1 % to 0.3 % (3.1 %
# unknown), on its briefs from 1.3 % to 0.3 %; of the gold pages' 50 to 100-character fragments in
# other languages, 97.8 % keep theirs (98.3 % before), 1.4 % are unknown (mostly names, dates, links).
UNSURE = 0.5


@cache
def _common_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(COMMON))
    return ident


def warm_up() -> None:
    """Load both language models now (about a second and a half each) rather than on the first page
    that needs them, so that a long-running process pays for them once, at start."""
    _identifier()
    _common_identifier()


def normalise(code: str | None) -> str | None:
    """``en-GB`` → ``en``; anything that is not a language tag → ``None``."""
    if not code:
        return None
    m = _CODE.match(code.strip())
    return m.group(1).lower() if m else None


def detect(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``. A declared language wins unless the text is long enough to
    tell and clearly says otherwise (templates often declare ``en`` on every page). Undeclared, the
    text's most likely language; ``None`` for text without a letter, and for text too short to tell
    (see :func:`_told`): unknown, rather than a wrong language that would cost it its facts."""
    sample = text[:SAMPLE]
    stated = normalise(declared)
    if stated is None:
        if not any(ch.isalpha() for ch in sample):
            return None
        return _told(sample)
    if len(sample.strip()) < 20:
        return stated
    # Overruling a declaration needs a confident answer, which a few sentences give.
    lang, prob = _identifier().classify(sample[:CHECK_SAMPLE])
    if stated != lang and prob >= SURE and len(sample) >= CHECK_SAMPLE:
        return str(lang)
    return stated


def _told(sample: str) -> str | None:
    lang, prob = _identifier().classify(sample)
    if prob >= SURE or (prob >= LIKELY and lang in SHARES):
        return str(lang)
    # Short text fools the full model into rare languages ("pcm" for an English headline): with
    # little evidence, the answer comes from the languages news is mostly written in, weighed by
    # how much of the web each is written in. When even then no language holds half the weight, as
    # on a line of names and figures or a sentence every word of which is also Dutch ("Merkel met
    # Macron in Paris."), the text does not say: a guess would as often be wrong as right.
    weighed = [(code, p * math.sqrt(SHARES[code])) for code, p in _common_identifier().rank(sample)]
    best, weight = max(weighed, key=lambda cw: cw[1])
    return str(best) if weight >= UNSURE * sum(w for _, w in weighed) else None
