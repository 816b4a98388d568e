"""After the session: the participants' handout (no answers), the facilitator's results
(CSV, per team, seat and question, then per team and what-if round) and the answer key
(with each what-if round's outcome ranking), from what the room's tables hold; the what-if
parts are in :mod:`acumen.room.whatif_materials`.

CSV goes through :func:`acumen.reports.export.to_safe_csv` (a cell starting ``= + - @`` is
neutralised); every string in the HTML goes through :func:`acumen.display_text.html_text`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from acumen.display_text import html_text
from acumen.formatting import fiscal_label
from acumen.i18n import LOCALES, N_, SOURCE_LANGUAGE, _, current_language
from acumen.reports.export import to_safe_csv
from acumen.room.codes import SOURCE
from acumen.room.whatif_materials import (
    WHATIF_COLUMNS,
    handout_rounds,
    key_rounds,
    played_rounds,
    whatif_results,
)
from acumen.store.migrations import (
    room_answers,
    room_participants,
    room_rounds,
    room_scores,
    room_teams,
)
from acumen.teaching.quiz.model import LETTERS

RESULTS_COLUMNS = (
    "question_number",
    "question",
    "team",
    "seat",
    "answer",
    "correct",
    "points",
    "seconds",
    "answered_at",
)
KEY_COLUMNS = ("question_number", "question", "answer", "correct_choice", "explanation")
#: The CSV header of each column: its key in English (as the files always read), translated
#: where written (:func:`csv_headers`).
CSV_HEADERS: dict[str, str] = {
    "question_number": N_("question_number"),
    "question": N_("question"),
    "team": N_("team"),
    "seat": N_("seat"),
    "answer": N_("answer"),
    "correct": N_("correct"),
    "points": N_("points"),
    "seconds": N_("seconds"),
    "answered_at": N_("answered_at"),
    "correct_choice": N_("correct_choice"),
    "explanation": N_("explanation"),
    "whatif_round": N_("whatif_round"),
    "company": N_("company"),
    "goal": N_("goal"),
    "levers": N_("levers"),
    "outcome": N_("outcome"),
    "unit": N_("unit"),
    "rank": N_("rank"),
}
#: The values of the results' "correct" column, translated where written.
CORRECT_VALUES = {"yes": N_("yes"), "no": N_("no")}
STYLE = (
    "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
    "ol.choices{list-style:upper-alpha}.q{margin-bottom:1.2em;break-inside:avoid}</style>"
)


@dataclass(frozen=True)
class RoomMaterials:
    """The three downloads: handout (HTML, no answers), results (CSV), answer key (HTML, CSV)."""

    handout_html: str
    results_csv: bytes
    answer_key_html: str
    answer_key_csv: bytes


def results_table(connection: sa.Connection, room: sa.Row) -> pd.DataFrame:
    """One row per team and revealed question: team, question number and text, the answer
    key's letter, answers given, correct answers (the points)."""
    payloads = json.loads(room.questions)
    scores = pd.DataFrame(
        connection.execute(
            sa.select(
                room_teams.c.name.label("team"),
                room_scores.c.question_index,
                room_scores.c.answered,
                room_scores.c.correct,
            )
            .join(room_teams, room_teams.c.id == room_scores.c.team_id)
            .where(room_scores.c.room_id == room.id)
        ).all(),
        columns=["team", "question_index", "answered", "correct"],
    )
    table = scores.merge(key_frame(payloads), on="question_index", how="left")
    table.insert(1, "question_number", table["question_index"] + 1)
    table = table.drop(columns="question_index").sort_values(
        ["question_number", "team"], kind="stable"
    )
    return table[["team", "question_number", "question", "answer", "answered", "correct"]]


def key_frame(payloads: Sequence[Mapping]) -> pd.DataFrame:
    """question_index, question, answer (the letter) of every stored question."""
    return pd.DataFrame(
        {
            "question_index": range(len(payloads)),
            "question": [str(p["question"]) for p in payloads],
            "answer": [str(p["answer"]) for p in payloads],
        }
    )


