"""The peer universe as a value: built once at the edge (the UI's cache, the CLI) and passed
to the engines, which never import the bundled samples themselves.

- :class:`PeerUniverse`: the universe's metric values, company metadata, period ends,
  latest revenue and data notes.
- Data notes (``sample_financials/nyse/data_notes.csv``: ticker, note, kind, short): a note
  of kind ``mismatch`` means the rows are not the named company's figures; such a company is
  *unsound*: never a peer, a median member or a threat when picked automatically.
- Value-chain roles (``acumen/data/roles.csv``): sub-industry first, then sector, else
  ``manufacturer``.
- Same-year alignment (:func:`align_years`): a peer is compared at the client's fiscal year
  (same Compustat year), else at fiscal year ±1 whose period end lies within
  ``MAX_PERIOD_GAP_DAYS`` of the client's; otherwise it is left out, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.data.data_notes import empty_notes, note_text, read_data_notes
from acumen.data.statements import line_table
from acumen.formatting import fiscal_label, in_chinese, period_end_text
from acumen.i18n import _

#: Data-note kinds that make a company's rows unusable for comparisons.
UNSOUND_KINDS: tuple[str, ...] = ("mismatch",)
#: The longest gap between period ends for a ±1 fiscal-year match (six months).
MAX_PERIOD_GAP_DAYS = 183
ROLES: tuple[str, ...] = ("supplier", "manufacturer", "distributor", "retailer", "service")
DEFAULT_ROLE = "manufacturer"


def join_sentences(*sentences: str) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese
    (empty ones skipped)."""
    return ("" if in_chinese() else " ").join(s for s in sentences if s)


def unsound_companies(notes: pd.DataFrame) -> frozenset[str]:
    """Tickers whose rows are not the named company's figures."""
    return frozenset(notes.index[notes["kind"].isin(UNSOUND_KINDS)])


@dataclass(frozen=True)
class PeerUniverse:
    """The universe companies' metrics (index company, fiscal_year), metadata, period ends,
    latest revenue and data notes."""

    metrics: pd.DataFrame
    companies: pd.DataFrame
    period_end: pd.Series
    revenue: pd.Series
    notes: pd.DataFrame = field(default_factory=empty_notes)

    @property
    def unsound(self) -> frozenset[str]:
        return unsound_companies(self.notes)

    def sound_metrics(self) -> pd.DataFrame:
        """Metric rows of the companies whose data is sound (medians use only these)."""
        keep = ~self.metrics.index.get_level_values(0).isin(list(self.unsound))
        return self.metrics[keep]

    def note(self, company: str) -> str:
        """The company's data note in the active language ("" when none)."""
        return note_text(self.notes, company)


def build_universe(statements: pd.DataFrame, notes: pd.DataFrame | None = None) -> PeerUniverse:
    """A :class:`PeerUniverse` from universe statements and their data notes."""
    values = compute_metrics_with_reasons(statements).values
    items = line_table(statements)
    return PeerUniverse(
        metrics=values,
        companies=statements.companies.copy(),
        period_end=statements.period_end.copy(),
        revenue=items["revenue"].groupby(level=0).last(),
        notes=notes if notes is not None else empty_notes(),
    )


def data_notes_in(sample_dir: Path) -> pd.DataFrame:
    """The data notes of the NYSE universe under ``sample_dir`` (``nyse/data_notes.csv``)."""
    return read_data_notes(Path(sample_dir) / "nyse" / "data_notes.csv")


# ---------------------------------------------------------------- roles


