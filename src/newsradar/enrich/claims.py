"""Numeric claims: how many of what, qualified how, and who says so.

A claim is a number (digits, words, "2.5 million", "$1.2bn", "half of", "dozens of", a percentage
such as "7 per cent", an amount of money or a range) with the thing it counts: the noun it modifies,
with that noun's modifiers ("250 mine-resistant armored vehicles"), or what follows "of" ("half of
the group's commanders"). Dates, times, ordinals and numbers inside names ("M16", "G20") are not
claims, nor are scores and tallies ("a 2-1 win", "ruled 5-4"), addresses ("221 Baker Street") or
numbers that label what they follow ("page 12", "No. 10"); "1 in 5 children" is the share 0.2 of
children; one-letter scales are read as :mod:`newsradar.enrich.figures` says ("£30m", "3M people", but
"the 100m sprint" is a distance). Money is written with a sign, a code or a name (:mod:`.money`). A
range's two ends are the same kind of quantity: "fell 3.5 percent to $12.40" is a change and a price,
and "rose from 5% to 6%" two levels. The claimant is the speaker of the quote the number stands in,
else the person or organisation the sentence is about. What the number measures ("killed", "injured",
"inflation") is read by :mod:`.measures`; a bare number counts nothing unless one of its known
measures governs it ("the death toll rose to 12"). Casualties count people: a number with the state of
those it counts ("a blast left 12 dead", "3 injured", "at least 40 wounded", "5 missing") is that many
people, measured by the state, and a bare number of a measure of people ("the attack killed 7", the
toll) counts people too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from newsradar.enrich import measures, money
from newsradar.enrich.coref import Resolver
from newsradar.enrich.figures import (
    GROUP,
    GROUPED,
    NUM,
    end_char,
    glued,
    letter_scaled,
    letter_scales,
    may_be_figure,
    number_words,
    numeric,
    parse_number,
    percent_end,
    scale_word,
    spaced,
)
from newsradar.enrich.lexicons import norm
from newsradar.enrich.nlp import doc_text, named, sentence, token_strings
from newsradar.record import Claim, Quote

_NUMBER_SIGNS = frozenset({"#", "No.", "no.", "Nos.", "nos."})
_STREETS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "blvd", "drive",
                      "square", "place", "terrace", "crescent", "way", "highway", "plaza", "parkway", "row"})
# verbs and nouns of change: "from" a number "to" another after them gives two levels, not a range
_CHANGES = frozenset({"rise", "fall", "increase", "decrease", "climb", "drop", "grow", "shrink", "jump", "surge",
                      "soar", "plunge", "slide", "slip", "dip", "tumble", "sink", "cut", "raise", "lift", "lower",
                      "reduce", "boost", "hike", "ease", "rebound", "recover", "widen", "narrow", "expand",
                      "contract", "decline", "double", "triple", "halve", "slash", "trim", "revise", "upgrade",
                      "downgrade", "change", "move", "go", "edge", "swell", "balloon", "accelerate", "slow",
                      "reduction"})
# qualifiers that stand before a bare number as often as before a count ("over 18", "only 3 of them")
_LOOSE = frozenset({"over", "under", "only", "just", "some", "exactly"})
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "PRODUCT", "LAW", "EVENT", "FAC", "WORK_OF_ART"}


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
    if any(percent_end(doc, k) is not None for k in range(start, end + 2)):
        return False
    return not all((NUM.match(t.text) and not _YEAR.match(t.text)) or t.lower_ in _RANGE_WORDS
                   for t in doc[start:end + 1])


def _skipped(tok: Any) -> bool:
    """Whether the entity ``tok`` stands in rules it out as a count (a date, a name, an ordinal); a
    number with its scale glued on ("300mn") is a count, whatever the recogniser calls it."""
    if glued(tok.text) or letter_scaled(tok):
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
        from spacy.attrs import LIKE_NUM, LOWER

        out: list[Claim] = []
        seen: set[int] = set()
        doc = self.doc
        words = token_strings(doc).words
        lower_ids, like_num = doc.to_array([LOWER, LIKE_NUM]).T.tolist() if len(doc) else ([], [])
        lower = named(lower_ids, doc.vocab.strings.__getitem__)
        fraction, vague = self.words.fraction, self.words.vague
        for i, low in enumerate(lower):
            # no figure, fraction or vague quantity can start here: the word is passed by without a Token
            if not (may_be_figure(words[i], like_num[i]) or low in fraction or low in vague):
                continue
            tok = doc[i]
            if tok.i in seen:
                continue
            if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in self.words.fraction:
                continue  # "two-thirds": read with its fraction
            if tok.lower_ in self.words.fraction and tok.pos_ in ("NOUN", "NUM", "ADJ"):
                claim = self._fraction(tok)
            elif numeric(tok) and not _skipped(tok) and not self._in_name(tok):
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
                claim.measure = claim.measure or measures.measure(claim_tokens, claim.unit)
            if claim.unit is None and claim.measure in measures.PEOPLE:
                claim.unit = "people"  # "the attack killed 7", "the death toll rose to 12"
            self._attribute(claim, tok)
            out.append(claim)
        return out

    def _in_name(self, tok: Any) -> bool:
        # "M16", "G20", "Covid-19", "F-35": digits glued to letters name things, they do not count them
        text = tok.text
        if glued(text) or letter_scaled(tok):
            return False
        lettered = bool(re.search(r"[A-Za-z]", text) and re.search(r"\d", text))
        doc = tok.doc
        if lettered or (tok.i > 1 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].is_alpha):
            return True
        # "the 3M unit", "a 4G mast": a capital glued on after the digits, unless it scales them or is
        # a temperature's ("a 3C rise"); longer capitals are units ("5GW")
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        return (nxt is not None and not tok.whitespace_ and len(nxt.text) == 1 and nxt.text.isupper()
                and nxt.text not in "CF" and not self._scale(nxt, tok.i))

    def _scale(self, tok: Any, start: int) -> bool:
        """Whether ``tok`` scales the number starting at token ``start``: "million", "bn"; a one-letter
        scale as :func:`letter_scales` allows."""
        word = scale_word(tok.text)
        if word not in self.words.multiplier:
            return False
        if len(word) > 1:
            return True
        return letter_scales(self.doc, start, tok.i, tok.text[0])

    def _number_tokens(self, tok: Any) -> list[Any]:
        """The whole number ``tok`` belongs to ("2.5 million", "twenty - five")."""
        doc = self.doc
        s = e = tok.i
        # a one-letter scale does not start a number ("Plan B 5")
        while s > 0 and (numeric(doc[s - 1]) or (len(doc[s - 1].text) > 1
                                                  and doc[s - 1].lower_ in self.words.multiplier)) \
                and not _skipped(doc[s - 1]):
            s -= 1
        while e + 1 < len(doc):
            if (numeric(doc[e + 1]) or self._scale(doc[e + 1], s)) and not _dated(doc[e + 1]):
                e += 1
            elif (doc[e + 1].is_space and len(doc[e + 1].text) == 1 and e + 2 < len(doc)
                  and GROUPED.match(doc[e].text) and GROUP.match(doc[e + 2].text)):
                e += 2  # "3\xa0000": a no-break space between groups of digits is a token
            elif (doc[e + 1].text == "-" and e + 2 < len(doc) and len(doc[e + 2].text) > 1
                  and doc[e + 2].lower_ in self.words.multiplier and not doc[e].whitespace_):
                e += 2  # "a $400-million deal": the scale, not the top of a range
            else:
                break
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
        if scale_word(last.text) != last.lower_:
            return None, last.i  # "£10m. Rivals": the full stop on the scale ended the sentence
        sign = percent_end(doc, last.i + 1)
        if sign is not None:  # however the parse hangs "per cent" or "%" on the number
            return "percent", sign
        head = last.head
        # the number modifies a noun to its right: take the words between them and the noun
        counts_noun = head.i > last.i and head.pos_ in ("NOUN", "PROPN")
        if last.dep_ in ("nummod", "quantmod", "compound", "amod") and counts_noun:
            end = head.i
            return spaced(doc[last.i + 1:end + 1].text), end
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is None:
            return None, last.i
        if nxt.lower_ == "of":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.text, pobj.i
        # "a blast left 12 dead", "left 3 injured", "40 wounded were taken …": the state of the people
        # counted, however the parse hangs it ("12 wounded soldiers" counts the soldiers, above)
        if measures.casualty(nxt) and not any(c.dep_ in ("dobj", "attr") for c in nxt.children) \
                and not (nxt.dep_ in ("amod", "compound") and nxt.head.i > nxt.i):
            return "people", nxt.i
        # "200 evacuated": the number is the subject of the state it counts ("the two learned of it" is
        # a pronoun's)
        if nxt.i == head.i and last.dep_ in ("nsubj", "nsubjpass") and head.tag_ in ("VBN", "JJ") \
                and not (nums[0].i > 0 and doc[nums[0].i - 1].tag_ == "DT"):
            return head.text, head.i
        return None, last.i

    def _label(self, tok: Any) -> bool:
        """"page 12", "No. 10", "room 101": a number right after the noun it numbers names one of them."""
        doc = self.doc
        i = tok.i
        if i == 0 or percent_end(doc, i + 1) is not None:
            return False
        prev = doc[i - 1]
        if prev.text in _NUMBER_SIGNS or (prev.text == "." and i > 1 and not doc[i - 2].whitespace_
                                          and doc[i - 2].text + "." in _NUMBER_SIGNS):
            return True
        return tok.head.i == i - 1 and prev.tag_ in ("NN", "NNP") and prev.is_alpha

    def _tally(self, nums: list[Any], value: float) -> bool:
        """"a 2-1 win", "the 52-48 vote": a score or a tally, not a count nor a range."""
        doc = self.doc
        k = nums[-1].i + 1
        if not (k + 1 < len(doc) and doc[k].text == "-" and not nums[-1].whitespace_ and not doc[k].whitespace_
                and numeric(doc[k + 1]) and not _dated(doc[k + 1])):
            return False
        other = parse_number(self._number_tokens(doc[k + 1]), self.words)
        return other is not None and other <= value

    def _change(self, start: int) -> bool:
        """"rose from 5% to 6%": the two levels of a change, not a range ("vary from 3 to 5" is one)."""
        doc = self.doc
        if start == 0 or doc[start - 1].lower_ != "from":
            return False
        return doc[start - 1].head.lemma_.lower() in _CHANGES

    def _range(self, nums: list[Any], value: float, currency: str | None, unit: str | None, end: int,
               between: bool) -> tuple[float, str | None, int] | None:
        """The upper end of a range starting with ``nums`` ("10 to 20", "between 10 and 20", "10-20", "3% to
        5%", "$2 million to $3 million"), with the range's unit and last token. Both ends must be the same
        kind of quantity: in "fell 3.5 percent to $12.40" and "4 percent to 250 pence" the second number
        is the price the first one's change led to. "And" joins the ends only after "between": "Rs 500 crore
        and ₹2,000 crore" are two amounts."""
        doc = self.doc
        k = nums[-1].i + 1
        if (sign := percent_end(doc, k)) is not None:
            k = sign + 1
        if not (k + 1 < len(doc) and (doc[k].lower_ in ("to", "-", "–") or (between and doc[k].lower_ == "and"))):
            return None
        j = k + 1
        up_currency = money.sign(doc[j].text)
        if up_currency and j + 1 < len(doc):
            j += 1
        if not numeric(doc[j]) or _dated(doc[j]):
            return None
        upper_nums = self._number_tokens(doc[j])
        upper = parse_number(upper_nums, self.words)
        if upper is None or upper <= value:
            return None
        up_last = upper_nums[-1]
        up_sign = percent_end(doc, up_last.i + 1)
        if (sign is not None and up_sign is None) or (up_currency not in (None, currency)) \
                or (currency is not None and up_sign is not None):
            return None
        up_unit, up_end = self._unit(upper_nums)
        if up_unit is None and unit is not None and end > up_last.i:
            up_unit, up_end = spaced(doc[up_last.i + 1:end + 1].text), end  # "300 and 400 soldiers"
        if up_unit is not None:
            return upper, up_unit, up_end
        return upper, unit, (end if unit == "percent" else up_last.i)

    def _number(self, tok: Any) -> Claim | None:
        nums = self._number_tokens(tok)
        value = parse_number(nums, self.words)
        if value is not None and (ratio := self._ratio(nums, value)) is not None:
            return ratio
        if value is None or (value < 2 and all(t.is_alpha for t in nums)):
            return None  # "one general", "a man": an article, not a count
        doc = self.doc
        first = nums[0]
        currency = None
        if (written := money.before(doc, first.i)) is not None:
            currency, at = written
            first = doc[at]
        elif self._label(first):
            return None
        if self._tally(nums, value):
            return None
        qualifier, start = self._qualifier(first)
        unit, end = self._unit(nums)
        head = nums[-1].head
        if currency is None and unit is not None and head.tag_ == "NNP" and head.lower_ in _STREETS:
            return None  # "221 Baker Street": an address
        upper = None
        between = start > 0 and doc[start - 1].lower_ == "between"
        if not self._change(start) and (found := self._range(nums, value, currency, unit, end, between)):
            upper, unit, end = found
            if between:
                start -= 1
        if currency:
            # "a $400-million-a-year business": after a hyphen the amount describes the noun, not counts it
            plain = unit is None or unit.lower() in self.words.multiplier or unit.startswith("-")
            unit = currency if plain else f"{currency} {unit}"
        elif unit and (named := money.named(unit)):
            unit = named
        measure = None
        if unit is None and tok.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY") and not currency \
                and (qualifier is None or norm(qualifier) in _LOOSE):
            # a bare number ("One general", "in 1999 alone") counts nothing, unless a known measure
            # governs it: "the death toll rose to 12" is a toll (kept as the claim's, not read again)
            measure = measures.measure(doc[start:end + 1])
            if measure not in measures.KNOWN:
                return None
        if unit is not None and unit.lower() in ("of", "the"):
            return None
        if measure is None and unit == "people":
            measure = measures.casualty(doc[end])  # "left 3 injured": the state, not what left them
        s, e = doc[start].idx, end_char(doc[end])
        text = self.text[s:e]
        if unit == "percent" or (unit and unit.endswith("%")):
            unit = "percent"
        return Claim(value=value, unit=unit, text=text, qualifier=qualifier, span=(s, e), upper=upper,
                     measure=measure)

    def _ratio(self, nums: list[Any], value: float) -> Claim | None:
        """"1 in 5 children", "one in three adults", "eight out of 10 voters", "nine of 10 Americans": the share
        (0.2) of what the second number counts. A bare "of" makes a share only out of 10, 100 or 1,000, as
        polls write them: "won 12 of 15 seats" counts seats."""
        doc = self.doc
        k = nums[-1].i + 1
        if k + 1 < len(doc) and doc[k].lower_ == "out" and doc[k + 1].lower_ == "of":
            k += 1
        if not (k + 1 < len(doc) and doc[k].lower_ in ("in", "of") and numeric(doc[k + 1])) or value <= 0:
            return None
        of_nums = self._number_tokens(doc[k + 1])
        whole = parse_number(of_nums, self.words)
        if whole is None or whole <= value:
            return None
        if doc[k].lower_ == "of" and doc[k - 1].lower_ != "out" and whole not in (10, 100, 1000):
            return None
        qualifier, start = self._qualifier(nums[0])
        unit, end = self._unit(of_nums)
        s, e = doc[start].idx, end_char(doc[end])
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
