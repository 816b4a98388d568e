"""The designed teaching cases: fictional companies stored as one long CSV.

``statements.csv`` has columns company, fiscal_year, period_end and the canonical line items
(full units); ``companies.csv`` has id plus the company metadata fields.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from acumen.data.statements import build_statements, make_companies


def load_cases(folder: Path) -> pd.DataFrame:
    records = pd.read_csv(folder / "statements.csv", parse_dates=["period_end"])
    meta = pd.read_csv(folder / "companies.csv", dtype=str).fillna("")
    companies = make_companies(meta.to_dict("records"))
    return build_statements(records, companies, source="designed teaching case", derive=False)
