"""Currencies around a number: the sign or code before it ("$", "US$", "CHF", "Rs") and the names
after it ("euros", "Swiss francs"), each as an ISO 4217 code.

Codes are read only in capitals and only right before a number ("USD 5 million"), so that words
that look like one in lower case ("try") do not count; codes that name other things before a
number as often as money ("COP 28", "PHP 8") are left out.
"""

from __future__ import annotations

from typing import Any

SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB",
         "HK$": "HKD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "S$": "SGD",
         "R$": "BRL", "₩": "KRW", "₺": "TRY", "₪": "ILS", "₦": "NGN", "₴": "UAH", "₱": "PHP"}
_CODES = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CHF", "INR", "RUB", "AUD", "CAD", "NZD", "HKD",
                    "SGD", "KRW", "BRL", "MXN", "ZAR", "TRY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "ILS",
                    "SAR", "AED", "QAR", "KWD", "EGP", "NGN", "KES", "PKR", "BDT", "IDR", "MYR", "THB", "VND",
                    "UAH", "ARS", "CLP"})
# abbreviations papers write before amounts, in the case they write them
_PREFIXES = {"Rs": "INR", "Rs.": "INR", "Sfr": "CHF", "SFr": "CHF", "Sfr.": "CHF", "SFr.": "CHF",
             "Dh": "AED", "Dhs": "AED", "Rp": "IDR", "RM": "MYR", "Tk": "BDT", "Ksh": "KES"}
_SAME = {"RMB": "CNY"}
# names that, alone, mostly mean one currency in English-language news ("francs" and "dinars" do not)
WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
         "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
         "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "shekel": "ILS",
         "shekels": "ILS", "naira": "NGN", "rand": "ZAR", "hryvnia": "UAH", "hryvnias": "UAH",
         "zloty": "PLN", "zlotys": "PLN"}
# a country's word before its currency's name, which the name alone would not tell ("Swiss francs")
_QUALIFIED = {"us dollars": "USD", "u.s. dollars": "USD", "american dollars": "USD", "australian dollars": "AUD",
              "canadian dollars": "CAD", "hong kong dollars": "HKD", "singapore dollars": "SGD",
              "new zealand dollars": "NZD", "swiss francs": "CHF", "swiss franc": "CHF",
              "pakistani rupees": "PKR", "indian rupees": "INR", "turkish lira": "TRY", "saudi riyals": "SAR",
              "egyptian pounds": "EGP", "swedish kronor": "SEK", "norwegian kroner": "NOK",
              "danish kroner": "DKK", "south african rand": "ZAR", "mexican pesos": "MXN", "uae dirhams": "AED"}


def sign(text: str) -> str | None:
    """The currency a token written before a number stands for: "$", "CHF", "Rs"."""
    if text in SIGNS:
        return SIGNS[text]
    if text in _CODES:
        return _SAME.get(text, text)
    return _PREFIXES.get(text)


def before(doc: Any, i: int) -> tuple[str, int] | None:
    """The currency written right before token ``i`` and the token it starts at, if one is."""
    if i > 0 and (code := sign(doc[i - 1].text)):
        return code, i - 1
    # "Rs. 500": the tokenizer may keep the abbreviation's full stop apart
    if i > 1 and doc[i - 1].text == "." and not doc[i - 2].whitespace_:
        code = _PREFIXES.get(doc[i - 2].text + ".")
        return (code, i - 2) if code else None
    return None


def named(unit: str) -> str | None:
    """The currency a unit names ("euros", "Swiss francs", "US dollars"), if it is only that."""
    words = " ".join(unit.lower().split())
    return WORDS.get(words) or _QUALIFIED.get(words)


def after(doc: Any, i: int) -> bool:
    """Whether a currency's name starts at token ``i`` ("30m euros", "5m Swiss francs")."""
    if i >= len(doc):
        return False
    if doc[i].lower_ in WORDS:
        return True
    return any(" ".join(t.lower_ for t in doc[i:i + n]) in _QUALIFIED for n in (2, 3))
