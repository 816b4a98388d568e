"""Issue #16 items 2-5: one escaper per kind of output (Markdown, Plotly, HTML exports), every
figure builder using it, and the sidebar's radio of loaded clients escaped. The corpus of
hostile names is ``tests/corpus/names``; the browser test renders it on every page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from hypothesis import given
from hypothesis import strategies as text_strategies

from acumen.data.samples import load_sample
from acumen.data.statements import build_statements, make_companies
from acumen.display_text import WORD_JOINER, html_text, markdown_text, plotly_text
from acumen.reports.figures import trend_figure
from acumen.reports.figures_compare import chain_margin_figure, margin_velocity_figure
from acumen.teaching.workshop import new_session, scoreboard, scoreboard_figure, team_names
from tests.apptest_support import open_page

NAMES_DIR = Path(__file__).resolve().parent / "corpus" / "names"


def corpus(name: str) -> list[str]:
    """The non-comment lines of a corpus file (``;;`` starts a comment)."""
    lines = (NAMES_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith(";;")]


HOSTILE_NAMES = corpus("hostile_names.txt")
HOSTILE_TEAMS = corpus("hostile_team_names.txt")

# ------------------------------------------------------------------ how each output reads text

_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: Plotly's convertEntities: numeric entities and a short list of named ones; nothing else.
_PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
_PLOTLY_NAMED = {"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "mu": "µ", "times": "×"}
#: Tags Plotly turns into markup (links, styles, bold...): user text must never carry one.
_PLOTLY_TAG = re.compile(r"<\s*/?\s*(a|b|i|em|sup|sub|span|br|s|u)\b", re.IGNORECASE)
_AUTOLINK = re.compile(r"(?i)(://|www\.|[\w.+-]@)")


def markdown_reads(escaped: str) -> str:
    """What CommonMark shows for ``escaped`` (backslash escapes resolved, hard breaks as \\n)."""
    return _MD_UNESCAPE.sub(r"\1", escaped.replace("  \n", "\n")).replace(WORD_JOINER, "")


def plotly_reads(escaped: str) -> str:
    def decode(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("#x"):
            return chr(int(inner[2:], 16))
        if inner.startswith("#"):
            return chr(int(inner[1:]))
        return _PLOTLY_NAMED.get(inner, match.group(0))

    return _PLOTLY_ENTITY.sub(decode, escaped)


def plotly_markup(text: str) -> bool:
    """True when Plotly would draw part of ``text`` as markup or TeX."""
    return bool(_PLOTLY_TAG.search(text)) or "$" in text


printable = text_strategies.text(
    text_strategies.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x85")
)

# ------------------------------------------------------------------ Markdown


@given(printable)
def test_markdown_text_reads_back_as_the_input(text):
    escaped = markdown_text(text)
    assert markdown_reads(escaped) == text.replace("\u2028", "\n").replace("\u2029", "\n")


@given(printable)
def test_markdown_text_leaves_no_markup_character_unescaped(text):
    unescaped = re.sub(r"\\.", "", markdown_text(text))
    assert not re.search(r"[`*_{}\[\]()#+\-.!|$<>~=:&\\]", unescaped)
    assert not _AUTOLINK.search(markdown_text(text).replace("\\", ""))


@pytest.mark.parametrize("name", HOSTILE_NAMES + HOSTILE_TEAMS)
def test_hostile_names_have_no_autolink_or_markup_in_markdown(name):
    escaped = markdown_text(name)
    bare = escaped.replace("\\", "")
    assert not _AUTOLINK.search(bare), escaped  # GFM autolinks are found after escapes
    assert "](" not in re.sub(r"\\.", "", escaped)
    assert markdown_reads(escaped) == name


def test_urls_keep_their_visible_text():
    assert markdown_reads(markdown_text("see http://x.example/a and bob@x.example")) == (
        "see http://x.example/a and bob@x.example"
    )
    assert WORD_JOINER in markdown_text("www.example.com")


# ------------------------------------------------------------------ Plotly


@given(printable)
def test_plotly_text_reads_back_and_carries_no_markup(text):
    escaped = plotly_text(text)
    assert plotly_reads(escaped) == text
    assert "<" not in escaped and ">" not in escaped and "$" not in escaped


@pytest.mark.parametrize("name", HOSTILE_TEAMS)
def test_scoreboard_shows_each_team_name_exactly_once_escaped(name):
    teams = team_names([name, "Plain"], 2)
    session = new_session(load_sample("HHP"), teams, n_questions=1, seed=0)
    figure = scoreboard_figure(scoreboard(session))
    labels = list(figure.data[0].y)
    assert sorted(plotly_reads(label) for label in labels) == sorted(teams)  # not &quot;
    assert not any(plotly_markup(label) for label in labels)


def _points(names: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "name": names,
            "fiscal_year": 2023,
            "asset_turnover": rng.uniform(0.5, 2.0, len(names)),
            "net_margin": rng.uniform(0.01, 0.2, len(names)),
            "roa": 0.05,
        },
        index=[f"C{i}" for i in range(len(names))],
    )


def _figure_strings(figure) -> list[str]:
    """Every user-visible string of a figure: trace names, text, hover text, axis categories."""
    out: list[str] = []
    for trace in figure.data:
        out.append(str(trace.name or ""))
        for attribute in ("text", "hovertext", "x", "y"):
            values = getattr(trace, attribute, None)
            if values is not None and not isinstance(values, str):
                out += [v for v in values if isinstance(v, str)]
            elif isinstance(values, str):
                out.append(values)
    out += [str(a.text) for a in figure.layout.annotations]
    return out


_BUILDER_TAGS = re.compile(r"</?b>|<br>|</?extra>")


def test_competitor_scatter_draws_hostile_names_as_text():
    figure = margin_velocity_figure(_points(HOSTILE_NAMES), "C0")
    strings = _figure_strings(figure)
    for text in strings:
        assert not plotly_markup(_BUILDER_TAGS.sub("", text)), text
    shown = {plotly_reads(_BUILDER_TAGS.sub("\n", s)) for s in strings}
    for name in HOSTILE_NAMES:
        assert any(name in s for s in shown), name


def test_trend_and_chain_figures_draw_hostile_names_as_text():
    years = pd.Series([0.1, 0.2], index=[2022, 2023])
    trend = trend_figure({n: years for n in HOSTILE_NAMES[:8]}, "roa", highlight=HOSTILE_NAMES[0])
    assert [plotly_reads(t.name) for t in trend.data] == HOSTILE_NAMES[:8]
    assert trend.data[0].line.color == "#d62728"  # the highlight still finds the client
    chain = pd.DataFrame(
        {"name": HOSTILE_NAMES[:5], "gross_margin": 0.3, "operating_margin": 0.1},
        index=[f"C{i}" for i in range(5)],
    )
    for text in _figure_strings(chain_margin_figure(chain)):
        assert not plotly_markup(text), text


# ------------------------------------------------------------------ HTML exports


@given(printable)
def test_html_text_reads_back_and_carries_no_markup(text):
    escaped = html_text(text)
    assert html.unescape(escaped) == text
    assert not re.search(r"[<>\"']", escaped)


def test_html_text_blanks_none_and_nan():
    assert html_text(None) == "" and html_text(float("nan")) == ""


# ------------------------------------------------------------------ the app (AppTest)


@pytest.fixture
def hostile_clients() -> dict[str, pd.DataFrame]:
    st.cache_data.clear()
    records = load_sample("HHP").table.reset_index()
    clients = {}
    for position, name in enumerate(HOSTILE_NAMES[:6]):
        company = f"EVIL{position}"
        part = records.assign(company=company)
        companies = make_companies([{"id": company, "name": name, "source": "upload: x.csv"}])
        clients[f"upload:{company}"] = build_statements(part, companies)
    return clients


def test_sidebar_radio_of_loaded_clients_escapes_names(hostile_clients):
    first = next(iter(hostile_clients))
    at = open_page(client_id=first, loaded_clients=hostile_clients)
    assert not at.exception, at.exception
    options = at.sidebar.radio(key="_w_loaded").options
    assert len(options) == len(hostile_clients)
    for option, statements in zip(options, hostile_clients.values(), strict=True):
        name = statements.companies.iloc[0]["name"]
        assert markdown_reads(option).startswith(name), option
        assert option.startswith(markdown_text(name)), option
