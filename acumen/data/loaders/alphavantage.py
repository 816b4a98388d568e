"""Alpha Vantage statements (the bundled IBM 15-year history, fiscal 2009–2023).

Alpha Vantage's JSON holds ``annualReports`` and ``quarterlyReports`` (read by
:func:`load_alphavantage_quarters`; each quarter's own flows, not year to date): one dict
per period with ``fiscalDateEnding``, ``reportedCurrency`` and every figure as a string,
the string "None" meaning missing. Labels go through the same alias table and the same
record building as yfinance; outflows (capex, dividends) are stored positive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from acumen.data.loaders.provider_records import RECORDED, provider_records
from acumen.data.statements import build_statements, make_companies
from acumen.errors import AcumenError
from acumen.i18n import _

SOURCE = "Alpha Vantage"
FILES = {"income": "income_statement", "balance": "balance_sheet", "cashflow": "cash_flow"}
META_FIELDS = ("fiscalDateEnding", "reportedCurrency")
MISSING = {"", "none", "null", "nan", "-"}
PROVIDER = "alphavantage"
#: Alpha Vantage's income-statement ``depreciationAndAmortization`` is only the amortization
#: of intangibles (IBM 2023: depreciation 2,109 + amortization 2,287 = 4,396 million, the
#: cash flow's ``depreciationDepletionAndAmortization``), so total D&A comes from the cash flow.
PREFER = {"depreciation_amortization": ("cashflow", "depreciationDepletionAndAmortization")}


def parse_value(value: object) -> float:
    """An Alpha Vantage figure as float: "None" (and blanks) become NaN."""
    if value is None:
        return float("nan")
    text = str(value).strip()
    if text.lower() in MISSING:
        return float("nan")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return float("nan")


def read_reports(path: Path, key: str = "annualReports") -> list[dict]:
    """The ``annualReports`` (or ``quarterlyReports``) list of one Alpha Vantage file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AcumenError(
            _("cannot read {file} ({error})").format(file=path.name, error=error), source=SOURCE
        ) from error
    reports = data.get(key) if isinstance(data, dict) else None
    if not isinstance(reports, list) or not reports:
        raise AcumenError(
            _("{file} has no {key}").format(file=path.name, key=key),
            source=SOURCE,
            fix=_(
                "Use Alpha Vantage's INCOME_STATEMENT / BALANCE_SHEET / CASH_FLOW JSON "
                "as downloaded."
            ),
        )
    return [r for r in reports if isinstance(r, dict) and r.get("fiscalDateEnding")]


def reports_frame(reports: list[dict]) -> pd.DataFrame:
    """Labels × period-end frame of floats from annual report dicts."""
    columns = {
        pd.Timestamp(r["fiscalDateEnding"]): {
            k: parse_value(v) for k, v in r.items() if k not in META_FIELDS
        }
        for r in reports
    }
    frame = pd.DataFrame(columns).astype("float64")
    return frame.dropna(how="all").dropna(axis=1, how="all")


def reported_currency(reports: list[dict], warnings: list[str]) -> str:
    """The latest non-empty ``reportedCurrency``; USD with a warning when none is given."""
    latest_first = sorted(reports, key=lambda r: str(r.get("fiscalDateEnding")), reverse=True)
    for report in latest_first:
        currency = str(report.get("reportedCurrency") or "").strip()
        if currency and currency.lower() not in MISSING:
            return currency.upper()
    warnings.append(
        _("{source}: reportedCurrency missing; figures assumed to be in USD").format(source=SOURCE)
    )
    return "USD"


def load_alphavantage(
    folder: Path, stem: str = "ibm", *, company_id: str = "IBM-15Y"
) -> pd.DataFrame:
    """Canonical statements from ``{stem}_income_statement.json``, ``{stem}_balance_sheet.json``
    and ``{stem}_cash_flow.json`` in ``folder`` (annual reports only)."""
    folder = Path(folder)
    reports = {name: read_reports(folder / f"{stem}_{file}.json") for name, file in FILES.items()}
    frames = {name: reports_frame(items) for name, items in reports.items()}
    if frames["income"].empty:
        raise AcumenError(
            _("{file} holds no figures").format(file=f"{stem}_income_statement.json"),
            source=SOURCE,
        )
    who = f"{stem.upper()} ({SOURCE})"
    records, warnings = provider_records(company_id, frames, who, provider=PROVIDER, prefer=PREFER)
    meta = {
        "id": company_id,
        "name": f"{stem.upper()} ({records['fiscal_year'].nunique()}-year history, {SOURCE})",
        "ticker": stem.upper(),
        "currency": reported_currency(reports["income"], warnings),
        "sector": None,
        "industry": None,
        "source": SOURCE,
        "as_of": RECORDED,
    }
    return build_statements(records, make_companies([meta]), source=who, warnings=warnings)


def load_alphavantage_quarters(
    folder: Path, stem: str = "ibm", *, company_id: str = "IBM-15Y"
) -> pd.DataFrame:
    """The quarterly table (index company, period_end; line items as columns) from the
    files' ``quarterlyReports``, mapped as the annual reports are. Quarters are read one
    quarter-of-the-year at a time, so each group has one row per fiscal year."""
    from acumen.data.quarters import empty_quarters
    from acumen.data.schema import LINE_ITEMS

    folder = Path(folder)
    reports = {
        name: read_reports(folder / f"{stem}_{file}.json", "quarterlyReports")
        for name, file in FILES.items()
    }
    frames = {name: reports_frame(items) for name, items in reports.items()}
    who = f"{stem.upper()} ({SOURCE}, quarterly)"
    parts = []
    for month in sorted({end.month for end in frames["income"].columns}):
        group = {n: f.loc[:, [c for c in f.columns if c.month == month]] for n, f in frames.items()}
        records, _notes = provider_records(company_id, group, who, provider=PROVIDER, prefer=PREFER)
        parts.append(records)
    if not parts:
        return empty_quarters()
    table = pd.concat(parts, ignore_index=True)
    table["period_end"] = pd.to_datetime(table["period_end"])
    table = table.set_index(["company", "period_end"]).sort_index()
    return table.reindex(columns=list(LINE_ITEMS)).astype("float64")
