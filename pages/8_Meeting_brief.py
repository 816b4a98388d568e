"""Meeting brief & export: an editable goal summary, CSV downloads and a printable brief."""

import streamlit as st

from acumen.analysis.diagnosis import diagnose
from acumen.i18n import N_, _, current_language, use_language
from acumen.reports.brief import GOAL_COLUMNS, brief_html, goal_summary_csv, goal_summary_from
from acumen.reports.metrics_table import metrics_csv
from acumen.ui import brief_state
from acumen.ui.render import driver_names, title
from acumen.ui.sidebar import page_setup
from acumen.ui.state import current_client_id
from acumen.ui.universe import peer_universe

with brief_state.run_gate().running():
    view = page_setup(N_("Meeting brief"))
    title(_("Meeting brief & export"), view)
    client_id = current_client_id()
    diagnosis = diagnose(view.statements, view.company, universe=peer_universe())

    st.markdown(
        _(
            "Edit the goal summary: change any cell, add a row at the bottom, or select rows and "
            "delete them. Your edits stay while you move between pages in this session."
        )
    )
    base = brief_state.goals_base(client_id, goal_summary_from(view, diagnosis))
    edited = st.data_editor(
        base,
        key=brief_state.editor_key(client_id),
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        # The grid names the year like the client; the export keeps fiscal_year too.
        column_order=[c for c in GOAL_COLUMNS if c != "fiscal_year"],
        column_config={
            **{
                column: st.column_config.TextColumn(_(label))
                for column, label in brief_state.COLUMN_LABELS.items()
            },
            "rank": st.column_config.NumberColumn(_("Rank"), min_value=1, step=1, width="small"),
            "fiscal_label": st.column_config.TextColumn(_("Fiscal year"), width="small"),
            "driver": st.column_config.SelectboxColumn(
                _("Driver"),
                options=["cash", "margin", "velocity", "return", "growth"],
                format_func=driver_names(),
            ),
            "goal": st.column_config.TextColumn(_("Goal"), width="large"),
            "notes": st.column_config.TextColumn(_("Notes"), width="medium"),
        },
    )
    brief_state.save_edits(client_id, edited)

    # A download is built when clicked, outside this run: in this run's language.
    lang = current_language()

    def goals_csv(goals) -> bytes:
        with use_language(lang):
            return goal_summary_csv(goals)

    def brief_bytes(goals) -> bytes:
        with use_language(lang):
            return brief_html(view, diagnosis, goals).encode("utf-8")

    slug = "".join(ch if ch.isalnum() else "_" for ch in (view.ticker or view.company))[:40]
    first, second, third = st.columns(3)
    with first:
        # Built when clicked, from the latest edits: a cell typed in without Enter is committed
        # by the click's rerun, which the download waits for.
        st.download_button(
            _("Download goal summary (CSV)"),
            brief_state.latest_goals_download(client_id, goals_csv),
            file_name=f"goal_summary_{slug}.csv",
            mime="text/csv",
            key="download_goals",
        )
    with second:
        st.download_button(
            _("Download metrics (CSV)"),
            metrics_csv(view.statements),
            file_name=f"metrics_{slug}.csv",
            mime="text/csv",
            key="download_metrics",
        )
    with third:
        st.download_button(
            _("Download printable brief (HTML)"),
            brief_state.latest_goals_download(client_id, brief_bytes),
            file_name=f"meeting_brief_{slug}.html",
            mime="text/html",
            key="download_brief",
        )
    st.caption(
        _(
            "CSV files are UTF-8 with BOM and CRLF; text that starts with = + − @ is prefixed "
            "with ' so a spreadsheet never runs it."
        )
    )
