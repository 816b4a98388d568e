"""Customer's customer: a value chain of linked companies, who finances whom, where margin is made."""

import streamlit as st

from acumen.analysis.chain_narrative import narrative
from acumen.analysis.chain_output import chain_display, pairs_display
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.peers import load_group
from acumen.analysis.value_chain import MAX_LINKS, MIN_LINKS, available_presets, chain_table
from acumen.data.samples import catalog, load_sample
from acumen.i18n import N_, _
from acumen.reports.figures_compare import chain_days_figure, chain_margin_figure
from acumen.ui.language import gettext_now
from acumen.ui.persisted import persisted
from acumen.ui.render import chart, table, title
from acumen.ui.sidebar import page_setup, sample_options
from acumen.ui.state import current_client_id, loaded_clients
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

CHOICE_KEY = "chain_choice"
CUSTOM_KEY = "chain_custom"
CUSTOM = N_("Build your own chain")

view = page_setup(N_("Customer's customer"))
title(_("Customer's customer"), view)
client_id = current_client_id()
loaded = loaded_clients()
presets = available_presets(set(catalog().index))
choices = [p.label for p in presets] + [CUSTOM]
own = [p.label for p in presets if view.company in p.companies]
chain_choice = persisted(
    CHOICE_KEY,
    own[0] if own else choices[0],
    widget="_w_chain_choice",
    restore=lambda kept: kept if kept in choices else choices[0],
)
choice = st.radio(
    _("Value chain (supplier → customer)"),
    choices,
    format_func=gettext_now(),
    horizontal=True,
    **chain_choice.widget_args(),
)

if choice == CUSTOM:
    sample_ids, labels = sample_options()
    labels = {**labels, **{cid: str(s.companies.iloc[0]["name"]) for cid, s in loaded.items()}}
    options = [*sample_ids, *loaded]
    custom = persisted(
        CUSTOM_KEY,
        [client_id] if client_id in options else [],
        widget="_w_chain_custom",
        restore=lambda kept: [m for m in kept if m in options],
    )
    st.multiselect(
        _("Pick {low}–{high} companies in order, supplier first (type a name or ticker)").format(
            low=MIN_LINKS, high=MAX_LINKS
        ),
        options,
        format_func=lambda o: labels.get(o, o),
        max_selections=MAX_LINKS,
        **custom.widget_args(),
    )
    members = list(st.session_state[custom.widget])
else:
    members = [f"sample:{c}" for c in next(p for p in presets if p.label == choice).companies]

statements, chain, warnings = load_group(members, loaded, bundled=load_sample)
for warning in warnings:
    st.warning(md_escape(warning), icon="⚠️")
if statements is None or len(chain) < MIN_LINKS:
    st.info(
        _("Pick at least {count} different companies, supplier first, to build a chain.").format(
            count=MIN_LINKS
        )
    )
    st.stop()
universe = peer_universe()
chain_view = chain_table(
    statements, chain, compute_metrics_with_reasons(statements), notes=universe.notes
)

st.caption(md_escape(chain_view.note))
for company in chain_view.data_notes:
    st.warning(
        md_escape(f"{chain_view.names[company]}: {universe.note(company)}"),
        icon="⚠️",
    )
st.subheader(_("Each link's drivers"))
table(chain_display(chain_view), full_height=True)

st.subheader(_("Who finances whom"))
st.caption(
    _(
        "For each supplier → customer pair: the customer's DPO (days it takes to pay its "
        "suppliers) against the supplier's DSO (days it waits to be paid). Cash tied in working "
        "capital = DSO/365 × revenue + (DIO − DPO)/365 × cost of revenue = avg receivables + avg "
        "inventory − avg payables."
    )
)
table(pairs_display(chain_view), full_height=True)

margin_column, days_column = st.columns(2)
with margin_column:
    chart(chain_margin_figure(chain_view.values), key="chain_margins")
with days_column:
    chart(chain_days_figure(chain_view.values), key="chain_days")

st.subheader(_("What it means for your client"))
st.markdown(
    "\n".join(f"- {md_escape(sentence)}" for sentence in narrative(chain_view, client=view.company))
)
