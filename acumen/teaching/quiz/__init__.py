"""Quiz questions generated from the data, deterministic for a seed.

Types (:data:`QUIZ_TYPES`):

- ``compute``: work a metric out of figures given in the question;
- ``compare``: which of two companies turns inventory faster, has the better margin, ...
  (a lone company is compared with a bundled-universe peer);
- ``diagnose``: given the evidence, the client's likely priority (the diagnosis engine's top
  finding; distractors are other rules' priorities);
- ``lever``: which change lifts ROA most (the what-if engine);
- ``trade-off``: growth-versus-cash and margin-versus-velocity scenarios with numbers.

Every question has four distinct choices, exactly one correct, distractors built from common
mistakes (ending instead of average balances, a percentage off by 100×, an inverted ratio,
forgetting × 365), an explanation and its driver. Each answer is recomputed from the line
items and checked against the metrics engine when it is generated; a candidate whose inputs
are missing is skipped.
"""

from __future__ import annotations

from acumen.teaching.quiz.data import PublicData
from acumen.teaching.quiz.generator import generate_quiz
from acumen.teaching.quiz.model import (
    LETTERS,
    QUIZ_TYPES,
    TABLE_COLUMNS,
    Question,
    quiz_table,
)

__all__ = [
    "LETTERS",
    "QUIZ_TYPES",
    "TABLE_COLUMNS",
    "PublicData",
    "Question",
    "generate_quiz",
    "quiz_table",
]
