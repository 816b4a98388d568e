"""What-if / value calculator: move the client's levers and price an offer in its own numbers."""

import math

import pandas as pd
import streamlit as st

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.whatif import fine_change, whatif
from acumen.analysis.whatif_scenario import LEVER_INFO, PRESETS, Levers, lever_summary
from acumen.analysis.whatif_text import cash_reconciliation, goal_row, value_statement
from acumen.formatting import format_money
from acumen.i18n import N_, _
from acumen.reports.figures_compare import roa_waterfall
from acumen.ui import brief_state, whatif_state
from acumen.ui.render import chart, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

#: Slider range per lever unit: (low, high, step, format); the format's words through ``_()``.
RANGES = {"%": (-30.0, 30.0, 0.5, "%+.1f%%"), "days": (-30.0, 30.0, 1.0, N_("%+.0f days"))}

view = page_setup(N_("What-if value calculator"))
title(_("What-if / value calculator"), view)
client_id = current_client_id()
whatif_state.show(client_id)

st.markdown(
    "**{offers}** — {how}".format(
        offers=_("Seller offers"), how=_("start from a preset, then fine-tune the sliders.")
    )
)
with st.container(horizontal=True):
    for position, (label, levers) in enumerate(PRESETS.items()):
        st.button(
            _(label),
            key=f"_w_whatif_preset_{position}",
            on_click=whatif_state.set_levers,
            args=(client_id, levers),
        )
    st.button(
        _("Reset"),
        key="_w_whatif_reset",
        on_click=whatif_state.set_levers,
        args=(client_id, Levers()),
    )

left, right = st.columns(2)
for position, (lever, (label, unit)) in enumerate(LEVER_INFO.items()):
    low, high, step, fmt = RANGES[unit]
    slider = whatif_state.lever(client_id, lever)
    with left if position < 4 else right:
        st.slider(_(label), low, high, step=step, format=_(fmt), **slider.widget_args())
st.checkbox(
    _(
        "Use the cash freed from working capital to pay down debt (otherwise it sits as cash and "
        "total assets don't shrink)"
    ),
    **whatif_state.lever(client_id, whatif_state.REPAY).widget_args(),
)

levers = whatif_state.levers_of(client_id)
result = whatif(view.statements, view.company, levers)
statement = value_statement(result)
st.info(md_escape(statement), icon="💡")


display = result.display_table().set_index(_("metric"))


def tile(column, label: str, metric: str) -> None:
    change = result.value_after(metric) - result.value_before(metric)
    info = BY_NAME[metric]
    # Streamlit reads the arrow's direction from an ASCII minus sign.
    moved = not math.isnan(change) and abs(change) > 1e-12 * max(
        1.0, abs(result.value_before(metric))
    )
    delta = (
        fine_change(change, info.unit, result.currency).replace("\u2212", "-") if moved else None
    )
    column.metric(label, display.at[_(info.label), _("after")], delta=delta, border=True)


tiles = st.columns(5)
tile(tiles[0], _("ROA after"), "roa")
tile(tiles[1], _("Net margin after"), "net_margin")
tile(tiles[2], _("Asset turnover after"), "asset_turnover")
tile(tiles[3], _("Free cash flow after (this year)"), "free_cash_flow")
tiles[4].metric(
    _("Cash freed for good"),
    format_money(result.cash_released, result.currency),
    help=_(
        "Cash released (+) or absorbed (−) by working capital: −(Δ avg receivables + Δ avg "
        "inventory − Δ avg payables), the lasting amount (5 fewer inventory days = 5/365 × cost "
        "of revenue)."
    ),
    border=True,
)
reconciled = cash_reconciliation(result)
if reconciled:
    st.caption(md_escape(reconciled))

table_column, chart_column = st.columns([3, 2])
with table_column:
    st.subheader(_("{period}: before and after").format(period=result.fiscal_label))
    table(result.display_table(), full_height=True)
with chart_column:
    if math.isfinite(result.value_before("roa")):
        chart(roa_waterfall(result.value_before("roa"), result.bridge), key="whatif_waterfall")
        st.caption(
            _(
                "Levers applied one after another in the order shown; the steps add up to the "
                "ROA change."
            )
        )
    else:
        st.caption(
            md_escape(
                _("No ROA bridge: ROA is n/a — {reason}.").format(
                    reason=result.before.reasons.at[(result.company, result.fiscal_year), "roa"]
                )
            )
        )

parts = result.cash_released_parts
money = {name: format_money(value, result.currency) for name, value in parts.items()}
if abs(result.cash_released) >= 0.5:
    st.caption(
        md_escape(
            _(
                "Cash freed for good, by item (average balances): receivables {receivables}, "
                "inventory {inventory}, payables {payables}."
            ).format(**money)
        )
    )
for note in result.notes:
    st.warning(md_escape(note), icon="ℹ️")

st.subheader(_("Add it to the meeting brief"))
if st.button(_("Add to meeting brief"), key="_w_whatif_add", type="primary"):
    from acumen.analysis.diagnosis import diagnose

    rank = brief_state.next_rank(
        client_id,
        lambda: len(diagnose(view.statements, view.company, universe=peer_universe()).findings),
    )
    brief_state.add_goal(goal_row(result, statement, ticker=view.ticker, rank=rank), client_id)
    added_text = _("Added to the meeting brief's goal summary: {statement}")
    st.success(md_escape(added_text.format(statement=statement)), icon="✅")
added = brief_state.queued_goals(client_id)
if added:
    table(
        pd.DataFrame(
            {
                _("goal"): [g["goal"] for g in added],
                _("levers"): [g["evidence"] for g in added],
            }
        )
    )
else:
    st.caption(md_escape(_("Current levers: {levers}.").format(levers=lever_summary(levers))))
