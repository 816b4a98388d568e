"""Workshop mode, pure session logic: teams, scores, the question flow and what-if rounds
(the printable handout is :mod:`acumen.reports.handout`). No Streamlit here: the page keeps one :class:`WorkshopSession` per browser
session in ``st.session_state``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from acumen.display_text import plotly_text
from acumen.formatting import format_money
from acumen.i18n import N_, _
from acumen.teaching.quiz import LETTERS, QUIZ_TYPES, PublicData, Question, generate_quiz

FALLBACK_COMPANIES = ("WMT", "TGT", "COST")
MAX_TEAMS = 8
MAX_NAME_LENGTH = 40
DEFAULT_SECONDS = 90
WHATIF_DAYS = 5
SCOREBOARD_COLUMNS = ("rank", "team", "score", "quiz_correct", "whatif_wins", "answered")
#: Scoreboard column -> its header where shown (English: the column's own name).
SCOREBOARD_LABELS: dict[str, str] = {
    "rank": N_("rank"),
    "team": N_("team"),
    "score": N_("score"),
    "quiz_correct": N_("quiz_correct"),
    "whatif_wins": N_("whatif_wins"),
    "answered": N_("answered"),
}


def default_companies(case_ids: Sequence[str]) -> list[str]:
    """The designed teaching cases ``case_ids`` (the edge reads them from the bundled
    samples), or Walmart / Target / Costco when there are none."""
    return list(case_ids) or list(FALLBACK_COMPANIES)


def team_names(names: Sequence[str], count: int) -> list[str]:
    """``count`` clean, distinct team names: blanks become "Team n", repeats get a suffix,
    long names are cut to :data:`MAX_NAME_LENGTH`."""
    count = max(1, min(int(count), MAX_TEAMS))
    out: list[str] = []
    for position in range(count):
        raw = names[position] if position < len(names) else ""
        name = " ".join(str(raw).split())[:MAX_NAME_LENGTH] or _("Team {number}").format(
            number=position + 1
        )
        base, suffix = name, 2
        while name in out:
            name = f"{base} ({suffix})"
            suffix += 1
        out.append(name)
    return out


def time_left(started_at: float | None, seconds: int, now: float) -> int:
    """Whole seconds left of the question's time budget (0 when over; the budget if unstarted)."""
    if started_at is None:
        return max(int(seconds), 0)
    return max(int(math.ceil(seconds - (now - started_at))), 0)


# ---------------------------------------------------------------- what-if rounds


@dataclass(frozen=True)
class LeverOutcome:
    label: str
    roa_before: float
    roa_after: float
    cash_released: float
    notes: tuple[str, ...] = ()

    @property
    def roa_change(self) -> float:
        return self.roa_after - self.roa_before


def whatif_options(days: int = WHATIF_DAYS) -> dict[str, object]:
    """The what-if round's levers: one of DSO, DIO or DPO moved by ``days``; the cash the
    move frees repays debt, so a smaller balance sheet shows in ROA."""
    from acumen.analysis.whatif_scenario import Levers

    return {
        _("Collect from customers {days} days faster (DSO −{days})").format(days=days): Levers(
            dso_days=-days, repay_debt=True
        ),
        _("Hold {days} fewer days of inventory (DIO −{days})").format(days=days): Levers(
            dio_days=-days, repay_debt=True
        ),
        _("Pay suppliers {days} days later (DPO +{days})").format(days=days): Levers(
            dpo_days=days, repay_debt=True
        ),
    }


def whatif_outcomes(
    statements: pd.DataFrame, company: str, days: int = WHATIF_DAYS
) -> list[LeverOutcome]:
    """ROA before and after each lever of :func:`whatif_options`, from :func:`acumen.analysis.whatif.whatif`."""
    from acumen.analysis.whatif import whatif

    outcomes = []
    for label, levers in whatif_options(days).items():
        result = whatif(statements, company, levers)
        outcomes.append(
            LeverOutcome(
                label,
                result.value_before("roa"),
                result.value_after("roa"),
                result.cash_released,
                result.notes,
            )
        )
    return outcomes


def best_levers(outcomes: Sequence[LeverOutcome], tolerance: float = 1e-6) -> list[str]:
    """Labels of the levers with the largest ROA lift (ties within ``tolerance`` share it)."""
    valid = [o for o in outcomes if not math.isnan(o.roa_change)]
    if not valid:
        return []
    top = max(o.roa_change for o in valid)
    return [o.label for o in valid if o.roa_change >= top - tolerance]


@dataclass
class WhatIfRound:
    """One what-if round: a company, each team's lever, and (once revealed) the outcomes."""

    company: str
    name: str
    days: int
    picks: dict[str, str] = field(default_factory=dict)
    outcomes: list[LeverOutcome] = field(default_factory=list)
    winners: list[str] = field(default_factory=list)

    @property
    def revealed(self) -> bool:
        return bool(self.outcomes)


# ---------------------------------------------------------------- the session


@dataclass
class WorkshopSession:
    """A facilitator's session: questions run one by one, answers hidden until revealed."""

    companies: list[str]
    teams: list[str]
    questions: list[Question]
    seconds: int = DEFAULT_SECONDS
    seed: int = 0
    current: int = 0
    revealed: bool = False
    started_at: float | None = None
    answers: dict[int, dict[str, str]] = field(default_factory=dict)
    whatif_rounds: list[WhatIfRound] = field(default_factory=list)

    @property
    def question(self) -> Question | None:
        return self.questions[self.current] if self.current < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current >= len(self.questions)

    def answer_of(self, team: str, index: int | None = None) -> str | None:
        return self.answers.get(self.current if index is None else index, {}).get(team)


