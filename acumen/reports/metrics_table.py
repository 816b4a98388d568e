"""The metrics table as exported (CSV from the app and the CLI): one row per (company,
fiscal_year), the company named by its ticker where known, raw numbers with no ``-0.0`` or
denormals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.formatting import fiscal_label, period_end_text
from acumen.i18n import N_, _, current_language
from acumen.reports.labels import metric_label

#: Magnitudes below this show as 0 (denormals such as 5.4e-321 are arithmetic noise).
TINY = 1e-300


def clean_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every float that is -0.0 or smaller than TINY in magnitude set to 0.0."""
    out = frame.copy()
    floats = [c for c in out.columns if pd.api.types.is_float_dtype(out[c])]
    if floats:
        values = out[floats].to_numpy(dtype="float64")
        out[floats] = np.where(np.abs(values) < TINY, 0.0, values)
    return out


def ticker_labels(statements: pd.DataFrame) -> pd.Series:
    """Company id -> its ticker where known, else its name."""
    companies = statements.companies
    return companies["ticker"].where(
        companies["ticker"].notna() & (companies["ticker"] != ""), companies["name"]
    )


def metrics_table(statements: pd.DataFrame, result: MetricResult | None = None) -> pd.DataFrame:
    """One row per (company, fiscal_year); ``company`` is the ticker where known, else the name;
    -0.0 and denormals read 0."""
    metrics = (result or compute_metrics_with_reasons(statements)).values
    ticker = ticker_labels(statements)
    labels = metrics.index.get_level_values(0).map(lambda c: ticker.get(c, c) or c)
    table = clean_numbers(metrics.reset_index())
    table["company"] = list(labels)
    ends = statements.period_end
    ends = ends.reindex(metrics.index) if ends is not None else pd.Series(pd.NaT, metrics.index)
    table.insert(2, "fiscal_label", [fiscal_label(y, e) for (_, y), e in ends.items()])
    table.insert(3, "period_end", [period_end_text(e) for e in ends])
    return table


#: The metrics table's own columns, as a person reads them (the metrics take their labels).
TABLE_HEADERS: dict[str, str] = {
    "company": N_("company"),
    "fiscal_year": N_("fiscal_year"),
    "fiscal_label": N_("fiscal_label"),
    "period_end": N_("period_end"),
}


def metrics_headers(table: pd.DataFrame) -> dict[str, str]:
    """Column key -> header for a CSV of ``table``: the keys themselves in English (the CSV
    reads back as it always did), the translated names in another language (公司, 净利润率)."""
    if current_language() == "en":
        return {}
    return {
        str(c): _(TABLE_HEADERS[c]) if c in TABLE_HEADERS else metric_label(str(c))
        for c in table.columns
    }


def metrics_csv(statements: pd.DataFrame, result: MetricResult | None = None) -> bytes:
    """The metrics table as the CSV a person downloads (UTF-8 with BOM), headed in the
    active language (:func:`metrics_headers`)."""
    from acumen.reports.export import to_safe_csv

    table = metrics_table(statements, result)
    return to_safe_csv(table, headers=metrics_headers(table))
