"""What a diagnosis says: evidence, findings (a rule that fired, or a threat card), the
peer group a median comes from, and the whole diagnosis of one company's latest year."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from acumen.data.schema import LINE_ITEM_LABELS
from acumen.i18n import _, ngettext


@dataclass(frozen=True)
class Evidence:
    metric: str
    fiscal_year: int
    value: float
    text: str
    change: float | None = None
    peer_median: float | None = None
    #: The year as the company names it (``FY2016``); ``fiscal_year`` is the alignment key.
    fiscal_label: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    driver: str
    title: str
    severity: float
    evidence: tuple[Evidence, ...]
    trade_off: str
    priority: str
    seller_angle: str
    questions: tuple[str, ...]

    def to_dict(self) -> dict:
        """JSON-ready dict (evidence as a list of dicts, questions as a list)."""
        return {
            "rule_id": self.rule_id,
            "driver": self.driver,
            "title": self.title,
            "severity": float(self.severity),
            "evidence": [asdict(e) for e in self.evidence],
            "trade_off": self.trade_off,
            "priority": self.priority,
            "seller_angle": self.seller_angle,
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class Diagnosis:
    company: str
    name: str
    fiscal_year: int
    currency: str
    findings: tuple[Finding, ...]
    healthy: tuple[str, ...]
    talking_points: tuple[str, ...]
    #: The peer group's display label (:attr:`PeerGroup.label`); ``peers`` is the group.
    peer_group: str = ""
    #: Core items (revenue, net income, total assets) the data lacks: the analysis is
    #: incomplete and nothing is reported as healthy.
    missing: tuple[str, ...] = ()
    peers: PeerGroup | None = None
    #: The latest year as the company names it (``FY2016``).
    fiscal_label: str = ""

    @property
    def incomplete(self) -> str | None:
        """Why the analysis is incomplete, or None when it is not."""
        if not self.missing:
            return None
        names = _(", ").join(_(LINE_ITEM_LABELS[m]) for m in self.missing)
        return _(
            "The analysis is incomplete: the data has no {names}, so every metric that needs "
            "it is n/a. Load the statement that holds it before drawing conclusions."
        ).format(names=names)

    def priorities(self, n: int = 3) -> tuple[Finding, ...]:
        """The ``n`` most severe findings: the client's current priorities."""
        return self.findings[:n]


@dataclass(frozen=True)
class PeerGroup:
    """The peers a median comes from: ``kind`` (``sub-industry``, ``sector``, ``chosen
    peers``; "" when none), ``name`` (the sub-industry or sector), ``fiscal_year`` (the
    Compustat year of the members' rows), ``count`` members and the ``medians``. Formatted
    for display by :attr:`label` only; never parsed back."""

    kind: str
    name: str
    fiscal_year: int | None
    count: int
    medians: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))

    @property
    def label(self) -> str:
        """``Household Products sub-industry, 6 companies`` ("" when none); the members'
        year is the client's, so the sentence's year names it."""
        if not self.kind:
            return ""
        return ngettext(
            "{group}, {count} company", "{group}, {count} companies", self.count
        ).format(group=self.short, count=self.count)

    @property
    def short(self) -> str:
        """``Household Products sub-industry`` / ``chosen peers``: a chart legend."""
        if not self.name:
            return _(self.kind)
        return _("{name} {kind}").format(name=self.name, kind=_(self.kind))
