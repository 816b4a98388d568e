"""Acumen · Client overview: the five drivers, their trends and the R = M × V tree."""

import streamlit as st

from acumen.analysis.catalog import DRIVERS, metrics_of
from acumen.analysis.client import (
    ClientView,
    client_view,
    metrics_display_table,
    statements_display_table,
)
from acumen.analysis.metrics import AVERAGE_BASIS, YEAR_END_BASIS
from acumen.analysis.quarter_metrics import (
    ANNUAL_ONLY,
    quarter_labels,
    quarter_metrics_table,
    quarter_values,
)
from acumen.data.quarters import is_newer, ttm_column_labels
from acumen.formatting import fiscal_label, ttm_label
from acumen.i18n import N_, _
from acumen.reports.figures import trend_figure
from acumen.ui.periods import (
    ANNUAL,
    PERIOD_LABELS,
    QUARTERLY,
    TTM_PERIOD,
    client_quarter_view,
    client_ttm,
    year_end_month,
)
from acumen.ui.persisted import persisted
from acumen.ui.render import chart, driver_metrics, driver_names, rmv_tree, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id

TREND_DRIVER_KEY = "overview_trend_driver"
PERIOD_KEY = "overview_period"
#: How the averages were taken (the engine's basis names), as the caption says it.
BASIS_NAMES = {
    AVERAGE_BASIS: N_("two-year average"),
    YEAR_END_BASIS: N_("year-end (no prior year)"),
}


def trend_driver() -> str:
    """The driver whose trends are charted (kept per session)."""
    kept = persisted(TREND_DRIVER_KEY, DRIVERS[0], widget="_w_trend_driver")
    return st.segmented_control(
        _("Driver"),
        DRIVERS,
        format_func=driver_names(),
        required=True,
        label_visibility="collapsed",
        **kept.widget_args(),
    )


def show_annual(view: ClientView, ttm_newer: str | None) -> None:
    """Today's view: trends over the fiscal years, the R = M × V tree, all metrics by year."""
    years = view.statements.period_end.droplevel(0)
    st.caption(
        _("Annual reports, {first} to {last}.").format(
            first=fiscal_label(years.index[0], years.iloc[0]),
            last=fiscal_label(years.index[-1], years.iloc[-1]),
        )
    )
    if ttm_newer:
        st.info(
            _(
                "The quarterly reports give {period}, newer than the last annual report: "
                "choose TTM to see them."
            ).format(period=ttm_newer)
        )
    left, right = st.columns([3, 2])
    with left:
        st.subheader(_("Trends by driver"))
        driver = trend_driver()
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
        _(
            "A cell reads “n/a — reason” where the metric can't be computed from the reported figures."
        )
    )
    table(metrics_display_table(view), full_height=True)


def show_quarterly(view: ClientView, quarter_view: ClientView) -> None:
    """Per quarter: the chosen driver's per-quarter metrics as trends, and a table of the
    last eight quarters (days on 91.25 days; yearly measures n/a with the reason)."""
    labels = quarter_labels(quarter_view, year_end_month(view))
    ends = quarter_view.statements.period_end.droplevel(0)
    st.caption(
        _(
            "Quarterly reports, {first} to {last} (ended {end}): flows for the quarter, "
            "balances at its end; days on a 91.25-day quarter."
        ).format(
            first=labels[int(ends.index[0])],
            last=labels[int(ends.index[-1])],
            end=f"{ends.iloc[-1]:%Y-%m-%d}",
        )
    )
    st.subheader(_("Trends by quarter"))
    driver = trend_driver()
    values = quarter_values(quarter_view)
    metrics = [m for m in metrics_of(driver) if m not in ANNUAL_ONLY][:4]
    if not metrics:
        st.caption(_("This driver's metrics are yearly measures: see Annual or TTM."))
    columns = st.columns(2)
    for position, metric in enumerate(metrics):
        with columns[position % 2]:
            figure = trend_figure(
                {view.name: values[metric]}, metric, currency=view.currency, year_labels=labels
            )
            chart(figure, key=f"quarter_trend_{metric}")
    st.subheader(_("Metrics by quarter"))
    table(quarter_metrics_table(quarter_view, labels), full_height=True)


def show_ttm(view: ClientView, ttm) -> None:
    """The trailing-twelve-month metrics, each column against the twelve months a year before."""
    end = ttm.period_end.xs(view.company, level=0).max()
    st.caption(
        _(
            "Showing {period} (TTM): flows are the last four quarters, balances the last "
            "quarter's; each column is compared with the twelve months a year before."
        ).format(period=ttm_label(end))
    )
    ttm_view = client_view(ttm, view.company)
    table(
        metrics_display_table(ttm_view).rename(columns=ttm_column_labels(ttm, view.company)),
        full_height=True,
    )


view = page_setup(N_("Client overview"))
title(_("Client overview"), view)
driver_metrics(view)

client_id = current_client_id()
quarter_view = client_quarter_view(view, client_id)
ttm = client_ttm(view, client_id) if quarter_view is not None else None
newer = ttm is not None and is_newer(ttm, view.statements, view.company)
period = ANNUAL
if quarter_view is not None:
    options = [ANNUAL, QUARTERLY] + ([TTM_PERIOD] if ttm is not None else [])
    kept = persisted(PERIOD_KEY, ANNUAL, restore=lambda v: v if v in options else ANNUAL)
    period = st.radio(
        _("Period"),
        options,
        format_func=lambda p: _(PERIOD_LABELS[p]),
        horizontal=True,
        **kept.widget_args(),
    )
if period == QUARTERLY and quarter_view is not None:
    show_quarterly(view, quarter_view)
elif period == TTM_PERIOD and ttm is not None:
    show_ttm(view, ttm)
else:
    newer_end = ttm.period_end.xs(view.company, level=0).max() if newer else None
    show_annual(view, ttm_label(newer_end) if newer else None)
with st.expander(_("Reported statements")):
    table(statements_display_table(view), full_height=True)
