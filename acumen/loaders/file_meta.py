"""Unit, currency and company of the figures: as the caller chooses, else as the file states."""

from __future__ import annotations

import re
from pathlib import Path

from acumen.loaders.file_context import _Context, _text

UNIT_FACTORS = {"units": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
UNIT_ALIASES = {"ones": "units", "unit": "units", "thousand": "thousands", "million": "millions"}
UNIT_ALIASES |= {"billion": "billions", "k": "thousands", "m": "millions", "bn": "billions"}
CURRENCY_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "RMB", "HKD"}
    | {"SGD", "SEK", "NOK", "DKK", "INR", "BRL", "MXN", "KRW", "ZAR", "PLN", "CZK"}
)
CURRENCY_SYMBOLS = {"US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "S$": "SGD"}
CURRENCY_SYMBOLS |= {"€": "EUR", "£": "GBP", "¥": "JPY", "$": "USD"}
_CUR = r"(?:[$€£¥]|usd|eur|gbp|chf|jpy|cad|aud)"
UNIT_PATTERNS: dict[str, re.Pattern[str]] = {
    "thousands": re.compile(
        rf"\bthousands?\b|(?:^|[\s(]){_CUR}?\s?'?000'?s?(?![\d,.])|\btsd\b|\bkeur\b|\bkusd\b"
    ),
    "millions": re.compile(
        rf"\bmillions?\b|\bmln\b|\bmio\b|(?:^|[\s(]){_CUR}\s?(?:m|mn|mm|mil)\b|\b(?:m|mn)\s?{_CUR}\b"
    ),
    "billions": re.compile(rf"\bbillions?\b|(?:^|[\s(]){_CUR}\s?(?:b|bn)\b|\bbn\b"),
    "units": re.compile(r"\bunits?\s*[:=]\s*(?:units?|ones|1)\b"),
}
_COMPANY_LINE = re.compile(
    r"^\s*(?:company(?:\s+name)?|client|entity|customer)\s*[:=]\s*(?P<name>.*)$", re.I | re.S
)
_CURRENCY_LINE = re.compile(r"\bcurrency\s*[:=]?\s*(?P<code>[A-Za-z]{3})\b", re.I)
_CODE_WORD = re.compile(r"\b(" + "|".join(sorted(CURRENCY_CODES)) + r")\b")


def _unit_factor(titles: list[str], headers: list[str], unit: str | None, ctx: _Context) -> float:
    """Scale to full units from the ``unit`` argument or the unit the file states."""
    stated = _stated_units(titles, headers)
    if len(stated) > 1:
        raise ctx.error(
            f"the file states several units ({' and '.join(sorted(stated))})",
            fix="Keep one unit line such as 'in millions', or pass the unit explicitly.",
        )
    file_unit = next(iter(stated), None)
    if unit is not None:
        chosen = _unit_name(unit, ctx)
        note = f"; the file says {file_unit}" if file_unit and file_unit != chosen else ""
        ctx.warnings.append(f"Figures read as {chosen} (as chosen{note}).")
    elif file_unit:
        chosen = file_unit
        ctx.warnings.append(f"Figures read as {chosen}, as the file states.")
    else:
        chosen = "units"
        ctx.warnings.append(
            "No unit stated; figures read as full units. Add a line such as 'in millions' "
            "or choose the unit if they are not."
        )
    return UNIT_FACTORS[chosen]


def _unit_name(unit: str, ctx: _Context) -> str:
    key = str(unit).strip().lower()
    key = UNIT_ALIASES.get(key, key)
    if key not in UNIT_FACTORS:
        raise ctx.error(
            f"unknown unit '{_text(unit)}'",
            fix="Use one of: units, thousands, millions, billions.",
        )
    return key


def _stated_units(titles: list[str], headers: list[str]) -> set[str]:
    texts = [t for t in titles if not _COMPANY_LINE.match(t)] + headers
    found = set()
    for text in texts:
        lowered = text.lower()
        found |= {name for name, pattern in UNIT_PATTERNS.items() if pattern.search(lowered)}
    return found


def _currency(titles: list[str], headers: list[str], ctx: _Context) -> str:
    """ISO code from "Currency: EUR", a code or symbol in the titles, else the figures."""
    texts = [t for t in titles if not _COMPANY_LINE.match(t)] + headers
    for text in texts:
        match = _CURRENCY_LINE.search(text)
        if match and match.group("code").upper() in CURRENCY_CODES:
            return _iso(match.group("code").upper())
    for text in texts:
        match = _CODE_WORD.search(text)
        if match:
            return _iso(match.group(1))
    for text in texts:
        for symbol, code in CURRENCY_SYMBOLS.items():
            if symbol in text:
                return code
    if len(ctx.symbols) > 1:
        raise ctx.error(
            f"the figures use several currencies ({' '.join(sorted(ctx.symbols))})",
            fix="Use one currency per file.",
        )
    if ctx.symbols:
        return CURRENCY_SYMBOLS[next(iter(ctx.symbols))]
    ctx.warnings.append("No currency stated; assumed USD. Add a line such as 'Currency: EUR'.")
    return "USD"


def _iso(code: str) -> str:
    return "CNY" if code == "RMB" else code


def _company_id(company: str | None, titles: list[str], hint: str | None, ctx: _Context) -> str:
    """The company argument, else a "Company: NAME" line, else a company column, else the
    file stem."""
    if company is not None and str(company).strip():
        return str(company).strip()
    for text in titles:
        match = _COMPANY_LINE.match(text)
        if match:
            name = match.group("name").strip().lstrip(",;").strip()
            if name:
                return name
    if hint:
        return hint
    return Path(ctx.source).stem or "upload"
