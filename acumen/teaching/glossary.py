"""The glossary (``acumen/data/lessons/glossary.yaml``): its terms in the active language and a
search over them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from acumen.analysis.catalog import DRIVER_TERMS
from acumen.i18n import SOURCE_LANGUAGE, current_language, term
from acumen.teaching.lessons import GLOSSARY_FILE, ZH


@dataclass(frozen=True)
class GlossaryTerm:
    """A glossary entry in one language; ``english`` is its English term (a stable key)."""

    term: str
    definition: str
    driver: str = ""
    english: str = ""


def glossary_rows() -> list[dict]:
    """The glossary file's entries as written (English and their ``zh:`` mapping)."""
    text = (resources.files("acumen") / "data" / "lessons" / GLOSSARY_FILE).read_text(
        encoding="utf-8"
    )
    return list(yaml.safe_load(text)["terms"])


def load_glossary(lang: str | None = None) -> tuple[GlossaryTerm, ...]:
    """The glossary terms in ``lang`` (default: the active language), in the alphabetical
    order of their English terms; an entry without a translation reads in English."""
    return _glossary(lang or current_language())


@cache
def _glossary(lang: str) -> tuple[GlossaryTerm, ...]:
    terms = []
    for r in glossary_rows():
        own = (r.get(ZH) or {}) if lang != SOURCE_LANGUAGE else {}
        terms.append(
            GlossaryTerm(
                str(own.get("term") or r["term"]).strip(),
                " ".join(str(own.get("definition") or r["definition"]).split()),
                str(r.get("driver") or ""),
                str(r["term"]).strip(),
            )
        )
    return tuple(sorted(terms, key=lambda t: t.english.lower()))


def search_glossary(
    query: str, terms: tuple[GlossaryTerm, ...] | None = None
) -> list[GlossaryTerm]:
    """Terms whose name, definition, English term or driver (its key and its name in the
    active language: 利润率 finds every margin term) contains every word of ``query``
    (case-insensitive)."""
    terms = load_glossary() if terms is None else terms
    words = query.lower().split()

    def text(t: GlossaryTerm) -> str:
        key = DRIVER_TERMS.get(t.driver)
        driver = f"{t.driver} {term(key)}" if key else t.driver
        return f"{t.term} {t.definition} {t.english} {driver}".lower()

    return [t for t in terms if all(w in text(t) for w in words)]
