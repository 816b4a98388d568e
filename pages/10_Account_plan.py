"""Account plan: the client's people, decision process, culture, goals, communication and
commitments beside its numbers; saved in the database, exported as one JSON file."""

import datetime as dt

import pandas as pd
import streamlit as st

from acumen.analysis.diagnosis import diagnose
from acumen.data.samples import catalog
from acumen.errors import AcumenError
from acumen.formatting import fiscal_label
from acumen.i18n import N_, _
from acumen.plan.analysis import (
    commitment_check,
    culture_implications,
    culture_signal,
    goal_status,
    stakeholder_gaps,
)
from acumen.plan.document import meeting_document
from acumen.plan.figures import stakeholder_map_figure
from acumen.plan.labels import choice_label, driver_name, option_label
from acumen.plan.model import PlanError, external_plan, plan_to_json, validate_plan
from acumen.plan.schema import CHOICES, LIST_SECTIONS, MAX_TEXT
from acumen.reports.html import document_html
from acumen.reports.pdf import document_pdf, pdf_problem
from acumen.store.database import database_url, is_server_database
from acumen.ui import leave_guard, plan_state
from acumen.ui.render import chart, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id, loaded_clients
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

view = page_setup(N_("Account plan"))
title(_("Account plan"), view)
client_id = current_client_id()
loadable = {f"sample:{c}" for c in catalog().index} | set(loaded_clients())
if st.session_state.get(plan_state.NOTICE_KEY):
    st.warning(md_escape(st.session_state[plan_state.NOTICE_KEY]), icon="ℹ️")
entry = plan_state.draft(client_id, client_id, view.name)
plan = entry["plan"]
diagnosis = diagnose(view.statements, view.company, universe=peer_universe())
top_driver = diagnosis.findings[0].driver if diagnosis.findings else None
intro = _(
    "Who decides, how the money moves, the culture, goals and promises, beside the numbers. "
    "Mark any entry confidential: the external version leaves it out. "
)
if top_driver:
    priority = _("Top priority from the numbers: **{driver}**.")
    intro += priority.format(driver=md_escape(driver_name(top_driver)))
st.caption(intro)


def _choice_column(name: str, label: str, required: bool = False):
    return st.column_config.SelectboxColumn(
        label,
        options=list(CHOICES[name]),
        required=required,
        width="small",
        format_func=lambda value: option_label(name, value),
    )


DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"
TEXT = st.column_config.TextColumn
CHECK = st.column_config.CheckboxColumn
COLUMNS = {
    "stakeholders": {
        "name": TEXT(_("Name"), required=True, max_chars=200),
        "title": TEXT(_("Title"), max_chars=200),
        "role": _choice_column("role", _("Role"), True),
        "pays": CHECK(_("Pays")),
        "future_leader": CHECK(_("Future leader")),
        "attitude": _choice_column("attitude", _("Attitude"), True),
        "power": _choice_column("power", _("Power"), True),
        "owns_driver": _choice_column("driver", _("Owns driver")),
        "last_contact": TEXT(_("Last contact"), help=_("YYYY-MM-DD"), validate=DATE_PATTERN),
        "notes": TEXT(_("Notes"), max_chars=MAX_TEXT, width="large"),
        "confidential": CHECK(_("Confidential")),
    },
    "goals": {
        "horizon": _choice_column("horizon", _("Horizon"), True),
        "text": TEXT(_("Goal"), required=True, max_chars=MAX_TEXT, width="large"),
        "driver": _choice_column("driver", _("Driver")),
        "metric": _choice_column("metric", _("Metric")),
        "target": st.column_config.NumberColumn(
            _("Target"), help=_("In the metric's unit: days, × or a fraction for % (0.05 = 5%)")
        ),
        "by": TEXT(_("By"), help=_("YYYY-MM-DD"), validate=DATE_PATTERN),
        "confidential": CHECK(_("Confidential")),
    },
    "communication": {
        "contact": TEXT(_("Contact"), required=True, max_chars=300),
        "channel": TEXT(_("Channel"), max_chars=300),
        "cadence": TEXT(_("Cadence"), max_chars=300),
        "confidential": CHECK(_("Confidential")),
    },
    "commitments": {
        "metric": _choice_column("metric", _("Metric"), True),
        "change": st.column_config.NumberColumn(_("Promised change")),
        "by": TEXT(_("By"), help=_("YYYY-MM-DD"), validate=DATE_PATTERN),
        "from_year": st.column_config.NumberColumn(_("From FY"), format="%d", step=1),
        "confidential": CHECK(_("Confidential")),
    },
}


