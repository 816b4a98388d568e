"""Acumen · Client overview: the five drivers, their trends and the R = M × V tree."""

import streamlit as st

from acumen.catalog import DRIVERS, metrics_of
from acumen.client import metrics_display_table, statements_display_table
from acumen.figures import trend_figure
from acumen.ui.render import chart, driver_metrics, rmv_tree, table, title
from acumen.ui.sidebar import page_setup

TREND_DRIVER_KEY = "overview_trend_driver"

view = page_setup("Client overview")
title("Client overview", view)
driver_metrics(view)

left, right = st.columns([3, 2])
with left:
    st.subheader("Trends by driver")
    st.session_state.setdefault(TREND_DRIVER_KEY, DRIVERS[0])
    driver = st.segmented_control(
        "Driver",
        DRIVERS,
        default=st.session_state[TREND_DRIVER_KEY],
        format_func=str.capitalize,
        required=True,
        key="_w_trend_driver",
        label_visibility="collapsed",
        on_change=lambda: st.session_state.update(
            {TREND_DRIVER_KEY: st.session_state["_w_trend_driver"]}
        ),
    )
    columns = st.columns(2)
    for position, metric in enumerate(metrics_of(driver)[:4]):
        with columns[position % 2]:
            series = {view.name: view.metrics[metric].droplevel(0)}
            chart(trend_figure(series, metric, currency=view.currency), key=f"trend_{metric}")
with right:
    st.subheader("R = M × V")
    rmv_tree(view, key="rmv_tree")
    st.caption(
        f"ROA {view.display('roa')} = net margin {view.display('net_margin')} × asset turnover "
        f"{view.display('asset_turnover')}; ROE {view.display('roe')} adds the equity multiplier "
        f"{view.display('equity_multiplier')}. Averages use {view.result.average_basis.iloc[-1]} balances."
    )

st.subheader("All metrics by year")
st.caption(
    "A cell reads “n/a — reason” where the metric can't be computed from the reported figures."
)
table(metrics_display_table(view), full_height=True)
with st.expander("Reported statements"):
    table(statements_display_table(view), full_height=True)
