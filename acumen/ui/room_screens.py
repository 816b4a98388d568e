"""The pieces both Live room screens show: the question, the revealed answer, the
scoreboard, tables with their headers in the session's language, and the facilitator's
after-session downloads. Team names and question texts are user text, shown escaped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.analysis.whatif_scenario import LEVER_INFO
from acumen.formatting import format_money
from acumen.i18n import N_, _, current_language, ngettext, use_language
from acumen.room import GOALS, RoomStore
from acumen.room.whatif_materials import levers_text
from acumen.teaching.quiz import LETTERS
from acumen.ui.render import table
from acumen.ui.text import md_escape

#: A screen table's column -> its header (the key itself in English, as it always read).
HEADERS: dict[str, str] = {
    "rank": N_("rank"),
    "team": N_("team"),
    "points": N_("points"),
    "answered": N_("answered"),
    "members": N_("members"),
    "correct": N_("correct"),
    "submitted": N_("submitted"),
}


def room_table(rows: list[dict]) -> None:
    """``rows`` as a table, its headers translated."""
    frame = pd.DataFrame(rows)
    table(frame.rename(columns={c: _(HEADERS[c]) for c in frame.columns if c in HEADERS}))


def question(view: dict, choices: bool = True) -> None:
    """ "Question 2 of 5", the countdown, the question's text and (for the facilitator) its
    choices."""
    st.subheader(
        _("Question {number} of {total}").format(number=view["number"], total=view["total"])
    )
    if view["seconds_left"] is not None:
        left = view["seconds_left"]
        st.caption(
            _("Time left: {seconds} s").format(seconds=left) if left > 0 else _("Time is up")
        )
    st.markdown(md_escape(view["question"]["text"]))
    if choices:
        for letter, choice in zip(LETTERS, view["question"]["choices"], strict=True):
            st.markdown(md_escape(f"{letter}) {choice}"))


def revealed(reveal: dict) -> None:
    """The answer's letter and choice, and its explanation."""
    answer = _("Answer: {letter}) {choice}").format(
        letter=reveal["answer"], choice=reveal["correct_choice"]
    )
    st.success(md_escape(answer))
    st.info(md_escape(reveal["explanation"]))


def scoreboard(view: dict) -> None:
    st.subheader(_("Scoreboard"))
    if view["scoreboard"]:
        st.markdown(md_escape(scoreboard_line(view["scoreboard"])))
        room_table(view["scoreboard"])
    else:
        st.caption(_("No team has joined yet."))


def scoreboard_line(rows: list[dict]) -> str:
    """The scoreboard in one line, readable on a phone: "1. Blue: 3 points · 2. Red: 1 point"."""
    return " · ".join(
        ngettext(
            "{rank}. {team}: {points} point", "{rank}. {team}: {points} points", r["points"]
        ).format(rank=r["rank"], team=r["team"], points=r["points"])
        for r in rows
    )


#: The after-session downloads: (field of RoomMaterials, button label, file name, type).
MATERIALS = (
    ("handout_html", N_("Participant handout (HTML, no answers)"), "handout.html", "text/html"),
    (
        "results_csv",
        N_("Results per team, question and what-if round (CSV)"),
        "results.csv",
        "text/csv",
    ),
    ("answer_key_html", N_("Answer key (HTML)"), "answer_key.html", "text/html"),
    ("answer_key_csv", N_("Answer key (CSV)"), "answer_key.csv", "text/csv"),
)


def materials_downloads(store: RoomStore, code: str, token: str) -> None:
    """The after-session downloads (:mod:`acumen.room.materials`), built when clicked, in
    this session's language."""
    lang = current_language()
    with st.expander(_("Materials: handout, results and answer key")):
        columns = st.columns(len(MATERIALS))
        for column, (field, label, name, mime) in zip(columns, MATERIALS, strict=True):
            column.download_button(
                _(label),
                lambda field=field: _material(store, code, token, field, lang),
                file_name=f"room_{code}_{name}",
                mime=mime,
                key=f"_room_download_{field}",
                on_click="ignore",
            )


def _material(store: RoomStore, code: str, token: str, field: str, lang: str) -> str | bytes:
    """One download, built in ``lang`` (the click may be served outside the session's run)."""
    with use_language(lang):
        return getattr(store.materials(code, token), field)


# ---------------------------------------------------------------- what-if rounds


def lever_label(name: str) -> str:
    """A round lever's label with its unit: "Price (%)", "DSO (days to collect)"."""
    label, unit = LEVER_INFO[name]
    return _(label) if unit == "days" else _("{lever} (%)").format(lever=_(label))


def whatif_round(round_: dict) -> None:
    """ "What-if round 1: Walmart", the goal and the rules."""
    st.subheader(
        md_escape(
            _("What-if round {number}: {company}").format(
                number=round_["number"], company=round_["name"]
            )
        )
    )
    rules = round_["rules"]
    bounds = "; ".join(
        _("{lever} from {low} to {high}").format(lever=lever_label(name), low=low, high=high)
        for name, (low, high) in rules["bounds"].items()
    )
    st.markdown(md_escape(_("Goal: {goal}").format(goal=_(GOALS[round_["goal"]]))))
    st.caption(
        md_escape(
            _(
                "Your team may move at most {count} levers: {bounds}. The cash working capital "
                "frees repays debt. Your team's last submission before the reveal counts."
            ).format(count=rules["max_levers"], bounds=bounds)
        )
    )


def lever_inputs(round_: dict, mine: dict | None, disabled: bool) -> dict[str, float]:
    """A slider per lever of the round (starting at the team's levers on record); the values."""
    values = {}
    for name, (low, high) in round_["rules"]["bounds"].items():
        step = 1.0 if LEVER_INFO[name][1] == "days" else 0.5
        start = float((mine or {}).get(name, 0.0))
        values[name] = st.slider(
            lever_label(name),
            float(low),
            float(high),
            start,
            step=step,
            disabled=disabled,
            key=lever_key(round_["number"], name),
        )
    return values


def lever_key(number: int, name: str) -> str:
    """The widget key of lever ``name``'s slider in round ``number``."""
    return f"_room_lever_{number}_{name}"


def whatif_outcomes(round_: dict) -> None:
    """The revealed round: each team's levers and outcome, best first (what-if engine)."""
    currency = round_["rules"].get("currency", "USD")
    outcomes = round_["outcomes"] or []
    if not outcomes:
        st.info(_("No team submitted levers in this round."))
        return
    st.markdown(md_escape(_("Outcome of the round (what-if engine, latest fiscal year)")))
    rows = [
        {
            _("rank"): "" if row["rank"] is None else str(row["rank"]),
            _("team"): row["team"],
            _("levers"): levers_text(row["levers"]),
            _("ROA before"): f"{row['roa_before'] * 100:.2f}%",
            _("ROA after"): f"{row['roa_after'] * 100:.2f}%",
            _("ROA change (points)"): f"{row['roa_change'] * 100:+.2f}",
            _("cash released"): format_money(row["cash_released"], currency),
            _("points"): str(row["points"]),
        }
        for row in outcomes
    ]
    table(pd.DataFrame(rows))
