"""Typing a client's figures by hand, in a dialog. The grid stays in this session."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from acumen.data.manual import entry_grid, statements_from_grid
from acumen.errors import AcumenError
from acumen.i18n import N_, _
from acumen.ui import state
from acumen.ui.language import gettext_now
from acumen.ui.text import md_escape

GRID_KEY = "manual_grid"
FORM_KEY = "manual_form"
OPEN_KEY = "manual_open"
#: The unit picker's options (keys for the loader), shown through ``_()``.
UNITS: tuple[str, ...] = (N_("units"), N_("thousands"), N_("millions"), N_("billions"))


def _close() -> None:
    st.session_state[OPEN_KEY] = False


def manual_entry_box() -> None:
    st.caption(
        _("Type a client's figures from its annual report (at least revenue and net income).")
    )
    if st.button(_("Open the figures grid…"), key="_w_manual_open"):
        st.session_state[OPEN_KEY] = True
    if st.session_state.get(OPEN_KEY):
        _manual_dialog()
    if st.session_state.get("_manual_error"):
        st.error(md_escape(st.session_state["_manual_error"]), icon="⚠️")


def _manual_dialog() -> None:
    """The dialog, titled in this session's language (decorated at call time)."""
    st.dialog(_("Type the client's figures"), width="large", on_dismiss=_close)(_dialog_body)()


def _dialog_body() -> None:
    this_year = dt.date.today().year
    st.session_state.setdefault(GRID_KEY, entry_grid([this_year - 3, this_year - 2, this_year - 1]))
    form = st.session_state.setdefault(
        FORM_KEY, {"company": "My client", "currency": "USD", "unit": "millions"}
    )
    left, middle, right = st.columns(3)
    company = left.text_input(_("Company name"), value=form["company"], max_chars=120)
    currency = middle.text_input(_("Currency (ISO code)"), value=form["currency"], max_chars=3)
    unit = right.selectbox(
        _("Unit"), UNITS, index=UNITS.index(form["unit"]), format_func=gettext_now()
    )
    grid = st.data_editor(
        st.session_state[GRID_KEY], key="_w_manual_grid", width="stretch", height=560
    )
    st.session_state[FORM_KEY] = {
        "company": company,
        "currency": currency.upper() or "USD",
        "unit": unit,
    }
    if st.button(_("Use these figures"), type="primary", key="_w_manual_use"):
        st.session_state[GRID_KEY] = grid
        try:
            statements = statements_from_grid(
                grid,
                company=company.strip() or "My client",
                currency=currency.upper() or "USD",
                unit=unit,
            )
        except AcumenError as error:
            st.session_state["_manual_error"] = error.message
            st.error(md_escape(error.message), icon="⚠️")
            return
        st.session_state["_manual_error"] = None
        _close()
        state.remember_client(f"typed:{statements.companies.index[0]}", statements)
        st.rerun()
