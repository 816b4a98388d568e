"""Issue #15: languages. The catalog machinery (Babel extract/update/compile, gettext
lookups), the active language per thread, choosing it (URL, environment, ``--lang``), Chinese
amounts, dates and fiscal years, the source's terms, the CJK font, and the two wired edges
(the sidebar switch, the CLI)."""

from __future__ import annotations

import contextlib
import gettext
import importlib.util
import io
import re
import sys
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from acumen import i18n
from acumen.i18n import (
    _,
    current_language,
    glossary_terms,
    language_from,
    ngettext,
    normalize_language,
    set_language,
    use_language,
)

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("i18n_tools", ROOT / "tools" / "i18n.py")
i18n_tools = importlib.util.module_from_spec(_spec)
sys.modules["i18n_tools"] = i18n_tools
_spec.loader.exec_module(i18n_tools)

MO = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "acumen.mo"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english_after():
    """Every test leaves this thread in the source language."""
    yield
    set_language("en")


# --- the catalog -------------------------------------------------------------------------


def test_lookup_is_chinese_under_zh_and_english_under_en():
    with use_language("zh"):
        assert _("Margin") == "利润率"
        assert _("Load the client from") == "客户数据来源"
    with use_language("en"):
        assert _("Margin") == "Margin"
    assert current_language() == "en"


def test_unknown_language_and_unknown_msgid_fall_back_to_english():
    assert set_language("fr") == "en"
    assert _("Margin") == "Margin"
    set_language("zh")
    assert _("A sentence nobody translated") == "A sentence nobody translated"


def test_ngettext_picks_the_english_form_and_chinese_has_one():
    assert ngettext("one note", "{n} notes", 1) == "one note"
    assert ngettext("one note", "{n} notes", 3) == "{n} notes"
    with use_language("zh"):  # no entry: the English form, chosen by English rules
        assert ngettext("one note", "{n} notes", 3) == "{n} notes"
    assert isinstance(i18n.catalog("zh"), gettext.GNUTranslations)
    assert i18n.catalog("zh").plural(5) == 0  # Plural-Forms: nplurals=1


def _compiled(po_path: Path) -> dict:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)._catalog


def test_catalog_compiles_and_the_committed_mo_is_current():
    """``make i18n`` was run: the .mo the app loads holds exactly what the .po says."""
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    assert committed == _compiled(i18n_tools.PO)


def _extracted_msgids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


def _msgids(path: Path) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in i18n_tools.read_catalog(path)}


def test_template_holds_every_msgid_in_the_code():
    """A string wrapped in ``_()`` without ``make i18n`` fails here."""
    missing = _extracted_msgids() - _msgids(i18n_tools.POT)
    assert not missing, f"run `make i18n`: not in acumen/locale/acumen.pot: {sorted(missing)}"


def test_at_least_99_percent_of_msgids_are_translated():
    total, done = i18n_tools.translated_share()
    assert total >= len(glossary_terms()) + 15  # the glossary, the sidebar, the CLI help
    assert done / total >= 0.99, f"{total - done} of {total} msgids have no Chinese"


def test_translations_keep_the_placeholders():
    with i18n_tools.PO.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not (message.id and message.string):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{\w*\}", ids[-1]))
        for string in strings:  # a plural's one Chinese form has the plural's placeholders
            assert set(re.findall(r"\{\w*\}", string)) == wanted, message.id


def test_every_user_facing_literal_is_wrapped():
    assert not i18n_tools.unwrapped_by_module()


# --- the active language per thread -------------------------------------------------------


def test_two_threads_with_different_languages_do_not_interfere():
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def session(lang: str) -> None:
        set_language(lang)
        barrier.wait()  # both have set theirs before either reads
        seen[lang] = [_("Margin") for _round in range(200)] + [current_language()]
        barrier.wait()
        seen[lang].append(current_language())

    threads = [threading.Thread(target=session, args=(lang,)) for lang in ("zh", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert set(seen["zh"]) == {"利润率", "zh"}
    assert set(seen["en"]) == {"Margin", "en"}


def test_a_new_thread_starts_in_english():
    set_language("zh")
    seen = []
    thread = threading.Thread(target=lambda: seen.append((current_language(), _("Margin"))))
    thread.start()
    thread.join(timeout=10)
    assert seen == [("en", "Margin")]
    assert current_language() == "zh"


def test_a_thread_that_set_none_asks_the_fallback(monkeypatch):
    """A Streamlit fragment's run: its thread set no language; the session's choice holds."""
    sessions = threading.local()
    monkeypatch.setattr(i18n, "_FALLBACKS", [])
    i18n.set_language_fallback(lambda: getattr(sessions, "lang", None))
    seen = {}

    def fragment(lang: str | None) -> None:
        if lang:
            sessions.lang = lang
        seen[lang] = (current_language(), _("Margin"))

    for lang in ("zh", None, "junk"):
        thread = threading.Thread(target=fragment, args=(lang,))
        thread.start()
        thread.join(timeout=10)
    assert seen == {"zh": ("zh", "利润率"), None: ("en", "Margin"), "junk": ("en", "Margin")}
    with use_language("en"):
        sessions.lang = "zh"
        assert current_language() == "en"  # a language set in the thread wins


# --- choosing the language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("zh", "zh"),
        ("ZH-cn", "zh"),
        ("zh_Hans", "zh"),
        ("中文", "zh"),
        ("en", "en"),
        ("en-GB", "en"),
        ("English", "en"),
        ("fr", None),
        ("zhx", None),
        ("enzh", None),
        ("", None),
        ("zh" * 50, None),
        (None, None),
        (3, None),
    ],
)
def test_normalize_language(value, lang):
    assert normalize_language(value) == lang


