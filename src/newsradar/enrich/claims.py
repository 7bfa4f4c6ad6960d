"""Numeric claims: how many of what, qualified how, and who says so.

A claim is a number (digits, words, "2.5 million", "$1.2bn", "half of", "dozens of", a percentage
such as "7 per cent", an amount of money or a range) with the thing it counts: the noun it modifies,
with that noun's modifiers ("250 mine-resistant armored vehicles"), or what follows "of" ("half of
the group's commanders"). Dates, times, ordinals and numbers inside names ("M16", "G20") are not
claims, nor are scores and tallies ("a 2-1 win", "ruled 5-4"); "1 in 5 children" is the share 0.2 of
children; "m" and "k" scale only money ("£30m"), since "the 100m sprint" is a distance. The claimant
is the speaker of the quote the number stands in, else the person or organisation the sentence is
about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsradar.enrich.coref import Resolver
from newsradar.enrich.lexcheck import NUMBER_KINDS
from newsradar.enrich.lexicons import norm, rows
from newsradar.enrich.nlp import doc_text, sentence
from newsradar.record import Claim, Quote

_FIGURE = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # − is U+2212, the typeset minus
_FIGURE_START = frozenset("0123456789+-−")
_NUM = re.compile(rf"^{_FIGURE}$")
# a percentage written as one word in British papers ("5pc"), which the small model calls an ordinal
_PC = re.compile(rf"^({_FIGURE})pc$", re.I)
# a number with its scale glued on, which spaCy keeps as one token that is not like_num ("1.2bn",
# "3tn"); "m" and "k" are split off by the tokenizer already ("£30m" is "30" "m")
_SCALED = re.compile(rf"^({_FIGURE})(bn|bln|mn|mln|tn|trn)$", re.I)
_CURRENCY = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
                   "pounds": "GBP", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "rubles": "RUB"}
_PERCENT = {"%", "percent", "per cent", "pct", "percentage points"}
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "PRODUCT", "LAW", "EVENT", "FAC", "WORK_OF_ART"}


@dataclass(frozen=True, slots=True)
class NumberWords:
    cardinal: dict[str, float]
    multiplier: dict[str, float]
    fraction: dict[str, float]
    vague: dict[str, float]
    qualifiers: dict[str, str]


@cache
def number_words(user_dir: Path | None = None) -> NumberWords:
    """The number words and qualifiers of the data files and of lexicon folder ``user_dir``."""
    kinds: dict[str, dict[str, float]] = {kind: {} for kind in NUMBER_KINDS}
    for cols in rows("numbers.tsv", user_dir):
        kinds[cols[2].lower()][cols[0].lower()] = float(cols[1])
    quals = {norm(cols[0]): cols[1].lower() for cols in rows("qualifiers.tsv", user_dir)}
    return NumberWords(kinds["cardinal"], kinds["multiplier"], kinds["fraction"], kinds["vague"], quals)


def parse_number(tokens: list[Any], words: NumberWords | None = None) -> float | None:
    """The value of number tokens: "2,000", "2.5 million", "twenty five", "a dozen"."""
    words = words or number_words()
    value: float | None = None
    pending = 0.0
    for tok in tokens:
        t = tok.text.lower().replace(",", "").replace("−", "-") if _NUM.match(tok.text) else tok.lower_
        if scaled := _SCALED.match(tok.text):
            figure = float(scaled[1].replace(",", "").replace("−", "-")) * words.multiplier[scaled[2].lower()]
            value, pending = (value or 0.0) + pending + figure, 0.0
        elif pc := _PC.match(tok.text):
            pending += float(pc[1].replace(",", "").replace("−", "-"))
        elif _NUM.match(tok.text):
            pending += float(t)
        elif t in words.cardinal:
            pending += words.cardinal[t]
        elif t in words.multiplier:
            pending = (pending or 1.0) * words.multiplier[t]
            if words.multiplier[t] >= 1000:
                value, pending = (value or 0.0) + pending, 0.0
        elif t in ("a", "an", "and", "-"):
            continue
        else:
            return None
    total = (value or 0.0) + pending
    return total if (value is not None or pending) else None


def _glued(text: str) -> bool:
    """A number with its scale or percent sign in the same token ("1.2bn", "5pc"): a count, whatever
    the entity recogniser calls it, and no name for all its letters."""
    return text[:1] in _FIGURE_START and bool(_SCALED.match(text) or _PC.match(text))


def _numeric(tok: Any) -> bool:
    # asked of every token: the regular expressions only for what starts like a figure
    if tok.like_num:
        return True
    text = tok.text
    return text[:1] in _FIGURE_START and bool(_glued(text) or (text[:1] == "−" and _NUM.match(text)))


def _percent_end(doc: Any, i: int) -> int | None:
    """The last token of a percent sign starting at token ``i`` ("%", "percent", "per cent"), if one does."""
    if i >= len(doc):
        return None
    if doc[i].text == "%" or doc[i].lower_ in ("percent", "pct"):
        return i
    if i > 0 and _PC.match(doc[i - 1].text):  # "5pc": the sign is inside the number's own token
        return i - 1
    if doc[i].lower_ == "per" and i + 1 < len(doc) and doc[i + 1].lower_ == "cent":
        return i + 1
    return None


_RANGE_WORDS = {"between", "and", "to", "-", "–", "from"}
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")


def _dated(tok: Any) -> bool:
    """Whether ``tok`` is in a date or a time, as the entity recogniser says, unless the entity holds
    or ends at a percent sign, or is only numbers and range words: the small model calls "between 3
    and 5 percent" and "between 10 and 20 people" dates."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    doc = tok.doc
    start = end = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    if any(_percent_end(doc, k) is not None for k in range(start, end + 2)):
        return False
    return not all((_NUM.match(t.text) and not _YEAR.match(t.text)) or t.lower_ in _RANGE_WORDS
                   for t in doc[start:end + 1])


