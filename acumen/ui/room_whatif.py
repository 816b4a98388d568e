"""Live room page, what-if rounds: the facilitator pushes a round and reveals it; each team
sets its levers on its own devices (:mod:`acumen.room.whatif_round` has the rules). The
store, the room's companies and the refusal handler come in as arguments
(:mod:`acumen.ui.room_state` owns them)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from acumen.data.samples import load_many
from acumen.i18n import _
from acumen.room import DEFAULT_BOUNDS, GOALS, WHATIF, WHATIF_REVEALED, RoomStore, RoomWhatIf
from acumen.room.whatif_materials import levers_text
from acumen.ui import room_screens as screens
from acumen.ui.language import gettext_now
from acumen.ui.text import md_escape

Run = Callable[[Callable[[], object]], object]


def facilitator_round(view: dict, store: RoomStore, code: str, token: str, run: Run) -> None:
    """The open round (which teams submitted, never their levers or outcomes) and its
    reveal button; or the revealed round's outcome table."""
    round_ = view["whatif"]
    screens.whatif_round(round_)
    if view["state"] != WHATIF:
        screens.whatif_outcomes(round_)
        return
    submitted = _("{submitted} of {teams} teams submitted levers").format(
        submitted=view["submitted"], teams=len(view["whatif_teams"])
    )
    st.metric(_("Submissions"), submitted)
    if view["whatif_teams"]:
        screens.room_table(view["whatif_teams"])
    st.button(
        _("Reveal the outcome"),
        key="_room_whatif_reveal",
        type="primary",
        on_click=run,
        args=(lambda: RoomWhatIf(store).reveal(code, token, load_many([round_["company"]])),),
    )


def push_form(
    store: RoomStore,
    code: str,
    token: str,
    companies: list[str],
    labels: dict[str, str],
    run: Run,
) -> None:
    """Instead of the next question: a what-if round on one of ``companies``, with a goal
    and the largest move of each lever."""
    with st.expander(_("Push a what-if round instead of the next question")):
        choices = [c for c in companies if c in labels]
        company = st.selectbox(
            _("Company"), choices, format_func=labels.get, key="_room_whatif_company"
        )
        now = gettext_now()  # fixed to this run's language (see gettext_now)
        st.selectbox(
            _("Goal"), list(GOALS), format_func=lambda g: now(GOALS[g]), key="_room_whatif_goal"
        )
        columns = st.columns(3)
        columns[0].number_input(
            _("Largest price / cost move (%)"), 0.5, 10.0, 2.0, 0.5, key="_room_whatif_pct"
        )
        columns[1].number_input(_("Largest days move"), 1, 60, 10, 1, key="_room_whatif_days")
        columns[2].number_input(
            _("Levers a team may move"), 1, len(DEFAULT_BOUNDS), 2, 1, key="_room_whatif_most"
        )
        st.button(
            _("Push the what-if round"),
            key="_room_whatif_push",
            disabled=company is None,
            on_click=run,
            args=(lambda: push_from_widgets(store, code, token),),
        )


def push_from_widgets(store: RoomStore, code: str, token: str) -> int:
    """Push the round the form's widgets describe, read at the click (a callback's
    arguments are bound at the previous run)."""
    state = st.session_state
    company, pct, days = (
        state["_room_whatif_company"],
        state["_room_whatif_pct"],
        state["_room_whatif_days"],
    )
    bounds = {
        name: (-float(pct), float(pct)) if name.endswith("_pct") else (-float(days), float(days))
        for name in DEFAULT_BOUNDS
    }
    return RoomWhatIf(store).push(
        code,
        token,
        load_many([company]),
        company,
        state["_room_whatif_goal"],
        bounds,
        int(state["_room_whatif_most"]),
    )


def participant_round(view: dict, store: RoomStore, code: str, token: str, run: Run) -> None:
    """The team's levers for the open round (its own only), or the revealed outcome."""
    round_ = view["whatif"]
    screens.whatif_round(round_)
    mine = view["my_levers"]
    if view["state"] == WHATIF_REVEALED:
        ranked = {row["team"]: row["rank"] for row in round_["outcomes"] or []}
        rank = ranked.get(view["team"])
        if rank is None:
            st.warning(_("Your team didn't submit levers in this round."))
        else:
            st.success(
                _("Your team ranked {rank} of {teams}.").format(rank=rank, teams=len(ranked))
            )
        screens.whatif_outcomes(round_)
        return
    screens.lever_inputs(round_, mine, disabled=False)
    number = round_["number"]
    names = list(round_["rules"]["bounds"])

    def submit() -> dict:  # the sliders read at the click, not at the previous run
        values = {n: st.session_state[screens.lever_key(number, n)] for n in names}
        return RoomWhatIf(store).submit(code, token, number, values)

    st.button(
        _("Submit our levers"),
        key=f"_room_whatif_submit_{number}",
        type="primary",
        on_click=run,
        args=(submit,),
    )
    if mine is not None:
        st.success(
            md_escape(
                _("Your team's levers on record: {levers}. Waiting for the reveal.").format(
                    levers=levers_text(mine)
                )
            )
        )
