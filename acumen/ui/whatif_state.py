"""The what-if page's levers, kept per client in this session: ``whatif_levers`` maps a
client id to ``{lever: value, "repay_debt": bool}``; the sliders (``_w_whatif_<lever>``) show
the current client's levers and never another client's."""

from __future__ import annotations

import streamlit as st

from acumen.analysis.whatif_scenario import LEVER_INFO, Levers
from acumen.ui.persisted import Persisted, persisted

#: Levers are kept per client: client id -> {lever: value}. Never applied to another client.
LEVERS_KEY = "whatif_levers"
#: The client whose levers the sliders showed last.
SHOWN_KEY = "whatif_client"
REPAY = "repay_debt"
NAMES: tuple[str, ...] = (*LEVER_INFO, REPAY)


def widget(name: str) -> str:
    return f"_w_whatif_{name}"


def lever(client_id: str, name: str) -> Persisted:
    """One of the client's levers (zero, or no debt repaid, for a client seen the first time)."""
    default = False if name == REPAY else 0.0
    return persisted(LEVERS_KEY, default, path=(client_id, name), widget=widget(name))


def show(client_id: str) -> None:
    """Sliders for ``client_id``: another client than last time gets its own levers."""
    if st.session_state.get(SHOWN_KEY) != client_id:
        for name in NAMES:
            lever(client_id, name).restore()
        st.session_state[SHOWN_KEY] = client_id


def set_levers(client_id: str, levers: Levers) -> None:
    """A preset's callback: every lever but the debt repayment set from ``levers``."""
    for name in LEVER_INFO:
        lever(client_id, name).set(float(getattr(levers, name)))


def levers_of(client_id: str) -> Levers:
    """The client's levers as the engine takes them."""
    values = {name: lever(client_id, name).value for name in NAMES}
    return Levers(
        **{name: float(values[name]) for name in LEVER_INFO}, repay_debt=bool(values[REPAY])
    )
