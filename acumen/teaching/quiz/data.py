"""The quiz's inputs: a statements table with fast lookups (:class:`QuizData`), the public
data built at the edge (:class:`PublicData`), fingerprints and the memos of bundled samples."""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from acumen.analysis.client import ClientView, client_view
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.data.statements import line_table
from acumen.errors import AcumenError
from acumen.formatting import fiscal_label, format_money
from acumen.i18n import N_, _, current_language

#: Hints appended to a question (translated with ``_()`` where used; each starts with a space).
AVERAGE_HINT = N_(" Use average balances (the mean of the two year-ends).")
DAYS_HINT = N_(" A year has 365 days.")


@dataclass(frozen=True)
class PublicData:
    """What the quiz may use beyond the client's statements, built at the edge.

    ``universe``: the peer universe's statements (a lone company is compared with a peer from
    its sector); ``bundled(company)``: the bundled sample with that id as shipped (raises
    :class:`AcumenError` when there is none). Only results for an unchanged bundled sample
    are remembered across calls; without ``bundled`` nothing is.
    """

    universe: pd.DataFrame | None = None
    bundled: Callable[[str], pd.DataFrame] | None = None


class QuizData:
    """Line items, engine metrics and metadata of one statements table, with fast lookups."""

    def __init__(self, statements: pd.DataFrame, public: PublicData | None = None) -> None:
        self.statements = statements
        self.public = public or PublicData()
        frame = line_table(statements)
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
        meta = statements.companies
        self._meta = {
            field: {c: _text(meta[field].get(c)) if field in meta else "" for c in self.companies}
            for field in ("name", "currency", "sector")
        }
        self._views: dict[str, ClientView] = {}
        self._peers: QuizData | None = None
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

    def is_bundled(self, company: str) -> bool:
        """True when ``company`` is an unchanged bundled sample (public data)."""
        if self.public.bundled is None:
            return False
        try:
            statements = self.public.bundled(company)
        except AcumenError:
            return False
        frame = line_table(statements)
        years = [int(y) for y in frame.index.get_level_values(1)]
        shipped = _fingerprint(
            frame.to_numpy(dtype="float64"), years, _meta_of(statements, company)
        )
        return shipped == self.fingerprint(company)

    def view(self, company: str) -> ClientView:
        if company not in self._views:
            self._views[company] = client_view(self.statements, company)
        return self._views[company]

    def peers(self) -> QuizData | None:
        """The peer universe as quiz data (None when the edge passed none)."""
        if self._peers is None and self.public.universe is not None:
            self._peers = QuizData(self.public.universe, PublicData(bundled=self.public.bundled))
        return self._peers


def _text(value: object) -> str:
    return "" if _is_missing(value) else str(value)


def _meta_of(statements: pd.DataFrame, company: str) -> dict:
    meta = statements.companies
    return meta.loc[company].to_dict() if company in meta.index else {}


def _fingerprint(items: np.ndarray, years: list[int], meta: dict) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(items, dtype="float64").tobytes())
    digest.update(repr((list(years), sorted((k, str(v)) for k, v in meta.items()))).encode())
    return digest.hexdigest()


class PublicMemo:
    """Pure, slow results (a diagnosis, lever outcomes) of bundled samples, shared by every
    session: at most ``size`` entries (the oldest goes first), guarded by a lock."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._store: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def remembered(self) -> list[Hashable]:
        with self._lock:
            return list(self._store)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The remembered value of ``key``, or ``compute()`` remembered (computed unlocked)."""
        with self._lock:
            if key in self._store:
                return self._store[key]
        value = compute()
        with self._lock:
            if key not in self._store:
                while len(self._store) >= self.size:
                    self._store.pop(next(iter(self._store)))
                self._store[key] = value
            return self._store[key]


DIAGNOSES = PublicMemo()
LEVER_OUTCOMES = PublicMemo()


def memoised(memo: PublicMemo, d: QuizData, company: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered across calls only while ``company`` is an unchanged bundled
    sample (public data). A client's own figures (an upload, typed figures, a live fetch)
    are never kept beyond the call that uses them. Kept per language: the results hold text
    (a diagnosis's rules), and another session may speak another language."""
    if not d.is_bundled(company):
        return compute()
    return memo.get((company, d.fingerprint(company), current_language()), compute)


def _is_missing(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


# ---------------------------------------------------------------- line-item helpers


def avg(d: QuizData, c: str, y: int, name: str) -> float:
    """The average balance (X_t + X_t−1) / 2; needs the prior year."""
    return (d.item(c, y, name) + d.item(c, y - 1, name)) / 2


def money(d: QuizData, c: str, v: float) -> str:
    return format_money(v, d.currency(c))


def balance_text(d: QuizData, c: str, y: int, name: str) -> str:
    """ "inventory $1.2B at the end of FY2014 and $1.4B at the end of FY2015"."""
    return _("{item} {before} at the end of {prior_year} and {after} at the end of {year}").format(
        item=_(LINE_ITEM_LABELS[name]),
        before=money(d, c, d.item(c, y - 1, name)),
        prior_year=fiscal_label(y - 1),
        after=money(d, c, d.item(c, y, name)),
        year=fiscal_label(y),
    )
