"""A question as the room stores it (JSON, with its answer) and what a participant may see."""

from __future__ import annotations

from collections.abc import Mapping

from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.room.codes import SOURCE
from acumen.teaching.quiz.model import LETTERS, Question


def question_payload(question: Question | Mapping) -> dict:
    """``question`` as a JSON-ready dict: id, type, driver, question, choices (4),
    answer (a letter A–D), explanation, company, fiscal_year; AcumenError when malformed."""
    if isinstance(question, Question):
        raw: Mapping = {
            "id": question.id,
            "type": question.type,
            "driver": question.driver,
            "question": question.question,
            "choices": list(question.choices),
            "answer": question.answer,
            "explanation": question.explanation,
            "company": question.company,
            "fiscal_year": question.fiscal_year,
        }
    else:
        raw = question
    choices = raw.get("choices")
    text = raw.get("question")
    if (
        not isinstance(text, str)
        or not text.strip()
        or not isinstance(choices, list | tuple)
        or len(choices) != len(LETTERS)
        or not all(isinstance(c, str) for c in choices)
        or raw.get("answer") not in LETTERS
    ):
        raise AcumenError(
            _("a question needs a text, four choices and an answer A–D"),
            source=_(SOURCE),
            fix=_("Generate the questions again."),
        )
    year = raw.get("fiscal_year")
    return {
        "id": str(raw.get("id") or ""),
        "type": str(raw.get("type") or ""),
        "driver": str(raw.get("driver") or ""),
        "question": text,
        "choices": [str(c) for c in choices],
        "answer": str(raw["answer"]),
        "explanation": str(raw.get("explanation") or ""),
        "company": str(raw.get("company") or ""),
        "fiscal_year": int(year) if isinstance(year, int) else None,
    }


def public_question(payload: Mapping) -> dict:
    """The fields of a stored question anyone in the room may see before the reveal: an
    allow-list (text and choices), never the answer, explanation or anything added later."""
    return {"text": str(payload["question"]), "choices": [str(c) for c in payload["choices"]]}


def revealed_question(payload: Mapping) -> dict:
    """The answer and its explanation, for views after the reveal."""
    letter = str(payload["answer"])
    return {
        "answer": letter,
        "correct_choice": str(payload["choices"][LETTERS.index(letter)]),
        "explanation": str(payload["explanation"]),
    }
