"""What a row label means: its unit and currency suffix, its statement, and its line item.

Rules are data: statement keywords, sections that hold changes rather than balances,
labels that are ratios, and the items each statement may give.
"""

from __future__ import annotations

import re
from functools import lru_cache

from acumen.data.aliases import AUXILIARY_BALANCE, AUXILIARY_INCOME, lookup_label, normalise_label
from acumen.data.loaders.file_meta import (
    CURRENCY_CODES,
    CURRENCY_NAMES,
    CURRENCY_SYMBOLS,
    UNIT_ALIASES,
    iso_currency,
    stated_units,
)
from acumen.data.schema import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT

#: Statement kinds and the words that name them in titles, sheet names, file names and a
#: ``statement`` column (normalised with :func:`normalise_label`).
STATEMENT_WORDS: dict[str, tuple[str, ...]] = {
    "income": (
        "incomestatement",
        "statementsofincome",
        "statementofincome",
        "statementsofoperations",
        "statementofoperations",
        "statementsofearnings",
        "statementofearnings",
        "profitandloss",
        "profitorloss",
        "pnl",
        "pandl",
        "income",
        "利润表",
        "损益表",
        "综合损益表",
        "損益計算書",
        "lrb",
    ),
    "balance": (
        "balancesheet",
        "financialposition",
        "资产负债表",
        "貸借対照表",
        "zcfzb",
    ),
    "cash_flow": ("cashflow", "现金流量表", "キャッシュフロー計算書", "xjllb"),
}
#: Titles of tables that are never statements: notes, parentheticals, equity roll-forwards,
#: percentages, ratios and growth rates.
NOT_FIGURES = re.compile(
    r"parenthetical|\(details\)|\(tables\)|\(policies\)|stockholders'? equity|shareholders'? equity"
    r"|changes in equity|comprehensive income|document and entity|%|percent|\bratios?\b"
    r"|\bmargins?\b|\bgrowth\b|per share|\befficiency\b|\bliquidity\b|common[- ]size"
    r"|year over year|\byoy\b|key ratios|\bprofitability\b",
    re.I,
)
#: Section headings under which balance-sheet names are changes (cash-flow working capital).
CHANGE_SECTION = re.compile(
    r"changes? in|working capital|cash flows? from operating|operating activities|adjustments",
    re.I,
)
#: Labels that are never money amounts: ratios, per-share figures, counts.
NOT_AMOUNT = re.compile(
    r"%|\bper share\b|\beps\b|\bratio\b|\bmargin\b|\bshares?\b|\bdays?\b|\bturnover\b"
    r"|每股|比率|率$|股数",
    re.I,
)

ITEMS_OF: dict[str, frozenset[str]] = {
    "income": frozenset(INCOME_STATEMENT) | frozenset(AUXILIARY_INCOME),
    "balance": frozenset(BALANCE_SHEET) | frozenset(AUXILIARY_BALANCE),
    "cash_flow": frozenset(CASH_FLOW) | {"depreciation_amortization"},
}
HOME_OF: dict[str, str] = {item: kind for kind, items in ITEMS_OF.items() for item in items}
HOME_OF["depreciation_amortization"] = "income"
#: An item whose name means something else in another statement: "Non-controlling
#: interests" in an income statement is their share of the profit, not their equity;
#: "Owners of the company" in a balance sheet is the owners' equity.
MEANING_IN: dict[tuple[str, str], str] = {
    ("income", "minority_interest"): "profit_nci",
    ("balance", "profit_owners"): "equity_owners",
}
STATEMENT_LABELS = {"income": "income statement", "balance": "balance sheet"}
STATEMENT_LABELS["cash_flow"] = "cash-flow statement"

_SCALE_WORDS = {"mil": "millions", "mn": "millions", "bil": "billions", "bn": "billions"}
_SCALE_WORDS |= {"thou": "thousands", "k": "thousands", "000": "thousands"}
_TRAILING = re.compile(
    r"^(?P<label>.*?)(?:\s+(?P<code>[A-Z]{3}))?(?:\s+(?P<scale>Mil|Bil|Mn|Bn|Thou))?$"
)
_BRACKET = re.compile(r"^(?P<label>.*?)\s*[(（\[](?P<inner>[^()（）\[\]]*)[)）\]]\s*$")


