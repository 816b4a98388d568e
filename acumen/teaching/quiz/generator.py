"""generate_quiz: seeding, cycling through the question types and dropping duplicates."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

import pandas as pd

from acumen.teaching.quiz.compare import _make_compare
from acumen.teaching.quiz.compute import _make_compute
from acumen.teaching.quiz.data import _Data
from acumen.teaching.quiz.diagnose import _make_diagnose
from acumen.teaching.quiz.lever import _make_lever
from acumen.teaching.quiz.model import QUIZ_TYPES, Question
from acumen.teaching.quiz.tradeoff import _make_trade_off

_BAD_WORDS = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


MAKERS: dict[str, Callable[[_Data, random.Random, int], Question | None]] = {
    "compute": _make_compute,
    "compare": _make_compare,
    "diagnose": _make_diagnose,
    "lever": _make_lever,
    "trade-off": _make_trade_off,
}


def _clean(question: Question) -> bool:
    """True when no text holds NaN/inf and the four choices are distinct."""
    if len(set(question.choices)) != 4 or len(question.choices) != 4:
        return False
    return not any(_BAD_WORDS.search(t) for t in question.texts())


def generate_quiz(
    statements: pd.DataFrame, n: int, seed: int, types: Sequence[str] | None = None
) -> list[Question]:
    """Up to ``n`` questions from ``statements``, the same for the same seed.

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
    data = _Data(statements)
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
