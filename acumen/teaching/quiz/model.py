"""The question record, its constants, the engine check and the formatting of choices."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from acumen.formatting import MINUS, format_money, format_value, is_missing
from acumen.i18n import N_, _
from acumen.teaching.quiz.notes import note_text

QUIZ_TYPES: tuple[str, ...] = ("compute", "compare", "diagnose", "lever", "trade-off")
LETTERS = ("A", "B", "C", "D")
TABLE_COLUMNS = (
    "id",
    "type",
    "driver",
    "question",
    "choice_a",
    "choice_b",
    "choice_c",
    "choice_d",
    "answer",
    "explanation",
    "company",
    "fiscal_year",
)
#: Column -> its header in an export (English: the column's own name).
TABLE_LABELS: dict[str, str] = {
    "id": N_("id"),
    "type": N_("type"),
    "driver": N_("driver"),
    "question": N_("question"),
    "choice_a": N_("choice_a"),
    "choice_b": N_("choice_b"),
    "choice_c": N_("choice_c"),
    "choice_d": N_("choice_d"),
    "answer": N_("answer"),
    "explanation": N_("explanation"),
    "company": N_("company"),
    "fiscal_year": N_("fiscal_year"),
}
#: The arithmetic slips that fill the choices when a spec's own mistakes run out.
ARITHMETIC_SLIP = N_("an arithmetic slip")
#: Relative tolerance of the check of a question's answer against the metrics engine.
ENGINE_TOLERANCE = 1e-9
#: A distractor must differ from the answer by at least this share of it.
MIN_DISTANCE = 0.12
#: Candidates tried per question before a type is given up.
MAX_TRIES = 40


class AnswerCheckError(AssertionError):
    """A generated answer disagrees with the metrics engine (a bug, never bad input)."""


@dataclass(frozen=True, eq=False)
class Question:
    """One multiple-choice question; ``answer`` is a letter A–D."""

    id: str
    type: str
    driver: str
    question: str
    choices: tuple[str, str, str, str]
    answer: str
    explanation: str
    company: str
    fiscal_year: int
    metric: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def answer_index(self) -> int:
        return LETTERS.index(self.answer)

    @property
    def correct_choice(self) -> str:
        return self.choices[self.answer_index]

    def texts(self) -> list[str]:
        return [self.question, *self.choices, self.explanation]


def check(own: float, engine: float, what: str) -> bool:
    """False when either value is missing (skip the candidate); raise
    :class:`AnswerCheckError` when both exist and disagree; else True."""
    if not finite(own, engine):
        return False
    if not math.isclose(own, engine, rel_tol=ENGINE_TOLERANCE, abs_tol=1e-12):
        raise AnswerCheckError(f"{what}: quiz computed {own!r}, metrics engine {engine!r}")
    return True


def finite(*values: float) -> bool:
    return all(not is_missing(v) for v in values)


def quiz_table(questions: Sequence[Question]) -> pd.DataFrame:
    """One row per question with exactly :data:`TABLE_COLUMNS`."""
    rows = [
        {
            "id": q.id,
            "type": q.type,
            "driver": q.driver,
            "question": q.question,
            "choice_a": q.choices[0],
            "choice_b": q.choices[1],
            "choice_c": q.choices[2],
            "choice_d": q.choices[3],
            "answer": q.answer,
            "explanation": q.explanation,
            "company": q.company,
            "fiscal_year": q.fiscal_year,
        }
        for q in questions
    ]
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    table["fiscal_year"] = table["fiscal_year"].astype("int64")
    return table


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`quiz_table` with its headers in the active language (the same in English)."""
    return table.rename(columns={k: _(v) for k, v in TABLE_LABELS.items()})


def make_question(
    index: int,
    kind: str,
    driver: str,
    text: str,
    choices: Sequence[str],
    position: int,
    explanation: str,
    company: str,
    year: int,
    metric: str,
    detail: dict,
) -> Question:
    return Question(
        id=f"Q{index:02d}",
        type=kind,
        driver=driver,
        question=text,
        choices=tuple(choices),  # type: ignore[arg-type]
        answer=LETTERS[position],
        explanation=explanation,
        company=company,
        fiscal_year=int(year),
        metric=metric,
        detail=detail,
    )


# ---------------------------------------------------------------- formatting of choices


def choice_text(value: float, unit: str, currency: str = "USD") -> str:
    """A numeric choice: like :func:`format_value`, with more decimals for small numbers."""
    if unit == "pct":
        decimals = 1 if abs(value) * 100 >= 0.995 else 2
        return f"{signed(value * 100, decimals)}%"
    if unit == "x":
        return f"{signed(value, 2 if abs(value) >= 0.0995 else 3)}×"
    if unit == "days":
        return _("{value} days").format(value=signed(value, 0 if abs(value) >= 9.95 else 1))
    if unit == "money":
        return format_money(value, currency)
    return format_value(value, unit, currency)


def signed(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return f"{MINUS}{text}" if value < 0 and float(text.replace(",", "")) != 0 else text


def _far(a: float, b: float) -> bool:
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) >= MIN_DISTANCE * scale


def numeric_choices(
    correct: float, slips: Sequence[tuple[float, str]], unit: str, currency: str, rng: random.Random
) -> tuple[list[str], int, list[str]] | None:
    """Four distinct choice texts (the answer among three slips), the answer's position and
    the notes on the slips used; None when three good slips can't be found."""
    chosen: list[tuple[float, str]] = []
    texts = {choice_text(correct, unit, currency)}
    fallbacks = [(correct * f, ARITHMETIC_SLIP) for f in (0.5, 2.0, 1.5, 0.75, 3.0, 0.25)]
    for value, note in [*slips, *fallbacks]:
        if len(chosen) == 3:
            break
        if (
            not finite(value)
            or not _far(value, correct)
            or any(not _far(value, v) for v, _note in chosen)
        ):
            continue
        text = choice_text(value, unit, currency)
        if text in texts:
            continue
        texts.add(text)
        chosen.append((value, note))
    if len(chosen) < 3:
        return None
    options = [(correct, "")] + chosen
    rng.shuffle(options)
    position = next(i for i, (_, note) in enumerate(options) if note == "")
    texts_out = [choice_text(v, unit, currency) for v, _note in options]
    notes = [
        _("{choice} comes from {mistake}").format(
            choice=choice_text(v, unit, currency), mistake=note_text(note)
        )
        for v, note in chosen
    ]
    return texts_out, position, notes
