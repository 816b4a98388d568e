"""The peer comparison as text and as chart points (:class:`Comparison` in, frames out)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.peer_comparison import Comparison
from acumen.formatting import format_na, format_value
from acumen.i18n import N_, _

#: The verdict keys of a comparison, as a cell shows them.
VERDICTS: dict[str, str] = {
    "better": N_("better"),
    "worse": N_("worse"),
    "level": N_("level"),
    "n/a": N_("n/a"),
}


def comparison_display(
    comparison: Comparison, names: Mapping[str, str], currency: str = "USD"
) -> pd.DataFrame:
    """The comparison as text cells: metric, driver, one column per company, rank, median, verdict."""
    info = [BY_NAME[m] for m in comparison.values.index]
    units = [i.unit for i in info]
    table = pd.DataFrame({"driver": [i.driver for i in info], "metric": [_(i.label) for i in info]})
    for company in comparison.values.columns:
        cells = comparison.values[company].to_numpy()
        why = comparison.reasons[company].to_numpy()
        table[names.get(company, company)] = [
            format_value(v, u, currency) if not np.isnan(v) else format_na(r)
            for v, u, r in zip(cells, units, why, strict=True)
        ]
    summary = comparison.summary
    table["client rank"] = [
        _("{rank} of {count}").format(rank=int(r), count=int(n)) if not pd.isna(r) else "—"
        for r, n in zip(summary["rank"], summary["ranked"], strict=True)
    ]
    table["peer median"] = [
        format_value(v, u, currency) for v, u in zip(summary["peer_median"], units, strict=True)
    ]
    table["client vs median"] = [_(VERDICTS.get(v, v)) for v in summary["verdict"]]
    return table


def scatter_points(comparison: Comparison, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per company: name, fiscal_year, fiscal_label, asset_turnover, net_margin, roa
    (client first)."""
    points = comparison.values.loc[["asset_turnover", "net_margin", "roa"]].T
    points.insert(0, "name", [names.get(c, c) for c in points.index])
    points.insert(1, "fiscal_year", [comparison.choice.years.get(c) for c in points.index])
    points.insert(2, "fiscal_label", [comparison.choice.labels.get(c, "") for c in points.index])
    points.index.name = "company"
    return points
