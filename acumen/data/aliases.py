"""Line-item aliases, kept as data in ``acumen/data/aliases.csv``.

Each alias maps a provider's or an annual report's label to a canonical item; a lower
``priority`` wins when a source holds several labels for the same item. An alias that
starts with ``re:`` is a regular expression matched against the whole lower-cased label
(for labels that carry a company name, such as "Net income attributable to Acme, Inc.").

Labels are compared after :func:`normalise_label`: Unicode NFKC, lower case, ``&`` as
``and``, traditional Chinese characters as simplified ones (``acumen/data/hanzi.csv``), and
everything but Latin letters, digits and CJK characters dropped; so "營業收入淨額",
"营业收入净额" and "營業收入淨額 " are one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import pandas as pd

#: Balance-sheet items the file loader reads besides the canonical line items: equity
#: explicitly attributable to the owners, equity including non-controlling interests, the
#: non-controlling (minority) interests themselves, and bonds payable (added to long-term
#: debt where the file gives loans and bonds on separate rows).
AUXILIARY_BALANCE = ("equity_owners", "total_equity", "minority_interest", "bonds_payable")
#: Income-statement items read to put profit on the owners' basis: the profit attributable
#: to the owners and to non-controlling interests ("Profit attributable to: a) Owners …").
AUXILIARY_INCOME = ("profit_owners", "profit_nci")
AUXILIARY_ITEMS = AUXILIARY_BALANCE + AUXILIARY_INCOME

_KEEP = re.compile(r"[^0-9a-z\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


@cache
def _hanzi_table() -> dict[int, str]:
    """Traditional -> simplified characters (``acumen/data/hanzi.csv``: trad,simp)."""
    with resources.files("acumen").joinpath("data/hanzi.csv").open(encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split(",") for line in f if "," in line]
    return {ord(t): s for t, s in pairs[1:] if len(t) == 1}


def normalise_label(label: object) -> str:
    """NFKC, lower case, ``&`` as ``and``, traditional as simplified Chinese, and only
    Latin letters, digits and CJK characters kept."""
    text = unicodedata.normalize("NFKC", str(label)).strip().lower().replace("&", "and")
    if not text.isascii():
        text = text.translate(_hanzi_table())
    return _KEEP.sub("", text)


@cache
def alias_table() -> pd.DataFrame:
    """Columns: item, alias, priority, origin, key (the normalised alias; "" for a regex)."""
    with resources.files("acumen").joinpath("data/aliases.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"item": str, "alias": str, "origin": str})
    regex = table["alias"].str.startswith("re:")
    table["key"] = table["alias"].map(normalise_label).where(~regex, "")
    return table.sort_values(["item", "priority"]).reset_index(drop=True)


@cache
def _lookup() -> dict[str, tuple[str, int]]:
    table = alias_table()
    table = table.loc[table["key"] != ""]
    # A provider's own label ("Payables", yfinance, priority 3) outranks the canonical name
    # it happens to share ("payables"), so the provider's priority applies.
    table = table.assign(_canonical=table["origin"].eq("canonical"))
    table = table.sort_values(["_canonical", "priority"], kind="stable")
    table = table.drop_duplicates("key", keep="first")
    return {
        k: (i, int(p))
        for k, i, p in zip(table["key"], table["item"], table["priority"], strict=True)
    }


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str, int], ...]:
    table = alias_table()
    table = table.loc[table["key"] == ""].sort_values("priority", kind="stable")
    return tuple(
        (re.compile(a[3:]), i, int(p))
        for a, i, p in zip(table["alias"], table["item"], table["priority"], strict=True)
    )


def lookup_label(label: object) -> tuple[str, int] | None:
    """(item, priority) for a label, or None when it is not known."""
    return _lookup_text(str(label))


@lru_cache(maxsize=1 << 16)
def _lookup_text(label: str) -> tuple[str, int] | None:
    found = _lookup().get(normalise_label(label))
    if found:
        return found
    text = unicodedata.normalize("NFKC", str(label)).strip().lower()
    for pattern, item, priority in _patterns():
        if pattern.fullmatch(text):
            return item, priority
    return None


def canonical_item(label: object) -> str | None:
    """The canonical item a label stands for, or None when it is not known."""
    found = lookup_label(label)
    return found[0] if found else None
