"""Observations: one figure per source cell, with where it came from.

Columns ``sheet``, ``row``, ``column``, ``label``, ``item``, ``priority``, ``statement``,
``company``, ``fiscal_year``, ``period_end``, ``value`` (as printed), ``unit`` (the row's own
unit or None) and ``currency`` (the row's or None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

OBSERVATION_COLUMNS = (
    "sheet",
    "row",
    "column",
    "label",
    "item",
    "priority",
    "statement",
    "company",
    "fiscal_year",
    "period_end",
    "value",
    "unit",
    "currency",
)


@dataclass
class SheetReading:
    """What one sheet gave: observations, and what was set aside or not understood."""

    observations: list[pd.DataFrame] = field(default_factory=list)
    header_texts: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    unknown: list[tuple[str, int, str]] = field(default_factory=list)  # sheet, row, label
    set_aside: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    quarters_only: int = 0
    header_keys: set[str] = field(default_factory=set)