def statement_of_text(text: object) -> str | None:
    """The statement a title, sheet name, file name or statement cell names, if any."""
    if text is None:
        return None
    key = normalise_label(text)
    if not key:
        return None
    tokens = set(re.split(r"[^a-z]+", str(text).lower()))
    for kind, words in STATEMENT_WORDS.items():
        if any(w in key for w in words if len(w) > 4 or not w.isascii()) or tokens & set(words):
            return kind
    return None


def split_label(label: str) -> tuple[str, str | None, str | None]:
    """(label without its unit, unit name or None, ISO currency or None).

    "营业总收入(万元)" -> ("营业总收入", "ten thousands", None); "Revenue USD Mil" ->
    ("Revenue", "millions", "USD"); "Particulars (₹ in Crore)" -> ("Particulars", "crores",
    "INR"); labels without a unit come back unchanged.
    """
    text = " ".join(str(label).split())
    unit = currency = None
    match = _BRACKET.match(text)
    if match:
        inner = match.group("inner")
        units = stated_units([inner])
        code = _currency_in(inner)
        key = inner.strip().lower()
        if units or code or key in UNIT_ALIASES:
            unit = next(iter(units), None) or UNIT_ALIASES.get(key)
            currency = code
            text = match.group("label")
    match = _TRAILING.match(text)
    if match and (match.group("scale") or (match.group("code") in CURRENCY_CODES)):
        if match.group("code") in CURRENCY_CODES:
            currency = iso_currency(match.group("code"))
        if match.group("scale"):
            unit = _SCALE_WORDS[match.group("scale").lower()]
        text = match.group("label")
    return text.strip(), unit, currency


def _currency_in(text: str) -> str | None:
    for word in re.findall(r"[A-Za-z]{3}", text):
        if word.upper() in CURRENCY_CODES and word.isupper():
            return iso_currency(word)
    for name, code in CURRENCY_NAMES.items():
        if name in text:
            return code
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text and symbol != "$":
            return code
    return None


def item_of(label: object, section: str | None = None) -> tuple[str, int] | None:
    """(item, priority) of a clean label, in its section when the section names it
    ("Current liabilities" + "Borrowings"), tolerating "(note 4)" and footnote marks."""
    if not isinstance(label, str) or not label.strip():
        return None
    return _item_of_text(label, section)


@lru_cache(maxsize=1 << 16)
def _item_of_text(label: str, section: str | None) -> tuple[str, int] | None:
    if NOT_AMOUNT.search(label):
        return None
    if section:
        found = lookup_label(f"{section} - {label}")
        if found:
            return found
    found = lookup_label(label)
    if found:
        return found
    stripped = re.sub(r"\([^)]*\)|\[[^\]]*\]|（[^）]*）", " ", label).strip().rstrip(":：").strip()
    stripped = re.sub(r"(?:\s*[*†‡¹²³⁴⁵⁶⁷⁸⁹]|\s+\d{1,2})+$", "", stripped)
    stripped = re.sub(r"^(?:less|add|of which)\s*:\s*", "", stripped, flags=re.I)
    return lookup_label(stripped) if stripped and stripped != label else None


def meaning_in(found: tuple[str, int] | None, kind: str | None) -> tuple[str, int] | None:
    """``found`` (item, priority) as the item means in a ``kind`` statement (MEANING_IN)."""
    if found is None or kind is None:
        return found
    return MEANING_IN.get((kind, found[0]), found[0]), found[1]


def allowed(item: str, kind: str | None, in_changes: bool, strict: bool = False) -> bool:
    """Whether ``item`` can come from a row of a ``kind`` statement (None: a mixed table).

    A cash-flow statement gives only cash-flow items (its "Net income" and "Inventories"
    are a reconciliation and changes); a title saying "Income statement" does not stop a
    combined file's balance-sheet rows, unless ``strict`` (a statement column says so).
    Under a changes section, balance-sheet names are changes."""
    if kind is not None and (strict or kind == "cash_flow") and item not in ITEMS_OF[kind]:
        return False
    return not (in_changes and HOME_OF.get(item) == "balance")
