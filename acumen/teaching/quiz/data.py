"""A statements table with fast lookups, line-item helpers, fingerprints and bundled-sample memos."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from acumen.analysis.client import ClientView, client_view
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.data.statements import companies_of, plain_frame
from acumen.formatting import format_money
from acumen.teaching.quiz.model import _check, _finite


class _Data:
    """Line items, engine metrics and metadata of one statements table, with fast lookups."""

    def __init__(self, statements: pd.DataFrame) -> None:
        self.statements = statements
        frame = plain_frame(statements)
        metrics = compute_metrics_with_reasons(statements).values
        self._rows = [(str(c), int(y)) for c, y in frame.index]
        self._position = {row: i for i, row in enumerate(self._rows)}
        self._items = frame.to_numpy(dtype="float64")
        self._item_column = {name: j for j, name in enumerate(frame.columns)}
        self._metrics = metrics.reindex(frame.index).to_numpy(dtype="float64")
        self._metric_column = {name: j for j, name in enumerate(metrics.columns)}
        self.companies = sorted({c for c, _ in self._rows})
        self._years: dict[str, list[int]] = {c: [] for c in self.companies}
        for c, y in self._rows:
            self._years[c].append(y)
        meta = companies_of(statements)
        self._meta = {
            field: {c: _text(meta[field].get(c)) if field in meta else "" for c in self.companies}
            for field in ("name", "currency", "sector")
        }
        self._views: dict[str, ClientView] = {}
        #: (question type, company) already asked, for types with one question per company.
        self.asked: set[tuple[str, str]] = set()

    def rows(self) -> list[tuple[str, int]]:
        return list(self._rows)

    def years(self, company: str) -> list[int]:
        return self._years[company]

    def latest(self, company: str) -> int:
        return self._years[company][-1]

    def item(self, company: str, year: int, name: str) -> float:
        i = self._position.get((company, year))
        return math.nan if i is None else float(self._items[i, self._item_column[name]])

    def metric(self, company: str, year: int, name: str) -> float:
        i = self._position.get((company, year))
        return math.nan if i is None else float(self._metrics[i, self._metric_column[name]])

    def has_prior(self, company: str, year: int) -> bool:
        return (company, year - 1) in self._position

    def name(self, company: str) -> str:
        return self._meta["name"][company] or company

    def currency(self, company: str) -> str:
        return self._meta["currency"][company] or "USD"

    def sector(self, company: str) -> str:
        return self._meta["sector"][company]

    def fingerprint(self, company: str) -> str:
        """A digest of the company's line items and metadata."""
        positions = [self._position[(company, y)] for y in self._years[company]]
        return _fingerprint(
            self._items[positions], self._years[company], _meta_of(self.statements, company)
        )

    def view(self, company: str) -> ClientView:
        if company not in self._views:
            self._views[company] = client_view(self.statements, company)
        return self._views[company]


def _text(value: object) -> str:
    return "" if is_missing_text(value) else str(value)


def _meta_of(statements: pd.DataFrame, company: str) -> dict:
    meta = companies_of(statements)
    return meta.loc[company].to_dict() if company in meta.index else {}


def _fingerprint(items: np.ndarray, years: list[int], meta: dict) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(items, dtype="float64").tobytes())
    digest.update(repr((list(years), sorted((k, str(v)) for k, v in meta.items()))).encode())
    return digest.hexdigest()


@cache
def _bundled_fingerprint(company: str) -> str:
    """The fingerprint of the bundled sample ``company`` as shipped ("" when there is none)."""
    from acumen.data.samples import load_sample
    from acumen.errors import AcumenError

    try:
        statements = load_sample(company)
    except AcumenError:
        return ""
    frame = plain_frame(statements)
    years = [int(y) for y in frame.index.get_level_values(1)]
    return _fingerprint(frame.to_numpy(dtype="float64"), years, _meta_of(statements, company))


#: Memos of pure, slow results (diagnosis, lever outcomes) for BUNDLED samples only.
_MEMO_MAX = 512
_DIAGNOSES: dict[tuple[str, str], object] = {}
_LEVER_OUTCOMES: dict[tuple[str, str], object] = {}


def _memoised(store: dict, d: _Data, company: str, compute: Callable[[], object]):
    """``compute()``, remembered across calls only while ``company`` is an unchanged bundled
    sample (public data). A client's own figures (an upload, typed figures, a live fetch)
    are never kept beyond the call that uses them."""
    fingerprint = d.fingerprint(company)
    if fingerprint != _bundled_fingerprint(company):
        return compute()
    key = (company, fingerprint)
    if key not in store:
        if len(store) >= _MEMO_MAX:
            store.clear()
        store[key] = compute()
    return store[key]


def is_missing_text(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


@cache
def _universe_data() -> _Data:
    from acumen.data.samples import universe

    return _Data(universe())


# ---------------------------------------------------------------- line-item helpers


def _avg(d: _Data, c: str, y: int, name: str) -> tuple[float, float, float]:
    """(average, year-end, prior year-end) of a balance; needs the prior year."""
    now, then = d.item(c, y, name), d.item(c, y - 1, name)
    return (now + then) / 2, now, then


def _money(d: _Data, c: str, v: float) -> str:
    return format_money(v, d.currency(c))


def _balance_text(d: _Data, c: str, y: int, label: str, name: str) -> str:
    return f"{label} {_money(d, c, d.item(c, y - 1, name))} at the end of FY{y - 1} and {_money(d, c, d.item(c, y, name))} at the end of FY{y}"


AVERAGE_HINT = " Use average balances (the mean of the two year-ends)."
DAYS_HINT = " A year has 365 days."


def _own_days(d: _Data, c: str, y: int) -> tuple[float, float, float] | None:
    """DSO, DIO, DPO recomputed from line items (average balances) and checked."""
    if not d.has_prior(c, y):
        return None
    revenue, cogs = d.item(c, y, "revenue"), d.item(c, y, "cost_of_revenue")
    ar, _, _ = _avg(d, c, y, "receivables")
    inv, _, _ = _avg(d, c, y, "inventory")
    ap, _, _ = _avg(d, c, y, "payables")
    if not _finite(revenue, cogs, ar, inv, ap) or revenue <= 0 or cogs <= 0:
        return None
    days = (ar / revenue * 365, inv / cogs * 365, ap / cogs * 365)
    checks = [
        _check(v, d.metric(c, y, m), f"{m} of {c} FY{y}")
        for v, m in zip(days, ("dso", "dio", "dpo"), strict=True)
    ]
    return days if all(checks) else None
