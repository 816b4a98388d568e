"""The shared sidebar: every page calls :func:`client_sidebar` to pick and show the client."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.analysis.client import ClientView, client_view
from acumen.data.samples import catalog, load_sample
from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.ui import leave_guard, state
from acumen.ui.language import gettext_now, language_switch, session_language
from acumen.ui.persisted import copy_widget, persisted
from acumen.ui.text import md_escape
from acumen.ui.upload import upload_box

#: Up to this many notes on the client show as they are; more go into an expander.
NOTES_SHOWN_OPEN = 3


@st.cache_data(show_spinner=False)
def sample_options() -> tuple[list[str], dict[str, str]]:
    """Sample ids (cases first) and their labels "Name (TICKER)" (a copy per call)."""
    table = catalog()
    labels = {f"sample:{cid}": f"{row['name']} ({cid})" for cid, row in table.iterrows()}
    return list(labels), labels


def page_title(title: str) -> str:
    """The browser tab's title, "Acumen · <page>", in this session's language (``title`` is an
    English msgid: the page's name)."""
    return _("Acumen · {page}").format(page=_(title))


def page_setup(title: str) -> ClientView:
    """Page config (the title in this session's language, chosen from ``?lang=`` on a session's
    first run), the shared sidebar, and the chosen client's view."""
    session_language()
    st.set_page_config(page_title=page_title(title), page_icon="📈", layout="wide")
    return client_sidebar()


def client_sidebar() -> ClientView:
    if state.CLIENT_KEY not in st.session_state:  # a new session (or a reload): the address
        leave_guard.restore_from_url()
    state.init_state()
    with st.sidebar:
        language_switch()  # first: the rest of the run is in the chosen language
        st.markdown("### " + _("Client"))
        mode = st.radio(
            _("Load the client from"),
            state.MODES,
            format_func=gettext_now(),
            **persisted(state.MODE_KEY, widget="_w_mode").widget_args(),
        )
        noted: set[str] = set()
        if mode == state.MODES[0]:
            _sample_picker()
        elif mode == state.MODES[1]:
            noted = upload_box()
        elif mode == state.MODES[2]:
            _yahoo_box()
        else:
            from acumen.ui.manual_entry import manual_entry_box

            manual_entry_box()
        _session_clients()
        view = _resolve()
        _client_caption(view, show_warnings=state.current_client_id() not in noted)
        leave_guard.keep_in_url(state.current_client_id())
        leave_guard.guard()
    return view


def _sample_picker() -> None:
    options, labels = sample_options()
    current = state.current_client_id()
    st.selectbox(
        _("Bundled sample (type to search by name or ticker)"),
        options,
        index=options.index(current) if current in options else None,
        format_func=labels.get,
        key="_w_sample",
        placeholder=_("Choose a sample…"),
        on_change=_choose_sample,
    )


def _choose_sample() -> None:
    choice = st.session_state.get("_w_sample")
    if choice:
        st.session_state[state.CLIENT_KEY] = choice


def _yahoo_box() -> None:
    from acumen.data.loaders import yahoo

    symbol = st.text_input(
        _("Ticker (e.g. AAPL, SIE.DE)"),
        **persisted("yahoo_symbol", "", widget="_w_yahoo").widget_args(),
    )
    if st.button(_("Fetch from Yahoo Finance"), key="_w_fetch"):
        bound = yahoo.FETCH_TIMEOUT_SECONDS
        fetching = _("Fetching {symbol} from Yahoo Finance (gives up after {seconds} s)…")
        with st.spinner(fetching.format(symbol=symbol, seconds=f"{bound:.0f}")):
            try:
                statements = yahoo.fetch_yahoo(symbol, timeout=bound, cache=state.fetch_cache())
            except AcumenError as error:
                st.session_state["_yahoo_error"] = error.message
            else:
                st.session_state["_yahoo_error"] = None
                state.remember_client(f"yahoo:{statements.companies.index[0]}", statements)
    if st.session_state.get("_yahoo_error"):
        st.error(md_escape(st.session_state["_yahoo_error"]), icon="⚠️")


def _session_clients() -> None:
    loaded = state.loaded_clients()
    if not loaded:
        return
    options = list(loaded)
    current = state.current_client_id()
    # The radio keeps its own value across runs, which goes stale when an upload or a fetch
    # chooses another client: set it to the current client (or clear it) before it renders.
    if current in options:
        st.session_state["_w_loaded"] = current
    else:
        st.session_state.pop("_w_loaded", None)
    st.radio(
        _("Loaded in this session"),
        options,
        index=None,
        format_func=lambda cid: _label(loaded[cid]),
        key="_w_loaded",
        on_change=copy_widget,
        args=("_w_loaded", state.CLIENT_KEY),
    )


def _label(statements: pd.DataFrame) -> str:
    """A radio option: Streamlit renders it as Markdown, so the name is escaped."""
    meta = statements.companies.iloc[0]
    return md_escape(f"{meta['name']} · {meta['source']}")


def current_statements() -> tuple[str, pd.DataFrame]:
    """(company id, statements) of the chosen client; falls back to the default sample."""
    client_id = state.current_client_id()
    loaded = state.loaded_clients()
    if client_id in loaded:
        statements = loaded[client_id]
    else:
        try:
            statements = load_sample(client_id.partition(":")[2])
        except AcumenError:
            client_id = state.default_client()
            st.session_state[state.CLIENT_KEY] = client_id
            statements = load_sample(client_id.partition(":")[2])
    return statements.companies.index[0], statements


def _resolve() -> ClientView:
    company, statements = current_statements()
    return client_view(statements, company)


def _client_caption(view: ClientView, *, show_warnings: bool = True) -> None:
    st.divider()
    st.markdown(f"**{md_escape(view.name)}**")
    details = [view.ticker or view.company, view.currency, view.source]
    if view.as_of:
        details.append(_("as of {date}").format(date=view.as_of))
    st.caption(md_escape(" · ".join(d for d in details if d)))
    if not show_warnings:  # the upload box lists them under "What was read"
        return
    warnings = list(view.statements.warnings)
    if len(warnings) > NOTES_SHOWN_OPEN:  # an upload's many notes: listed, not a wall
        with st.expander(_("What was read ({count} notes)").format(count=len(warnings))):
            for warning in warnings:
                st.warning(md_escape(warning), icon="ℹ️")
        return
    for warning in warnings:
        st.warning(md_escape(warning), icon="ℹ️")