@pytest.mark.parametrize(
    ("params", "env", "lang"),
    [
        ({"lang": "zh"}, {}, "zh"),
        ({}, {"ACUMEN_LANG": "zh"}, "zh"),
        ({"lang": "en"}, {"ACUMEN_LANG": "zh"}, "en"),  # the address wins
        ({"lang": "klingon"}, {"ACUMEN_LANG": "zh"}, "zh"),  # junk skipped
        ({"lang": "<script>"}, {"ACUMEN_LANG": "xx"}, "en"),
        ({"lang": ["en", "zh"]}, {}, "zh"),  # a repeated parameter: the last
        ({"lang": []}, {}, "en"),
        ({}, {}, "en"),
        (None, None, "en"),
    ],
)
def test_language_from(params, env, lang):
    assert language_from(params, env) == lang


# --- the CLI -------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    from acumen.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue(), err.getvalue()


def test_cli_help_in_chinese_with_lang_or_env(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    code, out, _err = run_cli(["--lang", "zh", "--help"])
    assert code == 0 and "面向 B2B 销售人员与培训师的商业才智工具。" in out
    assert "按严重程度排序的权衡取舍发现" in out
    monkeypatch.setenv(i18n.LANG_ENV, "zh")
    assert "商业才智" in run_cli(["--help"])[1]
    code, out, _err = run_cli(["--lang", "en", "--help"])  # the option wins over the env
    assert "Financial acumen for B2B sellers and trainers." in out and not _CJK.search(
        out.replace("中文", "")
    )


def test_cli_lang_anywhere_and_english_output_unchanged(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    plain = run_cli(["metrics", "sample:HHP", "--format", "csv"])
    assert plain[0] == 0
    assert run_cli(["metrics", "sample:HHP", "--format", "csv", "--lang", "en"]) == plain
    assert run_cli(["--lang=en", "metrics", "sample:HHP", "--format", "csv"]) == plain
    monkeypatch.setenv(i18n.LANG_ENV, "junk")
    assert run_cli(["metrics", "sample:HHP", "--format", "csv"]) == plain


def test_cli_refuses_an_unknown_language():
    code, _out, err = run_cli(["--lang", "fr", "metrics", "sample:HHP"])
    assert code == 2 and "invalid choice: 'fr'" in err


# --- the app -------------------------------------------------------------------------------


def _app(query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _sidebar_text(at) -> str:
    parts = [m.value for m in at.sidebar.markdown] + [r.label for r in at.sidebar.radio]
    parts += [s.label for s in at.sidebar.selectbox]
    return "\n".join(parts)


def test_app_with_lang_zh_shows_chinese_in_the_sidebar(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    at = _app({"lang": "zh"})
    text = _sidebar_text(at)
    assert "### 客户" in text and "客户数据来源" in text and "内置样本" in text
    assert at.sidebar.radio(key="_w_language").value == "zh"


def test_app_language_switch_is_remembered_in_the_session(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    at = _app()
    assert "Load the client from" in _sidebar_text(at)
    at.sidebar.radio(key="_w_language").set_value("zh").run()
    assert not at.exception and "客户数据来源" in _sidebar_text(at)
    at.sidebar.selectbox(key="_w_sample").set_value("sample:WMT").run()  # another run
    assert "客户数据来源" in _sidebar_text(at)
    at.sidebar.radio(key="_w_language").set_value("en").run()
    assert "Load the client from" in _sidebar_text(at) and not _CJK.search(_sidebar_text(at))


def test_app_default_language_from_the_environment(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "zh")
    assert "客户数据来源" in _sidebar_text(_app())