def _skipped(tok: Any) -> bool:
    """Whether the entity ``tok`` stands in rules it out as a count (a date, a name, an ordinal); a
    number with its scale glued on ("300mn") is a count, whatever the recogniser calls it."""
    if _glued(tok.text):
        return False
    return _dated(tok) if tok.ent_type_ in ("DATE", "TIME") else tok.ent_type_ in _SKIP_ENTS


class ClaimFinder:
    def __init__(self, doc: Any, resolver: Resolver, quotes: list[Quote], user_dir: Path | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.resolver = resolver
        self.quotes = quotes
        self.words = number_words(user_dir)

    def find(self) -> list[Claim]:
        out: list[Claim] = []
        seen: set[int] = set()
        doc = self.doc
        for tok in doc:
            if tok.i in seen:
                continue
            if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in self.words.fraction:
                continue  # "two-thirds": read with its fraction
            if tok.lower_ in self.words.fraction and tok.pos_ in ("NOUN", "NUM", "ADJ"):
                claim = self._fraction(tok)
            elif _numeric(tok) and not _skipped(tok) and not self._in_name(tok):
                claim = self._number(tok)
            elif tok.lower_ in self.words.vague and any(c.lower_ == "of" for c in tok.children):
                claim = self._vague(tok)
            else:
                continue
            if claim is None:
                continue
            claim_tokens = doc.char_span(claim.span[0], claim.span[1], alignment_mode="expand")
            if claim_tokens is not None:
                seen.update(t.i for t in claim_tokens)
            self._attribute(claim, tok)
            out.append(claim)
        return out

    @staticmethod
    def _in_name(tok: Any) -> bool:
        # "M16", "G20", "Covid-19", "F-35": digits glued to letters name things, they do not count them
        text = tok.text
        if _glued(text):
            return False
        glued = bool(re.search(r"[A-Za-z]", text) and re.search(r"\d", text))
        return glued or (tok.i > 0 and tok.doc[tok.i - 1].text == "-"
                                                       and tok.doc[tok.i - 2].is_alpha if tok.i > 1 else False)

    def _scale(self, tok: Any, start: int) -> bool:
        """Whether ``tok`` scales the number starting at token ``start``: "million", "bn"; "m" and "k"
        only for money ("£30m", "30m euros"), since "a 100m sprint" and "a 5k run" measure distances."""
        word = tok.lower_
        if word not in self.words.multiplier:
            return False
        if len(word) > 1:
            return True
        doc = self.doc
        after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
        return (start > 0 and doc[start - 1].text in _CURRENCY) or after in _CURRENCY_WORDS

    def _number_tokens(self, tok: Any) -> list[Any]:
        """The whole number ``tok`` belongs to ("2.5 million", "twenty - five")."""
        doc = self.doc
        s = e = tok.i
        while s > 0 and (_numeric(doc[s - 1]) or doc[s - 1].lower_ in self.words.multiplier) \
                and not _skipped(doc[s - 1]):
            s -= 1
        while e + 1 < len(doc) and (_numeric(doc[e + 1]) or self._scale(doc[e + 1], s)) \
                and not _dated(doc[e + 1]):
            e += 1
        # "twenty-five": number words joined by a hyphen
        while e + 2 < len(doc) and doc[e + 1].text == "-" and doc[e].lower_ in self.words.cardinal \
                and doc[e + 2].lower_ in self.words.cardinal:
            e += 2
        return [doc[i] for i in range(s, e + 1)]

    def _qualifier(self, first: Any) -> tuple[str | None, int]:
        doc = self.doc
        sent_start = sentence(first).start
        for n in (3, 2, 1):
            if first.i - n < sent_start:
                continue
            words = doc[first.i - n:first.i]
            if any(t.is_punct or t.is_space for t in words):
                continue  # norm() would drop them: ". Nearly" is not the qualifier
            phrase = norm(words.text)
            if phrase in self.words.qualifiers:
                return doc[first.i - n:first.i].text, first.i - n
        return None, first.i

    def _unit(self, nums: list[Any]) -> tuple[str | None, int]:
        """The counted noun phrase after the number, and its last token."""
        doc = self.doc
        last = nums[-1]
        sign = _percent_end(doc, last.i + 1)
        if sign is not None:  # however the parse hangs "per cent" or "%" on the number
            return "percent", sign
        head = last.head
        # the number modifies a noun to its right: take the words between them and the noun
        counts_noun = head.i > last.i and head.pos_ in ("NOUN", "PROPN")
        if last.dep_ in ("nummod", "quantmod", "compound", "amod") and counts_noun:
            end = head.i
            return doc[last.i + 1:end + 1].text, end
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.text, pobj.i
        return None, last.i

    def _number(self, tok: Any) -> Claim | None:
        nums = self._number_tokens(tok)
        value = parse_number(nums, self.words)
        if value is not None and (ratio := self._ratio(nums, value)) is not None:
            return ratio
        if value is None or (value < 2 and all(t.is_alpha for t in nums)):
            return None  # "one general", "a man": an article, not a count
        doc = self.doc
        first, last = nums[0], nums[-1]
        currency = None
        if first.i > 0 and doc[first.i - 1].text in _CURRENCY:
            currency = _CURRENCY[doc[first.i - 1].text]
            first = doc[first.i - 1]
        qualifier, start = self._qualifier(first)
        unit, end = self._unit(nums)
        if currency:
            unit = currency if unit is None or unit.lower() in self.words.multiplier else f"{currency} {unit}"
        elif unit and unit.lower() in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[unit.lower()]
        upper = None
        # a range: "10 to 20", "between 10 and 20", "10-20", "3% to 5%", "$2 million to $3 million"
        k = last.i + 1
        if (sign := _percent_end(doc, k)) is not None:
            k = sign + 1
        nxt = doc[k] if k < len(doc) else None
        if nxt is not None and nxt.lower_ in ("to", "-", "and", "–") and k + 1 < len(doc):
            j = k + 1 + (1 if doc[k + 1].text in _CURRENCY and k + 2 < len(doc) else 0)
            if _numeric(doc[j]) and not _dated(doc[j]):
                upper_nums = self._number_tokens(doc[j])
                upper = parse_number(upper_nums, self.words)
                if upper is not None and upper <= value and nxt.text == "-" and not doc[k - 1].whitespace_ \
                        and not nxt.whitespace_:
                    return None  # "a 2-1 win", "the 52-48 vote": a score or a tally, not a count
                if upper is not None and upper > value:
                    up_unit, up_end = self._unit(upper_nums)
                    if up_unit is None and unit is not None and end > upper_nums[-1].i:
                        up_unit, up_end = doc[upper_nums[-1].i + 1:end + 1].text, end  # "300 and 400 soldiers"
                    if up_unit is not None:
                        unit, end = up_unit, up_end
                    elif unit is None or unit != "percent":
                        end = upper_nums[-1].i
                    if currency and unit and (unit.lower() in self.words.multiplier or unit == currency):
                        unit = currency
                    if start > 0 and doc[start - 1].lower_ == "between":
                        start -= 1
                else:
                    upper = None
        if unit is None and tok.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY") and not currency:
            return None  # a bare number ("One general", "in 1999 alone") counts nothing
        if unit is not None and unit.lower() in ("of", "the"):
            return None
        s, e = doc[start].idx, doc[end].idx + len(doc[end].text)
        text = self.text[s:e]
        if unit == "percent" or (unit and unit.endswith("%")):
            unit = "percent"
        return Claim(value=value, unit=unit, text=text, qualifier=qualifier, span=(s, e), upper=upper)

    def _ratio(self, nums: list[Any], value: float) -> Claim | None:
        """"1 in 5 children", "one in three adults": the share (0.2) of what the second number counts."""
        doc = self.doc
        k = nums[-1].i + 1
        if not (k + 1 < len(doc) and doc[k].lower_ == "in" and _numeric(doc[k + 1])) or value <= 0:
            return None
        of_nums = self._number_tokens(doc[k + 1])
        whole = parse_number(of_nums, self.words)
        if whole is None or whole <= value:
            return None
        qualifier, start = self._qualifier(nums[0])
        unit, end = self._unit(of_nums)
        s, e = doc[start].idx, doc[end].idx + len(doc[end].text)
        return Claim(value=round(value / whole, 4), unit=unit, text=self.text[s:e], qualifier=qualifier, span=(s, e))

    def _fraction(self, tok: Any) -> Claim | None:
        doc = self.doc
        of = next((c for c in tok.children if c.lower_ == "of"), None)
        if of is None:
            return None
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        value = self.words.fraction[tok.lower_]
        start = tok.i
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.text == "-" and tok.i > 1:  # "two-thirds"
            prev = doc[tok.i - 2]
        if prev is not None and (prev.like_num or prev.lower_ in self.words.cardinal):
            count = parse_number([prev], self.words)
            value = round((count or 1) * value, 4)
            start = prev.i
        elif prev is not None and prev.lower_ in ("a", "one"):
            start = prev.i
        qualifier, start = self._qualifier(doc[start])
        s, e = doc[start].idx, pobj.idx + len(pobj.text)
        return Claim(value=value, unit=pobj.text, text=self.text[s:e], qualifier=qualifier, span=(s, e))

    def _vague(self, tok: Any) -> Claim | None:
        of = next(c for c in tok.children if c.lower_ == "of")
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        s, e = tok.idx, pobj.idx + len(pobj.text)
        return Claim(value=self.words.vague[tok.lower_], unit=pobj.text, text=self.text[s:e],
                     qualifier=tok.text, span=(s, e))

    def _attribute(self, claim: Claim, tok: Any) -> None:
        s, e = claim.span
        for q in self.quotes:
            if q.span[0] <= s and e <= q.span[1] and q.speaker:
                claim.source, claim.source_entity = q.speaker, q.speaker_entity
                return
        root = sentence(tok).root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return
        ref = self.resolver.refer(subj)
        if ref.entity is not None and ref.entity.type in ("PERSON", "ORG", "NORP"):
            claim.source, claim.source_entity = ref.name, ref.entity.id


def find_claims(doc: Any, resolver: Resolver, quotes: list[Quote], user_dir: Path | None = None) -> list[Claim]:
    """The claims of ``doc``, with the number words of lexicon folder ``user_dir`` besides the built-in."""
    return ClaimFinder(doc, resolver, quotes, user_dir).find()
