"""Small rendering helpers shared by pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from acumen.analysis.catalog import DRIVERS, driver_label
from acumen.analysis.client import ClientView, driver_tiles
from acumen.i18n import _
from acumen.ui.text import md_escape


def title(text: str, view: ClientView | None = None) -> None:
    """A page title; the client's name (user text) is escaped."""
    st.title(text)
    if view is not None:
        line = _("{name} · fiscal {year} · {currency}").format(
            name=md_escape(view.name), year=view.latest_year, currency=md_escape(view.currency)
        )
        st.markdown(f"#### {line}")


def driver_name(driver: str) -> str:
    """A driver's name in this session's language ("Margin", 利润率)."""
    return driver_label(driver)


def driver_names() -> Callable[[str], str]:
    """:func:`driver_name` fixed to this run's language, for a widget's ``format_func``."""
    names = {driver: driver_name(driver) for driver in DRIVERS}
    return lambda driver: names.get(driver, driver_name(driver))


def driver_metrics(view: ClientView) -> None:
    """The five drivers as ``st.metric`` tiles with year-on-year deltas."""
    columns = st.columns(5)
    for column, tile in zip(columns, driver_tiles(view), strict=True):
        with column:
            # Streamlit reads the arrow's direction from an ASCII minus sign.
            delta = tile.delta.replace("\u2212", "-") if tile.delta else None
            st.metric(tile.label, tile.value, delta=delta, help=tile.help, border=True)


def chart(figure: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})


def rmv_tree(view: ClientView, key: str) -> None:
    """The R = M × V and DuPont tree with the client's latest-year numbers."""
    from acumen.reports.figures import rmv_tree_figure

    names = ("net_margin", "asset_turnover", "roa", "equity_multiplier", "roe")
    chart(rmv_tree_figure(*(view.value(n) for n in names)), key=key)


ROW_PIXELS = 35


def table(frame: pd.DataFrame, *, full_height: bool = False) -> None:
    """A read-only table; ``full_height`` shows every row without an inner scrollbar."""
    height = (len(frame) + 1) * ROW_PIXELS + 3 if full_height else "auto"
    st.dataframe(frame, width="stretch", hide_index=True, height=height)
