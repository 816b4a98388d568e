"""Languages: the active one per thread, gettext lookups, the source's terms, the CJK font.

- The source language is English: msgids are the English strings, and English needs no
  catalog. Simplified Chinese (``zh``) is read from ``acumen/locale/zh_CN/LC_MESSAGES/
  acumen.mo`` (``make i18n`` extracts, updates and compiles it with Babel).
- The active language lives in a :class:`contextvars.ContextVar`, not a module global:
  Streamlit runs each session's script on its own thread, and a new thread starts with the
  default (English), so one user's choice never leaks into another's session. The edges set it
  at the start of each run (``acumen.ui.language``, ``acumen.cli.language``).
- An unknown language falls back to English; a msgid missing from a catalog reads as itself.
- Strings in module-level tables are marked with :func:`N_` (extracted, not translated) and
  translated with :func:`_` where they are shown.
"""

from __future__ import annotations

import contextlib
import csv
import gettext as _gettext
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from pathlib import Path

#: The languages offered, the source language first.
LANGUAGES: tuple[str, ...] = ("en", "zh")
SOURCE_LANGUAGE = "en"
#: Each language's name in itself, for the switch (endonyms are never translated).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}
#: Language -> the gettext locale of its catalog.
LOCALES: dict[str, str] = {"en": "en", "zh": "zh_CN"}
DOMAIN = "acumen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TERMS_FILE = LOCALE_DIR / "terms.csv"
#: Per-area catalogs (``parts/<area>.po`` and ``.mo``) read after the main one; ``make i18n``
#: merges them into ``acumen.po`` (``tools/i18n.py parts``).
PARTS_DIR = "parts"
#: The environment variable naming the default language (app and CLI) and the URL parameter.
LANG_ENV = "ACUMEN_LANG"
LANG_PARAM = "lang"
#: The environment variable naming a CJK font file, before the known Debian paths.
CJK_FONT_ENV = "ACUMEN_CJK_FONT"
CJK_FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # fonts-noto-cjk
)

_ACTIVE: ContextVar[str | None] = ContextVar("acumen_language", default=None)
#: Where a thread that set no language finds one (the UI registers its session's choice).
_FALLBACKS: list[Callable[[], str | None]] = []


def normalize_language(value: object) -> str | None:
    """``"zh"``/``"en"`` for a language name as people write it (``zh``, ``zh-CN``,
    ``zh_Hans``, ``cn``, ``中文``, ``en-GB``, ``English``…); None for anything else."""
    if not isinstance(value, str) or len(value) > 20:
        return None
    text = value.strip().lower().replace("-", "_")
    if text in ("zh", "cn", "chinese", "中文", "简体中文") or text.startswith("zh_"):
        return "zh"
    if text in ("en", "english") or text.startswith("en_"):
        return "en"
    return None


def set_language(lang: object) -> str:
    """Make ``lang`` the active language of this thread (English when unknown); returns it."""
    chosen = normalize_language(lang) or SOURCE_LANGUAGE
    _ACTIVE.set(chosen)
    return chosen


def current_language() -> str:
    """The active language of this thread: ``"en"`` or ``"zh"``. A thread that set none asks
    the registered fallback (the Streamlit session's choice, for a fragment or a callback
    run), else English."""
    lang = _ACTIVE.get()
    if lang is None and _FALLBACKS:
        lang = normalize_language(_FALLBACKS[-1]())
    return lang or SOURCE_LANGUAGE


def set_language_fallback(fallback: Callable[[], str | None]) -> None:
    """Where a thread that set no language finds one: ``fallback()`` returns a language or
    None. The UI registers its session's choice (each session keeps its own)."""
    _FALLBACKS[:] = [fallback]


@contextlib.contextmanager
def use_language(lang: object) -> Iterator[str]:
    """``with use_language("zh"):`` — the language for a block, restored after it."""
    token = _ACTIVE.set(normalize_language(lang) or SOURCE_LANGUAGE)
    try:
        yield current_language()
    finally:
        _ACTIVE.reset(token)


def language_from(
    query_params: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None
) -> str:
    """The language a session or a command starts in: ``?lang=`` in the URL, else
    ``$ACUMEN_LANG``, else English; junk values are skipped. A list value (a repeated
    parameter) counts by its last entry, as ``st.query_params`` reads it."""
    value = (query_params or {}).get(LANG_PARAM)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    for candidate in (value, (env or {}).get(LANG_ENV)):
        lang = normalize_language(candidate)
        if lang:
            return lang
    return SOURCE_LANGUAGE


@cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (loaded once); English and missing catalogs give
    identity lookups (``gettext.translation(..., fallback=True)``)."""
    if lang == SOURCE_LANGUAGE or lang not in LOCALES:
        return _gettext.NullTranslations()
    translations = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[LOCALES[lang]], fallback=True
    )
    for part in sorted((LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / PARTS_DIR).glob("*.mo")):
        with part.open("rb") as handle:
            translations.add_fallback(_gettext.GNUTranslations(handle))
    return translations


def gettext(message: str) -> str:
    """``message`` (an English msgid) in the active language."""
    return catalog(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural msgid for ``n``, in the active language (Chinese has one form)."""
    return catalog(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (for module-level tables)."""
    return message


@cache
def glossary_terms() -> dict[str, dict[str, str]]:
    """The source's terms, ``{key: {"en": …, "zh": …, "note": …}}``, from
    ``acumen/locale/terms.csv`` (the one table; ``tools/i18n.py terms`` copies it into the
    catalog so ``_("Margin")`` reads 利润率)."""
    with TERMS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def term(key: str, lang: str | None = None) -> str:
    """A source term in ``lang`` (default: the active language): ``term("margin")`` is
    ``Margin`` or ``利润率``."""
    row = glossary_terms()[key]
    return row.get(lang or current_language()) or row[SOURCE_LANGUAGE]


def extract_terms(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for ``terms.csv`` (``babel.cfg``): each term's English text is a msgid,
    so the catalog holds the source's terms too."""
    text = fileobj.read().decode("utf-8-sig")
    for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        yield number, "", row["en"], [f"glossary term {row['key']}: {row.get('note', '')}"]


@cache
def cjk_font_path() -> Path | None:
    """A TrueType/OpenType font file that draws Chinese, for PDFs and charts: the file named by
    ``$ACUMEN_CJK_FONT``, else the Debian paths (``fonts-droid-fallback`` first), else the
    first file ``fc-list :lang=zh`` reports; None when the machine has none."""
    configured = os.environ.get(CJK_FONT_ENV, "").strip()
    for path in ([configured] if configured else []) + list(CJK_FONT_CANDIDATES):
        if Path(path).is_file():
            return Path(path)
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    return next((Path(f) for f in files if Path(f).is_file()), None)