@cache
def _role_lookup() -> Mapping[tuple[str, str], str]:
    """(level, value) -> role, read once; read only, so no caller can change it for others."""
    with (resources.files("acumen") / "data" / "roles.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str)
    pairs = zip(table["level"], table["value"], table["role"], strict=True)
    lookup: dict[tuple[str, str], str] = {}
    for level, value, role in pairs:
        lookup.setdefault((level, value), role)  # the first row of a pair wins
    return MappingProxyType(lookup)


def role_table() -> pd.DataFrame:
    """``acumen/data/roles.csv``: level (industry | sector), value, role (a fresh table)."""
    rows = [(level, value, role) for (level, value), role in _role_lookup().items()]
    return pd.DataFrame(rows, columns=["level", "value", "role"])


def role_of(industry: object = None, sector: object = None, *, role: object = None) -> str:
    """The value-chain role: ``role`` when set by the user, else the sub-industry's, else
    the sector's, else ``manufacturer``."""
    if isinstance(role, str) and role in ROLES:
        return role
    lookup = _role_lookup()
    for level, value in (("industry", industry), ("sector", sector)):
        if isinstance(value, str) and (level, value) in lookup:
            return lookup[(level, value)]
    return DEFAULT_ROLE


# ---------------------------------------------------------------- same-year alignment


@dataclass(frozen=True)
class YearAlignment:
    """The fiscal year each company is compared at (client first), and who was left out."""

    client: str
    client_year: int
    years: dict[str, int]
    left_out: dict[str, str]
    shifted: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def peers(self) -> list[str]:
        return [c for c in self.years if c != self.client]

    @property
    def common(self) -> int | None:
        """The one fiscal year of every company compared, or None when some are shifted."""
        return self.client_year if not self.shifted else None

    def note(self, names: Mapping[str, str] | None = None) -> str:
        """One sentence on the year compared, shifted peers and peers left out."""
        names = names or {}
        name = lambda c: names.get(c, c)  # noqa: E731
        sentences = [
            _("Compared at {client}'s fiscal year, {label}.").format(
                client=name(self.client), label=self.labels.get(self.client, "")
            )
        ]
        if self.shifted:
            listed = _(", ").join(
                _("{name} at {label}").format(name=name(c), label=self.labels[c])
                for c in self.shifted
            )
            sentences.append(_("Nearest year within six months: {listed}.").format(listed=listed))
        if self.left_out:
            listed = _("; ").join(
                _("{name} ({reason})").format(name=name(c), reason=why)
                for c, why in self.left_out.items()
            )
            sentences.append(_("Left out: {listed}.").format(listed=listed))
        return join_sentences(*sentences)


def _ends(index: pd.MultiIndex, period_end: pd.Series | None) -> pd.Series:
    if period_end is None or period_end.empty:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    ends = pd.to_datetime(period_end)
    ends = ends[~ends.index.duplicated()]
    return ends.reindex(index)


def align_years(
    index: pd.MultiIndex,
    client: str,
    peers: Sequence[str],
    *,
    period_end: pd.Series | None = None,
    year: int | None = None,
    notes: pd.DataFrame | None = None,
    keep_unsound: bool = False,
) -> YearAlignment:
    """Each peer at the client's fiscal year (``year``, else the client's latest), else at
    fiscal year ±1 whose period end is nearest the client's and within
    ``MAX_PERIOD_GAP_DAYS``; unsound peers (see :func:`unsound_companies`) and peers with no
    such year are left out, each with its reason."""
    frame = index.to_frame(index=False)
    frame["end"] = _ends(index, period_end).to_numpy()
    own = frame[frame["company"] == client]
    client_year = int(year if year is not None else own["fiscal_year"].max())
    client_end = own.loc[own["fiscal_year"] == client_year, "end"]
    client_end = client_end.iloc[0] if len(client_end) else pd.NaT
    label_of = lambda rows: {  # noqa: E731
        str(c): fiscal_label(int(y), e)
        for c, y, e in zip(rows["company"], rows["fiscal_year"], rows["end"], strict=True)
    }
    unsound = unsound_companies(notes) if notes is not None and not keep_unsound else frozenset()
    wanted = [p for p in dict.fromkeys(peers) if p != client]
    left_out = {
        p: _("data note: {note}").format(note=note_text(notes, p, "short"))
        for p in wanted
        if p in unsound
    }  # notes is not None here
    candidates = frame[frame["company"].isin([p for p in wanted if p not in unsound])].copy()
    gap_days = (candidates["end"] - client_end).abs().dt.days.astype("float64")
    same = candidates["fiscal_year"] == client_year
    near = ((candidates["fiscal_year"] - client_year).abs() == 1) & (
        gap_days <= MAX_PERIOD_GAP_DAYS
    )
    candidates["rank"] = np.where(same, -1.0, np.where(near, gap_days, np.nan))
    ok = candidates.dropna(subset=["rank"]).sort_values(["company", "rank"], kind="stable")
    best = ok.groupby("company", sort=False).head(1).set_index("company")
    years = {client: client_year}
    shifted = []
    for peer in wanted:  # a handful of peers, in the order given
        if peer in left_out:
            continue
        if peer in best.index:
            years[peer] = int(best.at[peer, "fiscal_year"])
            if years[peer] != client_year:
                shifted.append(peer)
            continue
        theirs = frame.loc[frame["company"] == peer]
        if theirs.empty:
            left_out[peer] = _("no figures")
            continue
        first, last = label_of(theirs.iloc[[0]])[peer], label_of(theirs.iloc[[-1]])[peer]
        period = first if first == last else f"{first}–{last}"
        left_out[peer] = _("no year comparable with {year}: reports {period}").format(
            year=fiscal_label(client_year, client_end), period=period
        )
    chosen = frame.set_index(["company", "fiscal_year"])["end"]
    labels = {
        c: fiscal_label(y, chosen.get((c, y), pd.NaT) if (c, y) in chosen.index else pd.NaT)
        for c, y in years.items()
    }
    return YearAlignment(client, client_year, years, left_out, tuple(shifted), labels)


def end_text(period_end: object) -> str:
    """``ended 2016-01-31`` (empty when unknown)."""
    text = period_end_text(period_end)
    return _("ended {date}").format(date=text) if text else ""
