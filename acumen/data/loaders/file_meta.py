"""Unit, currency and company of the figures: as the caller chooses, else as the file states."""

from __future__ import annotations

import re

from acumen.data.loaders.file_context import LoadContext, clip_text
from acumen.i18n import N_, _

#: Scale of each unit a file can state (万 = 10⁴, lakh = 10⁵, crore = 10⁷, 亿 = 10⁸).
UNIT_FACTORS = {
    "units": 1.0,
    "thousands": 1e3,
    "ten thousands": 1e4,
    "lakhs": 1e5,
    "millions": 1e6,
    "crores": 1e7,
    "hundred millions": 1e8,
    "billions": 1e9,
}
#: The unit names, marked for translation (:func:`unit_words` shows them).
UNIT_WORDS = (
    N_("units"),
    N_("thousands"),
    N_("ten thousands"),
    N_("lakhs"),
    N_("millions"),
    N_("crores"),
    N_("hundred millions"),
    N_("billions"),
)
UNIT_ALIASES = {"ones": "units", "unit": "units", "thousand": "thousands", "million": "millions"}
UNIT_ALIASES |= {"billion": "billions", "k": "thousands", "m": "millions", "bn": "billions"}
UNIT_ALIASES |= {"lakh": "lakhs", "crore": "crores", "万": "ten thousands", "万元": "ten thousands"}
UNIT_ALIASES |= {"亿": "hundred millions", "亿元": "hundred millions", "千元": "thousands"}
UNIT_ALIASES |= {"百万元": "millions", "元": "units", "mil": "millions", "mn": "millions"}
CURRENCY_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "RMB", "HKD"}
    | {"SGD", "SEK", "NOK", "DKK", "INR", "BRL", "MXN", "KRW", "ZAR", "PLN", "CZK"}
    | {"TWD", "NTD", "THB", "IDR", "MYR", "PHP", "VND", "TRY", "ILS", "SAR", "AED"}
    | {"CLP", "COP", "PEN", "ARS", "HUF", "RUB", "EGP", "NGN", "KES", "PKR", "BDT"}
)
#: Other names of a currency, as files print them.
CURRENCY_NAMES = {"RMB": "CNY", "NTD": "TWD", "人民币": "CNY", "新台币": "TWD", "台币": "TWD"}
CURRENCY_NAMES |= {"円": "JPY", "日元": "JPY", "港元": "HKD", "美元": "USD", "rupees": "INR"}
CURRENCY_SYMBOLS = {"US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "S$": "SGD"}
CURRENCY_SYMBOLS |= {"NT$": "TWD", "MX$": "MXN", "R$": "BRL", "₹": "INR", "Rs.": "INR"}
CURRENCY_SYMBOLS |= {"€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "$": "USD"}
#: Symbols that several currencies share: the first reading is an assumption, said so.
AMBIGUOUS_SYMBOLS = {"$": "USD, MXN, CAD, AUD, HKD, SGD, TWD…", "¥": N_("JPY or CNY")}
_CUR = r"(?:[$€£¥₹]|usd|eur|gbp|chf|jpy|cad|aud|inr|mxn|twd|ntd|cny|rmb)"
UNIT_PATTERNS: dict[str, re.Pattern[str]] = {
    "thousands": re.compile(
        rf"\bthousands?\b|(?:^|[\s(]){_CUR}?\s?'?000'?s?(?![\d,.])|\btsd\b|\bkeur\b|\bkusd\b"
        r"|(?<![百万亿])千元"
    ),
    "ten thousands": re.compile(r"(?<![百千])万元|\(万\)|单位[:：]?\s*万(?!元)"),
    "lakhs": re.compile(r"\blakhs?\b|\blacs?\b"),
    "millions": re.compile(
        rf"\bmillions?\b|\bmln\b|\bmio\b|(?:^|[\s(]){_CUR}\s?(?:m|mn|mm|mil)\b|\b(?:m|mn)\s?{_CUR}\b"
        r"|百万元"
    ),
    "crores": re.compile(r"\bcrores?\b|\bcr\.?\)"),
    "hundred millions": re.compile(r"亿元"),
    "billions": re.compile(rf"\bbillions?\b|(?:^|[\s(]){_CUR}\s?(?:b|bn)\b|\bbn\b"),
    "units": re.compile(r"\bunits?\s*[:=]\s*(?:units?|ones|1)\b|单位[:：]\s*元"),
}
_COMPANY_LINE = re.compile(
    r"^\s*(?:company(?:\s+name)?|client|entity|customer)\s*[:=]\s*(?P<name>.*)$", re.I | re.S
)
_CURRENCY_LINE = re.compile(r"\bcurrency\s*[:=]?\s*(?P<code>[A-Za-z]{3})\b", re.I)
_CODE_WORD = re.compile(r"\b(" + "|".join(sorted(CURRENCY_CODES)) + r")\b")


def unit_words(unit: str) -> str:
    """A UNIT_FACTORS key as a reader reads it, in the active language ("millions", 百万)."""
    return _(unit) if unit in UNIT_FACTORS else unit


def unit_name(unit: str, ctx: LoadContext) -> str:
    """The UNIT_FACTORS key for a unit the user typed ("millions", "m", "万元", "crore")."""
    key = str(unit).strip().lower()
    key = UNIT_ALIASES.get(key, key)
    if key not in UNIT_FACTORS:
        raise ctx.error(
            _("unknown unit '{unit}'").format(unit=clip_text(unit)),
            fix=_("Use one of: {units}.").format(units=", ".join(UNIT_FACTORS)),
        )
    return key


def stated_units(texts: list[str]) -> set[str]:
    """Units that title, header or label texts state ("in millions", "(万元)", "₹ in Crore")."""
    found = set()
    for text in texts:
        if _COMPANY_LINE.match(text):
            continue
        lowered = text.lower()
        found |= {name for name, pattern in UNIT_PATTERNS.items() if pattern.search(lowered)}
    return found


def stated_currency(texts: list[str]) -> tuple[str | None, str | None]:
    """(ISO code, the text it was read from) from "Currency: EUR", an ISO code, a currency
    name or a symbol in ``texts``; (None, None) when none is stated."""
    texts = [t for t in texts if not _COMPANY_LINE.match(t)]
    for text in texts:
        match = _CURRENCY_LINE.search(text)
        if match and match.group("code").upper() in CURRENCY_CODES:
            return iso_currency(match.group("code")), match.group(0)
    for text in texts:
        match = _CODE_WORD.search(text)
        if match:
            return iso_currency(match.group(1)), match.group(1)
    for text in texts:
        for name, code in CURRENCY_NAMES.items():
            if name in text:
                return code, name
    for text in texts:
        for symbol, code in CURRENCY_SYMBOLS.items():
            if symbol in text:
                return code, symbol
    return None, None


def iso_currency(code: str) -> str:
    """ISO code of a code or name the user or a file gives ("rmb" -> "CNY", "NTD" -> "TWD")."""
    upper = str(code).strip().upper()
    return CURRENCY_NAMES.get(upper, CURRENCY_NAMES.get(str(code).strip(), upper))


def is_company_line(text: str) -> bool:
    """Whether ``text`` is a "Company: NAME" line (its words are a name, not a title)."""
    return _COMPANY_LINE.match(text) is not None


def company_line(titles: list[str]) -> str | None:
    """The NAME of a "Company: NAME" title line, if any."""
    for text in titles:
        match = _COMPANY_LINE.match(text)
        if match:
            name = match.group("name").strip().lstrip(",;").strip()
            if name:
                return name
    return None
