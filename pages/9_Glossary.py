"""Glossary: every term of the five drivers, searchable."""

import streamlit as st

from acumen.teaching.lessons import load_glossary, search_glossary
from acumen.ui.persisted import persisted
from acumen.ui.sidebar import page_setup
from acumen.ui.text import md_escape

page_setup("Glossary")
st.title("Glossary")
search = persisted("glossary_query", "", widget="_w_glossary")
query = st.text_input(
    "Search terms and definitions", placeholder="e.g. days, margin, cash", **search.widget_args()
)
terms = search_glossary(query)
st.caption(f"{len(terms)} of {len(load_glossary())} terms")
if not terms:
    st.info("No term matches. Try a shorter word.")
for term in terms:
    driver = f" · {term.driver}" if term.driver else ""
    st.markdown(f"**{md_escape(term.term)}**{md_escape(driver)}  \n{md_escape(term.definition)}")
