"""What the statements' company metadata says about a company: its name, reporting currency,
ticker and value-chain role, each with the fallback the comparisons use (the id for a
missing name or ticker, ``USD`` for a missing currency)."""

from __future__ import annotations

import pandas as pd

from acumen.analysis.universe import role_of
from acumen.data.statements import Statements, text_or_blank


def company_names(statements: pd.DataFrame) -> dict[str, str]:
    """Company id -> display name (the id where the name is missing)."""
    meta = statements.companies
    if "name" not in meta:
        return {}
    return {str(c): text_or_blank(n) or str(c) for c, n in meta["name"].items()}


def company_currency(statements: Statements, company: str) -> str:
    """The company's reporting currency (``USD`` when not stated): :meth:`Statements.currency`."""
    return statements.currency(company)


def company_ticker(statements: pd.DataFrame, company: str) -> str:
    """The company's ticker (its id when not stated)."""
    meta = statements.companies
    value = meta.at[company, "ticker"] if company in meta.index and "ticker" in meta else ""
    return text_or_blank(value) or company


def client_role(statements: pd.DataFrame, company: str) -> str:
    """The company's value-chain role from its metadata (``role`` if set, else sub-industry
    and sector; see :func:`acumen.analysis.universe.role_of`)."""
    meta = statements.companies
    row = meta.loc[company] if company in meta.index else pd.Series(dtype=object)
    return role_of(row.get("industry"), row.get("sector"), role=row.get("role"))
