"""Glossary: every term of the five drivers, searchable."""

import streamlit as st

from acumen.i18n import N_, _
from acumen.teaching.glossary import load_glossary, search_glossary
from acumen.ui.persisted import persisted
from acumen.ui.sidebar import page_setup
from acumen.ui.text import md_escape

page_setup(N_("Glossary"))
st.title(_("Glossary"))
search = persisted("glossary_query", "", widget="_w_glossary")
query = st.text_input(
    _("Search terms and definitions"),
    placeholder=_("e.g. days, margin, cash"),
    **search.widget_args(),
)
terms = search_glossary(query)
st.caption(_("{shown} of {total} terms").format(shown=len(terms), total=len(load_glossary())))
if not terms:
    st.info(_("No term matches. Try a shorter word."))
for term in terms:
    driver = f" · {term.driver}" if term.driver else ""
    st.markdown(f"**{md_escape(term.term)}**{md_escape(driver)}  \n{md_escape(term.definition)}")
