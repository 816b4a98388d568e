"""Priorities & trade-offs: ranked findings with evidence, charts, talking points and questions."""

import streamlit as st

from acumen.analysis.diagnosis import diagnose
from acumen.analysis.peer_groups import peer_median_trend
from acumen.formatting import fiscal_labels
from acumen.i18n import N_, _, ngettext
from acumen.reports.figures import trend_figure
from acumen.ui.findings import evidence_table, finding_header
from acumen.ui.periods import diagnosis_basis
from acumen.ui.render import chart, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

view = page_setup(N_("Priorities & trade-offs"))
title(_("Priorities & trade-offs"), view)
universe = peer_universe()
basis, ttm = diagnosis_basis(view, current_client_id())
diagnosis = diagnose(basis, view.company, universe=universe)
if ttm is not None:
    st.info(
        _(
            "Read from {period} (the last four quarterly reports), newer than the "
            "last annual report; the charts show the annual figures."
        ).format(period=diagnosis.fiscal_label),
        icon="🗓️",
    )
meta = view.statements.companies.loc[view.company]

if diagnosis.findings:
    count = len(diagnosis.findings)
    fired = ngettext(
        "{count} trade-off rule fires for {period}, ranked by severity (0–100).",
        "{count} trade-off rules fire for {period}, ranked by severity (0–100).",
        count,
    ).format(count=count, period=diagnosis.fiscal_label)
    top = _("The top three are the client's likely current priorities.")
    st.caption(f"{fired} {top}" if count > 1 else fired)
else:
    st.success(_("No trade-off rule fires for the latest year: lead with what is healthy below."))

for rank, finding in enumerate(diagnosis.findings, start=1):
    with st.container(border=True):
        finding_header(rank, finding)
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{_('Trade-off.')}** {md_escape(finding.trade_off)}")
            st.markdown(f"**{_('Likely priority.')}** {md_escape(finding.priority)}")
            st.markdown(f"**{_('What it means for you.')}** {md_escape(finding.seller_angle)}")
            asks = "\n".join(f"- {md_escape(q)}" for q in finding.questions)
            st.markdown(f"**{_('Ask:')}**\n{asks}")
            table(evidence_table(finding, view.currency))
        with right:
            metric = next(
                (e.metric for e in finding.evidence if e.metric in view.metrics.columns), None
            )
            if metric:
                series = {view.name: view.metrics[metric].droplevel(0)}
                # One peer group for the whole line: the one the diagnosis compares with.
                trend = peer_median_trend(universe, meta, view.years, metric)
                if trend is not None:
                    line, group = trend
                    series[_("Peer median ({group})").format(group=group.label)] = line
                chart(
                    trend_figure(
                        series,
                        metric,
                        currency=view.currency,
                        highlight=view.name,
                        year_labels=fiscal_labels(view.statements, view.company),
                    ),
                    key=f"finding_{rank}",
                )

st.subheader(_("Talking points"))
st.markdown("\n".join(f"- {md_escape(point)}" for point in diagnosis.talking_points))
st.subheader(_("Questions to ask"))
questions = [q for f in diagnosis.priorities() for q in f.questions] or [
    _("What would you invest in next, and what payback do you need?")
]
st.markdown("\n".join(f"{n}. {md_escape(q)}" for n, q in enumerate(questions, start=1)))
st.subheader(_("What's healthy"))
st.markdown("\n".join(f"- {md_escape(line)}" for line in diagnosis.healthy))
