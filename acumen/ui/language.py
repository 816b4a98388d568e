"""The language switch (English / 中文): chosen once per session, applied at each run.

A session starts in the language of ``?lang=`` in the address, else ``$ACUMEN_LANG``, else
English (:func:`acumen.i18n.language_from`); the switch in the sidebar changes it for the rest
of the session and keeps it in the address, so a reload comes back in the same language.
:func:`language_switch` runs first in the sidebar: every text of the run after it is in the
chosen language (each run is a fresh thread, so the language is set again every run; a
fragment's or a callback's run finds the session's choice through the fallback registered
here).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from acumen.i18n import (
    LANG_PARAM,
    LANGUAGE_NAMES,
    LANGUAGES,
    _,
    catalog,
    current_language,
    language_from,
    set_language,
    set_language_fallback,
)

#: session_state key of the chosen language ("en" / "zh"), and the switch widget's key.
LANGUAGE_KEY = "ui_language"
WIDGET_KEY = "_w_language"


def session_language() -> str:
    """This session's language, chosen on its first run from the address and the environment;
    made the active language of this run."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = language_from(st.query_params, os.environ)
    return set_language(st.session_state[LANGUAGE_KEY])


def gettext_now() -> Callable[[str], str]:
    """``_`` fixed to this run's language, for a widget's ``format_func`` (AppTest formats the
    options again from its own thread, which has no language set)."""
    return catalog(current_language()).gettext


def _session_choice() -> str | None:
    """The session's language in a Streamlit thread that set none (a fragment's or a
    callback's run); None outside a script run."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(LANGUAGE_KEY)


set_language_fallback(_session_choice)


def _choose() -> None:
    chosen = st.session_state.get(WIDGET_KEY)
    if chosen in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = chosen


def _keep_in_url(lang: str) -> None:
    """``?lang=`` names the language when it is not the environment's default."""
    params = st.query_params
    if lang != language_from({}, os.environ):
        if params.get(LANG_PARAM) != lang:
            params[LANG_PARAM] = lang
    elif LANG_PARAM in params:
        del params[LANG_PARAM]


def language_switch() -> str:
    """Set this run's language and show the switch (call it first inside ``st.sidebar``);
    returns the language."""
    lang = session_language()
    st.session_state[WIDGET_KEY] = lang
    st.radio(
        _("Language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        horizontal=True,
        key=WIDGET_KEY,
        on_change=_choose,
    )
    _keep_in_url(lang)
    return lang