def revealed_indexes(connection: sa.Connection, room_id: int) -> list[int]:
    """The questions already revealed (scored), in order."""
    revealed = sa.union(
        sa.select(room_rounds.c.question_index).where(
            room_rounds.c.room_id == room_id, room_rounds.c.revealed_at.is_not(None)
        ),
        sa.select(room_scores.c.question_index).where(room_scores.c.room_id == room_id),
    )
    return sorted(int(i) for i in connection.execute(revealed).scalars())


def answer_log(connection: sa.Connection, room: sa.Row) -> pd.DataFrame:
    """One row per seat and revealed question (:data:`RESULTS_COLUMNS`): the seat's team,
    its number in the team (1 = first to join), its answer (blank when none), correct
    ("yes"/"no"), points (1 for a correct answer, else 0), seconds from the question's start
    to the answer (answered_at − started_at, 0.1 s), answered_at (UTC, ISO 8601)."""
    seats = pd.DataFrame(
        connection.execute(
            sa.select(room_participants.c.id, room_teams.c.name)
            .join(room_teams, room_teams.c.id == room_participants.c.team_id)
            .where(room_participants.c.room_id == room.id)
            .order_by(room_participants.c.id)
        ).all(),
        columns=["participant_id", "team"],
    )
    seats["seat"] = seats.groupby("team", sort=False).cumcount() + 1
    key = key_frame(json.loads(room.questions))
    key = key[key["question_index"].isin(revealed_indexes(connection, room.id))]
    answers = pd.DataFrame(
        connection.execute(
            sa.select(
                room_answers.c.participant_id,
                room_answers.c.question_index,
                room_answers.c.choice,
                room_answers.c.answered_at,
            ).where(room_answers.c.room_id == room.id)
        ).all(),
        columns=["participant_id", "question_index", "choice", "answered_at"],
    )
    starts = pd.DataFrame(
        connection.execute(
            sa.select(room_rounds.c.question_index, room_rounds.c.started_at).where(
                room_rounds.c.room_id == room.id
            )
        ).all(),
        columns=["question_index", "started_at"],
    )
    table = (
        seats.merge(key, how="cross")
        .merge(answers, on=["participant_id", "question_index"], how="left")
        .merge(starts, on="question_index", how="left")
    )
    table["question_number"] = table["question_index"] + 1
    table["choice"] = table["choice"].fillna("")
    right = table["choice"] == table["answer"]
    table["correct"] = right.map({True: "yes", False: "no"})
    table["points"] = right.astype("int64")
    table["seconds"] = (elapsed(table["started_at"], table["answered_at"])).round(1)
    table["answered_at"] = table["answered_at"].fillna("")
    table = table.drop(columns="answer").rename(columns={"choice": "answer"})
    table = table.sort_values(["question_number", "team", "seat"], kind="stable")
    return table[list(RESULTS_COLUMNS)].reset_index(drop=True)


def elapsed(started: pd.Series, answered: pd.Series) -> pd.Series:
    """Seconds from ``started`` to ``answered`` (ISO 8601 texts); NaN where either is missing."""

    def parse(texts: pd.Series) -> pd.Series:
        return pd.to_datetime(texts.map(_parsed), utc=True)

    return (parse(answered) - parse(started)).dt.total_seconds()


def _parsed(text: object) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


def results_csv(log: pd.DataFrame, rounds: Sequence[Mapping] = ()) -> bytes:
    """The answer log as safe CSV (formula cells neutralised, numbers kept), its header and
    yes/no in the active language; then, when a what-if round was revealed, one row per team
    and round (:func:`acumen.room.whatif_materials.whatif_results`) in the added
    :data:`WHATIF_COLUMNS` (blank on the quiz's rows, as the quiz's are on these). A room
    without a revealed round keeps the quiz's columns only."""
    table = log[list(RESULTS_COLUMNS)].copy()
    table["correct"] = table["correct"].map(lambda v: _(CORRECT_VALUES.get(v, v)) if v else v)
    whatif = whatif_results(rounds)
    if whatif.empty:
        return to_safe_csv(table, headers=csv_headers(RESULTS_COLUMNS))
    columns = [*RESULTS_COLUMNS, *WHATIF_COLUMNS]
    both = pd.concat([table, whatif], ignore_index=True)[columns]
    return to_safe_csv(both, headers=csv_headers(columns))


