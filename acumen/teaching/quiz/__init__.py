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

# Every name importable from the former single module acumen/teaching/quiz.py stays importable here.
from acumen.teaching.quiz.compare import COMPARE as COMPARE
from acumen.teaching.quiz.compare import COMPARE_GAP as COMPARE_GAP
from acumen.teaching.quiz.compare import CompareSpec as CompareSpec
from acumen.teaching.quiz.compute import COMPUTE as COMPUTE
from acumen.teaching.quiz.data import _DIAGNOSES as _DIAGNOSES
from acumen.teaching.quiz.data import _LEVER_OUTCOMES as _LEVER_OUTCOMES
from acumen.teaching.quiz.data import AVERAGE_HINT as AVERAGE_HINT
from acumen.teaching.quiz.data import DAYS_HINT as DAYS_HINT
from acumen.teaching.quiz.data import _Data as _Data
from acumen.teaching.quiz.data import is_missing_text as is_missing_text
from acumen.teaching.quiz.generator import MAKERS as MAKERS
from acumen.teaching.quiz.generator import generate_quiz
from acumen.teaching.quiz.lever import LEVER_GAP as LEVER_GAP
from acumen.teaching.quiz.lever import lever_menu as lever_menu
from acumen.teaching.quiz.lever import lever_outcomes as lever_outcomes
from acumen.teaching.quiz.model import ENGINE_TOLERANCE as ENGINE_TOLERANCE
from acumen.teaching.quiz.model import LETTERS as LETTERS
from acumen.teaching.quiz.model import MAX_TRIES as MAX_TRIES
from acumen.teaching.quiz.model import MIN_DISTANCE as MIN_DISTANCE
from acumen.teaching.quiz.model import (
    QUIZ_TYPES,
    TABLE_COLUMNS,
    AnswerCheckError,
    Question,
    choice_text,
    quiz_table,
)
from acumen.teaching.quiz.tradeoff import DAY_CUTS as DAY_CUTS
from acumen.teaching.quiz.tradeoff import GROWTH_RATES as GROWTH_RATES
from acumen.teaching.quiz.tradeoff import MARGIN_CUTS as MARGIN_CUTS
from acumen.teaching.quiz.tradeoff import TRADE_OFFS as TRADE_OFFS
from acumen.teaching.quiz.tradeoff import TURN_GAINS as TURN_GAINS

__all__ = [
    "QUIZ_TYPES",
    "TABLE_COLUMNS",
    "Question",
    "AnswerCheckError",
    "choice_text",
    "generate_quiz",
    "quiz_table",
]