def section_editor(section: str) -> list[dict]:
    """An editable table for a list section; its rows as plan entries."""
    base = plan_state.section_table(client_id, section, plan)
    edited = st.data_editor(
        base,
        key=plan_state.editor_key(client_id, section),
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_order=list(LIST_SECTIONS[section]),
        column_config=COLUMNS[section],
    )
    plan_state.keep_table(client_id, section, edited)
    clean = edited.astype(object).where(pd.notna(edited), None)
    return clean.to_dict("records")


draft = {"schema": plan["schema"], "client": dict(plan["client"])}
draft["client"]["role"] = st.selectbox(
    _("The client's role in its value chain"),
    ["", *CHOICES["client_role"]],
    format_func=lambda value: option_label("client_role", value) if value else "",
    index=(["", *CHOICES["client_role"]]).index(plan["client"]["role"]),
    key=f"_w_plan_role::{client_id}::{st.session_state.get(plan_state.VERSION_KEY, 0)}",
)

people_tab, process_tab, goals_tab, follow_tab, save_tab = st.tabs(
    [
        _("Stakeholders"),
        _("Decision process & culture"),
        _("Goals & communication"),
        _("Follow-through"),
        _("Save, open, export"),
    ]
)
version = st.session_state.get(plan_state.VERSION_KEY, 0)
with people_tab:
    st.markdown(
        _(
            "Who decides, who shares information, who influences and who blocks. "
            "Roles: decision maker, information sharer, influencer, blocker."
        )
    )
    draft["stakeholders"] = section_editor("stakeholders")
with process_tab:
    process = plan["decision_process"]
    st.subheader(_("Follow the money"))
    key = f"::{client_id}::{version}"
    draft["decision_process"] = {
        "payer": st.text_input(_("Who pays for the offer"), process["payer"], key="_w_payer" + key),
        "steps": [
            s
            for s in st.text_area(
                _("Approval steps (one per line)"),
                "\n".join(process["steps"]),
                key="_w_steps" + key,
            ).splitlines()
            if s.strip()
        ],
        "past_decisions": st.text_area(
            _("What financial issues decided past purchases"),
            process["past_decisions"],
            key="_w_past" + key,
        ),
        "confidential": st.checkbox(
            _("Confidential"), process["confidential"], key="_w_process_conf" + key
        ),
    }
    st.subheader(_("Culture"))
    culture = plan["culture"]
    left, right = st.columns(2)
    negotiation_options = ["", *CHOICES["negotiation"]]
    agreement_options = ["", *CHOICES["agreements"]]
    draft["culture"] = {
        "negotiation": left.selectbox(
            _("Negotiation style"),
            negotiation_options,
            index=negotiation_options.index(culture["negotiation"]),
            format_func=lambda v: choice_label(v) if v else "—",
            key="_w_negotiation" + key,
        ),
        "agreements": right.selectbox(
            _("Agreements"),
            agreement_options,
            index=agreement_options.index(culture["agreements"]),
            format_func=lambda v: choice_label(v) if v else "—",
            key="_w_agreements" + key,
        ),
        "notes": st.text_area(_("Culture notes"), culture["notes"], key="_w_culture_notes" + key),
        "confidential": st.checkbox(
            _("Confidential"), culture["confidential"], key="_w_culture_conf" + key
        ),
    }
    for line in culture_implications(draft["culture"], culture_signal(diagnosis.findings)):
        st.caption(md_escape(line))
with goals_tab:
    st.subheader(_("Goals"))
    draft["goals"] = section_editor("goals")
    st.subheader(_("Communication plan"))
    draft["communication"] = section_editor("communication")
with follow_tab:
    st.markdown(_("Commitments made in the sale, checked against the client's figures."))
    draft["commitments"] = section_editor("commitments")

error = None
try:
    current = validate_plan(draft)
except PlanError as problem:
    error, current = problem, plan
else:
    entry["plan"] = current
if error is not None:
    st.error(md_escape(error.message), icon="⚠️")
    st.caption(_("Your entries stay as typed; fix the field to save or export."))

client_metrics = view.metrics.droplevel(0)
with people_tab:
    if current["stakeholders"]:
        chart(stakeholder_map_figure(current), key="stakeholder_map")
    for gap in stakeholder_gaps(current, top_driver, dt.date.today()):
        st.warning(md_escape(gap), icon="🔎")
with goals_tab:
    for status in goal_status(current, client_metrics):
        line = _("- **{goal}** — {status}")
        st.markdown(line.format(goal=md_escape(status.text), status=md_escape(status.summary)))