def csv_headers(columns: Sequence[str]) -> dict[str, str]:
    """Column key -> its CSV header in the active language (the key itself in English)."""
    return {c: _(CSV_HEADERS[c]) for c in columns}


def answer_key_table(payloads: Sequence[Mapping]) -> pd.DataFrame:
    """One row per question (:data:`KEY_COLUMNS`): number, text, letter, choice, explanation."""
    return pd.DataFrame(
        [
            {
                "question_number": number,
                "question": str(p["question"]),
                "answer": str(p["answer"]),
                "correct_choice": str(p["choices"][LETTERS.index(str(p["answer"]))]),
                "explanation": str(p.get("explanation") or ""),
            }
            for number, p in enumerate(payloads, start=1)
        ],
        columns=list(KEY_COLUMNS),
    )


def html_language() -> str:
    """The ``lang`` attribute of a page in the active language (``en``, ``zh-CN``)."""
    return LOCALES.get(current_language(), SOURCE_LANGUAGE).replace("_", "-")


def _page(title: str, body: list[str]) -> str:
    e = html_text
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html_language()}"><head><meta charset="utf-8">',
            f"<title>{e(title)}</title>",
            STYLE,
            "</head><body>",
            f"<h1>{e(title)}</h1>",
            *body,
            "</body></html>",
        ]
    )


def _case(payload: Mapping) -> str:
    company, year = payload.get("company") or "", payload.get("fiscal_year")
    shown = " · ".join(x for x in (str(company), fiscal_label(year) if year else "") if x)
    return f' <span class="case">({html_text(shown)})</span>' if shown else ""


def handout_html(
    code: str,
    payloads: Sequence[Mapping],
    title: str | None = None,
    rounds: Sequence[Mapping] = (),
) -> str:
    """The participants' handout: each question and its four choices, never the answer, a
    marking of it or its explanation; each what-if round's company and goal, never an
    outcome. Every dynamic string is HTML-escaped."""
    e = html_text
    count = _("Room {code} · {count} questions").format(code=e(code), count=len(payloads))
    body = [f"<p>{count}</p>", '<section id="questions">']
    for number, payload in enumerate(payloads, start=1):
        body.append(
            f'<div class="q"><p><b>{number}.</b> {e(payload["question"])}{_case(payload)}</p>'
            '<ol class="choices">'
        )
        body.extend(f"<li>{e(choice)}</li>" for choice in payload["choices"])
        body.append("</ol></div>")
    body.append("</section>")
    body.extend(handout_rounds(rounds))
    heading = _("{title} {code}: questions").format(title=title or _(SOURCE), code=code)
    return _page(heading, body)


def answer_key_html(
    code: str,
    payloads: Sequence[Mapping],
    title: str | None = None,
    rounds: Sequence[Mapping] = (),
) -> str:
    """The facilitator's answer key: per question the letter, its choice and the
    explanation; per revealed what-if round its outcome ranking."""
    e = html_text
    body = ['<section id="answer-key"><ol>']
    for row in answer_key_table(payloads).itertuples(index=False):
        body.append(
            f"<li><p>{e(row.question)}</p><p><b>{e(row.answer)}: {e(row.correct_choice)}</b>"
            f"</p><p>{e(row.explanation)}</p></li>"
        )
    body.append("</ol></section>")
    body.extend(key_rounds(rounds, csv_headers(["team", "points", *WHATIF_COLUMNS])))
    heading = _("{title} {code}: answer key").format(title=title or _(SOURCE), code=code)
    return _page(heading, body)


def room_materials(connection: sa.Connection, room: sa.Row) -> RoomMaterials:
    """The downloads of ``room`` from its stored questions, its answer log and its what-if
    rounds."""
    payloads = json.loads(room.questions)
    rounds = played_rounds(connection, room.id)
    return RoomMaterials(
        handout_html=handout_html(room.code, payloads, rounds=rounds),
        results_csv=results_csv(answer_log(connection, room), rounds),
        answer_key_html=answer_key_html(room.code, payloads, rounds=rounds),
        answer_key_csv=to_safe_csv(answer_key_table(payloads), headers=csv_headers(KEY_COLUMNS)),
    )
