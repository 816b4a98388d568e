"""What the exports call drivers and metrics, in the active language (translated when shown).

The data keep their keys (``cash``, ``net_margin``); these are the words beside them in a
brief, a CSV header or a terminal table. The drivers read as the source's terms in Chinese
(利润率, 现金流量, 投资回报率, 速率, 增长率).
"""

from __future__ import annotations

from acumen.analysis import catalog
from acumen.analysis.catalog import BY_NAME
from acumen.i18n import _, current_language


def driver_label(driver: str) -> str:
    """``Cash`` / 现金流量 (:func:`acumen.analysis.catalog.driver_label`); the findings'
    ``data`` pseudo-driver as ``Data``."""
    return _("Data") if driver == "data" else catalog.driver_label(driver)


def driver_word(driver: str) -> str:
    """A driver in a terminal line: its key in English (``cash``, as always printed), its
    name in another language (现金流量)."""
    return driver if current_language() == "en" else driver_label(driver)


def metric_label(metric: str) -> str:
    """A metric's catalogue label, translated (``Net margin``); the key when unknown."""
    info = BY_NAME.get(metric)
    return _(info.label) if info is not None else metric
