"""generate_quiz: seeding, cycling through the question types and dropping duplicates."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

import pandas as pd

from acumen.teaching.quiz.compare import make_compare
from acumen.teaching.quiz.compute import make_compute
from acumen.teaching.quiz.data import PublicData, QuizData
from acumen.teaching.quiz.diagnose import make_diagnose
from acumen.teaching.quiz.lever import make_lever
from acumen.teaching.quiz.model import QUIZ_TYPES, Question
from acumen.teaching.quiz.tradeoff import make_trade_off

_BAD_WORDS = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


MAKERS: dict[str, Callable[[QuizData, random.Random, int], Question | None]] = {
    "compute": make_compute,
    "compare": make_compare,
    "diagnose": make_diagnose,
    "lever": make_lever,
    "trade-off": make_trade_off,
}


def _clean(question: Question) -> bool:
    """True when no text holds NaN/inf and the four choices are distinct."""
    if len(set(question.choices)) != 4 or len(question.choices) != 4:
        return False
    return not any(_BAD_WORDS.search(t) for t in question.texts())


def generate_quiz(
    statements: pd.DataFrame,
    n: int,
    seed: int,
    types: Sequence[str] | None = None,
    public: PublicData | None = None,
) -> list[Question]:
    """Up to ``n`` questions from ``statements``, the same for the same seed.

    ``public``: the peer universe and the bundled samples, built at the edge (without it a
    lone company gets no compare question and nothing is remembered across calls).

    Types cycle in a seed-shuffled order; a type that can't produce a question (no diagnosis
    engine, a single year, ...) drops out. Raises ``ValueError`` for an unknown type.
    """
    wanted = list(dict.fromkeys(types or QUIZ_TYPES))
    unknown = [t for t in wanted if t not in MAKERS]
    if unknown:
        raise ValueError(
            f"unknown quiz type(s): {', '.join(unknown)}; choose from {', '.join(QUIZ_TYPES)}"
        )
    if n <= 0 or statements.empty:
        return []
    rng = random.Random(seed)
    data = QuizData(statements, public)
    active = list(wanted)
    rng.shuffle(active)
    questions: list[Question] = []
    seen: set[str] = set()
    misses = dict.fromkeys(active, 0)
    turn = 0
    while len(questions) < n and active:
        kind = active[turn % len(active)]
        turn += 1
        question = MAKERS[kind](data, rng, len(questions) + 1)
        if question is None or question.question in seen or not _clean(question):
            misses[kind] += 1
            if question is None or misses[kind] >= 5:
                active.remove(kind)
            continue
        seen.add(question.question)
        questions.append(question)
    return questions