def new_session(
    statements: pd.DataFrame,
    teams: Sequence[str],
    n_questions: int,
    seconds: int = DEFAULT_SECONDS,
    seed: int = 0,
    types: Sequence[str] | None = None,
    now: float | None = None,
    public: PublicData | None = None,
) -> WorkshopSession:
    """A session over ``statements`` with ``n_questions`` generated questions (``public``:
    the peer universe and bundled samples, see :func:`generate_quiz`)."""
    questions = generate_quiz(statements, n_questions, seed, types or QUIZ_TYPES, public)
    companies = [str(c) for c in statements.companies.index]
    return WorkshopSession(
        companies=companies,
        teams=list(teams),
        questions=questions,
        seconds=max(int(seconds), 0),
        seed=seed,
        started_at=now,
    )


def record_answer(session: WorkshopSession, team: str, letter: str | None) -> bool:
    """Record ``team``'s answer to the current question; False once revealed or when invalid."""
    if session.revealed or session.finished or team not in session.teams:
        return False
    if letter is None:
        session.answers.get(session.current, {}).pop(team, None)
        return True
    if letter not in LETTERS:
        return False
    session.answers.setdefault(session.current, {})[team] = letter
    return True


def reveal(session: WorkshopSession) -> dict[str, bool]:
    """Show the answer of the current question; returns team -> answered correctly."""
    question = session.question
    if question is None:
        return {}
    session.revealed = True
    given = session.answers.get(session.current, {})
    return {team: given.get(team) == question.answer for team in session.teams}


def next_question(session: WorkshopSession, now: float | None = None) -> None:
    """Move on (only after the answer was revealed); restarts the timer."""
    if session.revealed and not session.finished:
        session.current += 1
        session.revealed = False
        session.started_at = now


def start_whatif_round(
    session: WorkshopSession, company: str, name: str, days: int = WHATIF_DAYS
) -> WhatIfRound:
    round_ = WhatIfRound(company=company, name=name, days=days)
    session.whatif_rounds.append(round_)
    return round_


def reveal_whatif_round(
    session: WorkshopSession, round_: WhatIfRound, statements: pd.DataFrame
) -> None:
    """Compute the round's outcomes with the what-if engine and name the winning teams."""
    round_.outcomes = whatif_outcomes(statements, round_.company, round_.days)
    best = set(best_levers(round_.outcomes))
    round_.winners = [team for team in session.teams if round_.picks.get(team) in best]


def scoreboard(session: WorkshopSession) -> pd.DataFrame:
    """One row per team: rank, team, score (quiz points + what-if wins), the parts, answered."""
    rows = []
    for team in session.teams:
        correct = answered = 0
        for index, question in enumerate(session.questions):
            if index > session.current or (index == session.current and not session.revealed):
                continue
            given = session.answers.get(index, {}).get(team)
            answered += given is not None
            correct += given == question.answer
        wins = sum(team in r.winners for r in session.whatif_rounds)
        rows.append(
            {
                "team": team,
                "score": correct + wins,
                "quiz_correct": correct,
                "whatif_wins": wins,
                "answered": answered,
            }
        )
    table = pd.DataFrame(rows, columns=[c for c in SCOREBOARD_COLUMNS if c != "rank"])
    table = table.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    table.insert(0, "rank", table["score"].rank(method="min", ascending=False).astype("int64"))
    return table


def scoreboard_labels(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`scoreboard` with its headers in the active language (the same in English)."""
    return table.rename(columns={k: _(v) for k, v in SCOREBOARD_LABELS.items()})


def scoreboard_figure(table: pd.DataFrame) -> go.Figure:
    """A horizontal bar per team (team names shown as text, never markup)."""
    names = [plotly_text(t) for t in table["team"]]
    figure = go.Figure(
        go.Bar(
            x=table["score"].astype("int64").tolist(),
            y=names,
            orientation="h",
            text=table["score"].astype("int64").tolist(),
            textposition="auto",
            marker={"color": "#1f77b4"},
            hovertemplate=_("%{y}: %{x} points") + "<extra></extra>",
        )
    )
    top = int(table["score"].max()) if len(table) else 0
    figure.update_layout(
        height=100 + 40 * len(table),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    figure.update_xaxes(range=[0, max(top, 1) + 0.5], dtick=1, title=_("points"))
    figure.update_yaxes(type="category", autorange="reversed", title=None)
    return figure


def outcome_table(round_: WhatIfRound, currency: str = "USD") -> pd.DataFrame:
    """The revealed round as text: lever, ROA before, ROA after, change, cash released, teams."""
    rows = []
    for o in round_.outcomes:
        teams = [t for t, label in round_.picks.items() if label == o.label]
        rows.append(
            {
                _("lever"): o.label,
                _("ROA before"): f"{o.roa_before * 100:.2f}%",
                _("ROA after"): f"{o.roa_after * 100:.2f}%",
                _("ROA change (points)"): f"{o.roa_change * 100:+.2f}",
                _("cash released"): format_money(o.cash_released, currency),
                _("teams"): ", ".join(teams),
                _("note"): " ".join(o.notes),
            }
        )
    return pd.DataFrame(rows)