with follow_tab:
    checks = commitment_check(current, client_metrics)
    for sentence in checks["sentence"]:
        st.markdown(f"- {md_escape(sentence)}")

with save_tab:
    owner = plan_state.current_owner()
    server = is_server_database(database_url())
    status_line = st.empty()
    if st.session_state.get(plan_state.OPEN_ERROR_KEY):
        st.error(md_escape(st.session_state[plan_state.OPEN_ERROR_KEY]), icon="⚠️")
    store = plan_state.plan_store()
    if owner is None:
        st.info(_("Sign in to save plans on this server; each user sees only their own plans."))
        if st.button(_("Sign in"), key="plan_login"):
            st.login()
    else:
        if st.button(_("Save plan"), type="primary", disabled=error is not None, key="plan_save"):
            try:
                plan_id = store.save(owner, current, entry["id"])
            except AcumenError as failure:
                st.error(md_escape(failure.message), icon="⚠️")
            else:
                plan_state.mark_saved(client_id, current, plan_id)
                st.success(_("Saved as plan {plan_id}.").format(plan_id=plan_id), icon="✅")
        saved = store.list(owner)
        if saved:
            labels = {
                p.id: _("{title} · {source} · saved {time}").format(
                    title=p.title, source=p.client_source, time=p.saved_at[:16]
                )
                for p in saved
            }
            chosen = st.selectbox(
                _("Your saved plans"),
                list(labels),
                format_func=lambda i: md_escape(labels[i]),
                key="_w_plan_pick",
            )
            st.button(
                _("Open this plan"),
                key="plan_open",
                on_click=plan_state.open_saved,
                args=(client_id, owner, chosen, loadable),
            )
    unsaved = plan_state.has_unsaved_changes(client_id, current)
    if server:
        saved_where = _("Plans are saved in a server database.")
    else:
        saved_where = _("Plans are saved in this computer.")
    status_line.caption(saved_where + " " + (_("Unsaved changes.") if unsaved else _("All saved.")))
    st.divider()
    slug = "".join(ch if ch.isalnum() else "_" for ch in (view.ticker or view.company))[:40]
    left, right = st.columns(2)
    left.download_button(
        _("Export plan (JSON)"),
        plan_to_json(current),
        file_name=f"account_plan_{slug}.json",
        mime="application/json",
        disabled=error is not None,
        key="plan_export",
    )
    right.download_button(
        _("Export external version (no confidential entries)"),
        plan_to_json(external_plan(current)),
        file_name=f"account_plan_{slug}_external.json",
        mime="application/json",
        disabled=error is not None,
        key="plan_export_external",
    )
    st.file_uploader(_("Import a plan file (JSON)"), type=["json"], key="plan_import")
    st.button(
        _("Import"),
        key="plan_import_go",
        on_click=plan_state.import_upload,
        args=(client_id, "plan_import", loadable),
    )

    st.subheader(_("Meeting brief with this plan"))
    st.caption(
        _(
            "One page: priorities and trade-offs, the stakeholder map, culture, goals, "
            "commitments and the questions to ask. The external version leaves every "
            "confidential entry out."
        )
    )
    columns = st.columns(4)
    for position, external in enumerate((False, True)):
        kind = "external" if external else "internal"
        if external:
            pdf_label, html_label = _("Brief, external (PDF)"), _("Brief, external (HTML)")
        else:
            pdf_label, html_label = _("Brief, internal (PDF)"), _("Brief, internal (HTML)")
        document = meeting_document(
            client_name=view.name,
            fiscal_label=fiscal_label(view.latest_year),
            diagnosis=diagnosis,
            plan=current,
            metrics=client_metrics,
            data_notes=list(list(view.statements.warnings)),
            external=external,
            today=dt.date.today(),
        )
        problem = pdf_problem(document)
        columns[2 * position].download_button(
            pdf_label,
            (lambda d=document: document_pdf(d)) if problem is None else b"",
            file_name=f"brief_{slug}_{kind}.pdf",
            mime="application/pdf",
            disabled=problem is not None,
            key=f"plan_brief_pdf_{kind}",
        )
        columns[2 * position + 1].download_button(
            html_label,
            document_html(document),
            file_name=f"brief_{slug}_{kind}.html",
            mime="text/html",
            key=f"plan_brief_html_{kind}",
        )
        if problem is not None and not external:
            st.caption(md_escape(problem))

leave_guard.guard()  # after the plan is saved into the draft: the prompt follows this run
