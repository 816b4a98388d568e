"""Competitors & peers: side by side, margin × velocity, trends, the biggest threat and questions."""

import streamlit as st

from acumen.analysis.catalog import BY_NAME, DRIVERS, metrics_of
from acumen.analysis.company_meta import client_role
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.peer_comparison import comparison_table, peer_alignment
from acumen.analysis.peer_display import comparison_display, scatter_points
from acumen.analysis.peer_questions import competitor_questions_for
from acumen.analysis.peers import default_peers, peer_statements
from acumen.analysis.threats import biggest_threat
from acumen.data.samples import catalog, load_sample
from acumen.i18n import N_, _
from acumen.reports.figures_compare import margin_velocity_figure, peer_trend_figure
from acumen.ui.language import gettext_now
from acumen.ui.persisted import persisted
from acumen.ui.render import chart, table, title
from acumen.ui.sidebar import page_setup, sample_options
from acumen.ui.state import current_client_id, loaded_clients
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

PEERS_KEY = "peer_choices"
TREND_KEY = "peer_trend_metric"

view = page_setup(N_("Competitors & peers"))
title(_("Competitors & peers"), view)
universe = peer_universe()
client_id = current_client_id()
loaded = loaded_clients()
sample_ids, labels = sample_options()
labels = {
    **labels,
    **{
        cid: f"{s.companies.iloc[0]['name']} · {s.companies.iloc[0]['source']}"
        for cid, s in loaded.items()
    },
}
options = [o for o in [*sample_ids, *loaded] if o != client_id and o != f"sample:{view.company}"]


def first_peers() -> list[str]:
    """The client's default peers among the options (the first time it is shown)."""
    meta = view.statements.companies.loc[view.company].to_dict()
    found = default_peers(view.company, catalog(), meta=meta, universe=universe)
    return [f"sample:{p}" for p in found if f"sample:{p}" in options]


peer_choice = persisted(
    PEERS_KEY,
    path=(client_id,),
    widget=f"_w_peers::{client_id}",
    factory=first_peers,
    restore=lambda kept: [p for p in kept if p in options],
)
st.multiselect(
    _(
        "Competitors and peers (type a name or ticker to add; loaded clients of this session "
        "are listed too)"
    ),
    options,
    format_func=lambda o: labels.get(o, o),
    max_selections=12,
    **peer_choice.widget_args(),
)
chosen = list(st.session_state[peer_choice.widget])
if not chosen:
    st.info(_("No peers chosen: add competitors above by name or ticker."))
    st.stop()

statements, warnings = peer_statements(view.statements, chosen, loaded, bundled=load_sample)
for warning in warnings:
    st.warning(md_escape(warning), icon="⚠️")
metrics = compute_metrics_with_reasons(statements)
names = {c: str(n) for c, n in statements.companies["name"].items()}
# One alignment for the whole page: the client's fiscal year, and who is left out and why
# (no comparable year, or data flagged in the data notes).
alignment = peer_alignment(statements, view.company, notes=universe.notes)
peers = alignment.peers
role = client_role(statements, view.company)
currencies = statements.companies["currency"].dropna().astype(str).to_dict()
comparison = comparison_table(metrics, view.company, alignment=alignment, currencies=currencies)
st.caption(md_escape(alignment.note(names)))
if alignment.left_out:
    st.warning(
        md_escape(
            _("Left out of the table, the medians, the threat and the questions: {list}.").format(
                list="; ".join(
                    f"{names.get(c, c)} — {why}" for c, why in alignment.left_out.items()
                )
            )
        ),
        icon="⚠️",
    )
if not peers:
    st.info(
        md_escape(
            _(
                "No chosen peer has figures for {year} with sound data: "
                "add competitors that report the same fiscal year."
            ).format(year=alignment.labels[view.company])
        )
    )
    st.stop()

threat = biggest_threat(view.company, peers, statements, metrics, alignment=alignment, role=role)
if threat is not None:
    with st.container(border=True):
        st.subheader(md_escape(threat.title))
        st.markdown(f"**{_('Why.')}** {md_escape(threat.trade_off)}")
        priority_for = _("Likely priority for {company}.").format(company=md_escape(view.name))
        st.markdown(f"**{priority_for}** {md_escape(threat.priority)}")
        st.markdown(f"**{_('What it means for you.')}** {md_escape(threat.seller_angle)}")
        asks = "\n".join(f"- {md_escape(q)}" for q in threat.questions)
        st.markdown(f"**{_('Ask:')}**\n{asks}")

scatter_column, trend_column = st.columns(2)
with scatter_column:
    points = scatter_points(comparison, names)
    chart(margin_velocity_figure(points, view.company), key="peer_scatter")
    missing = [
        names.get(c, c)
        for c in points.index[points[["asset_turnover", "net_margin"]].isna().any(axis=1)]
    ]
    st.caption(
        md_escape(
            _(
                "Highlighted in red: {client} (the client). Dashed curves join equal ROA "
                "(2%, 5%, 10%, 20%): margin = ROA ÷ asset turnover, so a point can reach the same "
                "ROA by margin or by velocity."
            ).format(client=view.name)
            + (
                " "
                + _("Not plotted (no margin or turnover): {names}.").format(
                    names=", ".join(missing)
                )
                if missing
                else ""
            )
        )
    )
with trend_column:
    choices = [m for driver in DRIVERS for m in metrics_of(driver)]
    trend = persisted(TREND_KEY, "roa", widget="_w_peer_trend")
    translate = gettext_now()
    metric = st.selectbox(
        _("Trend of"),
        choices,
        format_func=lambda m: translate(BY_NAME[m].label),
        **trend.widget_args(),
    )
    companies = [view.company, *peers]
    chart(
        peer_trend_figure(metrics.values, metric, companies, names, view.company, view.currency),
        key="peer_trend",
    )

st.subheader(_("Side by side"))
st.caption(
    _(
        "Rank 1 = best among the companies shown; the peer median leaves the client out. "
        "“n/a — reason” where a metric can't be computed."
    )
)
table(comparison_display(comparison, names, view.currency), full_height=True)

questions = competitor_questions_for(
    view.company, peers, statements, metrics, alignment=alignment, role=role
)
st.subheader(_("Questions the competitors' numbers raise"))
if questions:
    st.markdown("\n".join(f"{n}. {md_escape(q)}" for n, q in enumerate(questions, start=1)))
else:
    st.caption(
        _("No competitor rule fires: the peers' numbers don't stand out against the client's.")
    )
