"""Acumen · Client overview: the five drivers, their trends and the R = M × V tree."""

import streamlit as st

from acumen.analysis.catalog import DRIVERS, metrics_of
from acumen.analysis.client import client_view, metrics_display_table, statements_display_table
from acumen.analysis.metrics import AVERAGE_BASIS, YEAR_END_BASIS
from acumen.data.quarters import is_newer, ttm_column_labels
from acumen.i18n import N_, _
from acumen.reports.figures import trend_figure
from acumen.ui.periods import client_ttm
from acumen.ui.persisted import persisted
from acumen.ui.render import chart, driver_metrics, driver_names, rmv_tree, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id

TREND_DRIVER_KEY = "overview_trend_driver"
#: How the averages were taken (the engine's basis names), as the caption says it.
BASIS_NAMES = {
    AVERAGE_BASIS: N_("two-year average"),
    YEAR_END_BASIS: N_("year-end (no prior year)"),
}

view = page_setup(N_("Client overview"))
title(_("Client overview"), view)
driver_metrics(view)

left, right = st.columns([3, 2])
with left:
    st.subheader(_("Trends by driver"))
    trend_driver = persisted(TREND_DRIVER_KEY, DRIVERS[0], widget="_w_trend_driver")
    driver = st.segmented_control(
        _("Driver"),
        DRIVERS,
        format_func=driver_names(),
        required=True,
        label_visibility="collapsed",
        **trend_driver.widget_args(),
    )
    columns = st.columns(2)
    for position, metric in enumerate(metrics_of(driver)[:4]):
        with columns[position % 2]:
            series = {view.name: view.metrics[metric].droplevel(0)}
            chart(trend_figure(series, metric, currency=view.currency), key=f"trend_{metric}")
with right:
    st.subheader(_("R = M × V"))
    rmv_tree(view, key="rmv_tree")
    basis = str(view.result.average_basis.iloc[-1])
    st.caption(
        _(
            "ROA {roa} = net margin {margin} × asset turnover {turnover}; ROE {roe} adds the "
            "equity multiplier {multiplier}. Averages use {basis} balances."
        ).format(
            roa=view.display("roa"),
            margin=view.display("net_margin"),
            turnover=view.display("asset_turnover"),
            roe=view.display("roe"),
            multiplier=view.display("equity_multiplier"),
            basis=_(BASIS_NAMES.get(basis, basis)),
        )
    )

st.subheader(_("All metrics by year"))
st.caption(
    _("A cell reads “n/a — reason” where the metric can't be computed from the reported figures.")
)
table(metrics_display_table(view), full_height=True)
ttm = client_ttm(view, current_client_id())
if ttm is not None:
    newer = is_newer(ttm, view.statements, view.company)
    with st.expander(_("Trailing twelve months (from the quarterly reports)"), expanded=newer):
        flows = _(
            "Flows are the last four quarters, balances the last quarter's; each column is "
            "compared with the twelve months a year before."
        )
        newer_text = _("These figures are newer than the last annual report.")
        st.caption(f"{flows} {newer_text}" if newer else f"{flows} ")
        ttm_view = client_view(ttm, view.company)
        table(metrics_display_table(ttm_view).rename(columns=ttm_column_labels(ttm, view.company)))
with st.expander(_("Reported statements")):
    table(statements_display_table(view), full_height=True)
