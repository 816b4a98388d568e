"""Numbers for the terminal: the metrics table as the app shows it (``38.0%``, ``1.30×``,
``$297M``, ``n/a — no prior year``), and raw figures with no ``-0.0`` or denormals (:func:`acumen.reports.metrics_table.clean_numbers`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metrics import MetricResult
from acumen.data.loaders.file_context import clip_text as _text
from acumen.formatting import fiscal_labels, format_na, format_value
from acumen.i18n import current_language
from acumen.reports.labels import metric_label
from acumen.reports.metrics_table import clean_numbers

#: Longest company name or reason echoed in a table header or cell.
MAX_ECHO = 80
#: Longest unbroken run (a number, a label, a path) and longest line the CLI prints in a
#: message; the loaders cut what they quote shorter, this is the last guard.
MAX_WORD = 120
MAX_MESSAGE = 2_000
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def bounded(text: str) -> str:
    """``text`` with every run of more than MAX_WORD non-space characters cut to MAX_WORD
    (ending in "…"), and at most MAX_MESSAGE characters in all."""
    short = _LONG_WORD.sub(lambda match: _text(match.group(), MAX_WORD), text)
    return _text(short, MAX_MESSAGE)


def _unit(metric: str) -> str:
    return BY_NAME[metric].unit if metric in BY_NAME else ""


def _cells(values: pd.Series, reasons: pd.Series, unit: str, currency: str) -> list[str]:
    return [
        format_na(_text(why, MAX_ECHO)) if np.isnan(x) else format_value(x, unit, currency)
        for x, why in zip(values.to_numpy(dtype="float64"), reasons.to_numpy(), strict=True)
    ]


def metrics_text(result: MetricResult, statements: pd.DataFrame, labels: pd.Series) -> str:
    """One block per company: a header (label, name, currency), then one row per metric and
    one column per fiscal year, each cell formatted as the app shows it. In another language
    than English the rows are the metrics' translated labels and the columns align by the
    terminal width of Chinese characters (two cells each)."""
    english = current_language() == "en"
    values = clean_numbers(result.values)
    reasons = result.reasons
    companies = statements.companies
    blocks = []
    for company in values.index.get_level_values(0).unique():
        own, why = values.loc[company], reasons.loc[company]
        meta = companies.loc[company] if company in companies.index else pd.Series(dtype=object)
        currency = str(meta.get("currency") or "USD")
        name = str(meta.get("name") or company)
        label = str(labels.get(company, company) or company)
        years = fiscal_labels(statements, company)
        columns = [years.get(int(year), str(year)) for year in own.index]
        rows = {
            (metric if english else metric_label(metric)): _cells(
                own[metric], why[metric], _unit(metric), currency
            )
            for metric in own.columns
        }
        table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
        title = _text(label, MAX_ECHO)
        if name != label:
            title += f" — {_text(name, MAX_ECHO)}"
        with pd.option_context("display.unicode.east_asian_width", not english):
            text = table.to_string()
        blocks.append(f"{title} ({_text(currency, 12)})\n{text}")
    return "\n\n".join(blocks)
