"""Lesson files: teaching text is data (``acumen/data/lessons/*.yaml``), each lesson's prose in
English with its Chinese under the file's ``zh:`` key.

- :func:`load_lessons` / :func:`load_lesson` read the lesson files (cached per language);
  :func:`parse_lesson` reads one.
- The glossary is :mod:`acumen.teaching.glossary`; worked formulas and the lesson text's
  placeholders :mod:`acumen.teaching.worked`; the same-ROA pair and the cash-growth example
  :mod:`acumen.teaching.examples`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from acumen.analysis.catalog import BY_NAME
from acumen.errors import AcumenError
from acumen.i18n import SOURCE_LANGUAGE, current_language

LESSON_FIELDS = (
    "id",
    "order",
    "kind",
    "title",
    "summary",
    "why_it_matters",
    "seller_influence",
    "misreading",
)
LESSON_KINDS = ("driver", "rmv", "cash_vs_profit")
GLOSSARY_FILE = "glossary.yaml"
#: The lesson fields written in prose (each has a translation under the file's ``zh:`` key).
TEXT_FIELDS = ("title", "summary", "why_it_matters", "seller_influence", "misreading")
#: The key holding a lesson's or a glossary entry's Chinese text, beside the English.
ZH = "zh"


# ---------------------------------------------------------------- lesson files


@dataclass(frozen=True)
class Lesson:
    """One lesson as written in its YAML file (text may hold ``{placeholders}``)."""

    id: str
    order: int
    kind: str
    title: str
    summary: str
    why_it_matters: str
    seller_influence: str
    misreading: str
    driver: str = ""
    metrics: tuple[str, ...] = ()
    chart: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    def section(self, name: str) -> str:
        """An extra named section of the lesson ("" when absent)."""
        return dict(self.extra).get(name, "")

    @property
    def short_title(self) -> str:
        """The title before its colon ("Margin", "利润率"), for a tab."""
        return self.title.replace("：", ":").split(":")[0].strip()


def lesson_files() -> list[tuple[str, str]]:
    """(file name, text) of every lesson file, by name (the glossary excluded)."""
    folder = resources.files("acumen") / "data" / "lessons"
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != GLOSSARY_FILE
    )


def _in_language(data: dict, lang: str, source: str) -> dict:
    """The lesson's fields with its prose in ``lang``: the ``zh:`` mapping's texts replace
    the English ones; raises :class:`AcumenError` when a translation is missing."""
    if lang == SOURCE_LANGUAGE:
        return {k: v for k, v in data.items() if k != ZH}
    texts = data.get(ZH) if isinstance(data.get(ZH), dict) else {}
    prose = [*TEXT_FIELDS, *(k for k in data if k not in {*LESSON_FIELDS, *_STRUCTURE})]
    missing = [k for k in prose if data.get(k) and not texts.get(k)]
    if missing:
        raise AcumenError(f"missing {lang} lesson fields: {', '.join(missing)}", source=source)
    return {k: texts.get(k, v) for k, v in data.items() if k != ZH}


_STRUCTURE = ("driver", "metrics", "chart", ZH)


def parse_lesson(text: str, source: str = "lesson", lang: str = SOURCE_LANGUAGE) -> Lesson:
    """A :class:`Lesson` from YAML text, its prose in ``lang`` (English, or the ``zh:``
    mapping's texts); raises :class:`AcumenError` when a field or a translation is missing."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise AcumenError("a lesson file must be a mapping", source=source)
    data = _in_language(data, lang, source)
    missing = [name for name in LESSON_FIELDS if not data.get(name)]
    if missing:
        raise AcumenError(f"missing lesson fields: {', '.join(missing)}", source=source)
    if data["kind"] not in LESSON_KINDS:
        raise AcumenError(f"unknown lesson kind '{data['kind']}'", source=source)
    unknown = [m for m in [*data.get("metrics", []), *data.get("chart", [])] if m not in BY_NAME]
    if unknown:
        raise AcumenError(f"unknown metrics: {', '.join(unknown)}", source=source)
    known = {*LESSON_FIELDS, "driver", "metrics", "chart"}
    extra = tuple((k, " ".join(str(v).split())) for k, v in data.items() if k not in known)
    return Lesson(
        id=str(data["id"]),
        order=int(data["order"]),
        kind=str(data["kind"]),
        title=str(data["title"]).strip(),
        summary=" ".join(str(data["summary"]).split()),
        why_it_matters=" ".join(str(data["why_it_matters"]).split()),
        seller_influence=" ".join(str(data["seller_influence"]).split()),
        misreading=" ".join(str(data["misreading"]).split()),
        driver=str(data.get("driver") or ""),
        metrics=tuple(data.get("metrics") or ()),
        chart=tuple(data.get("chart") or ()),
        extra=extra,
    )


def load_lessons(lang: str | None = None) -> tuple[Lesson, ...]:
    """Every lesson under ``acumen/data/lessons/``, in teaching order, in ``lang`` (default:
    the active language)."""
    return _lessons(lang or current_language())


@cache
def _lessons(lang: str) -> tuple[Lesson, ...]:
    lessons = [parse_lesson(text, source=name, lang=lang) for name, text in lesson_files()]
    return tuple(sorted(lessons, key=lambda lesson: (lesson.order, lesson.id)))


def load_lesson(lesson_id: str, lang: str | None = None) -> Lesson:
    for lesson in load_lessons(lang):
        if lesson.id == lesson_id:
            return lesson
    raise AcumenError(f"no lesson called '{lesson_id}'")
