"""The upload's mapping of every source row to a line item, and the user's corrections of
it (``upload_overrides`` in ``st.session_state``: ``{label: item}`` per set of files)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.data.schema import LINE_ITEMS
from acumen.i18n import N_, _
from acumen.ui.text import md_escape
from acumen.ui.upload_read import item_label, mapping_display, source_labels, unapplied_overrides

OVERRIDES_KEY = "upload_overrides"
#: The mapping table's headers as shown (keys: :func:`mapping_display`'s columns).
MAPPING_HEADERS = {
    "file": N_("file"),
    "sheet": N_("sheet"),
    "row": N_("row"),
    "label": N_("label"),
    "line item": N_("line item"),
    "status": N_("status"),
}


def mapping_editor(mapping: pd.DataFrame, ids: tuple) -> None:
    overrides = st.session_state[OVERRIDES_KEY].get(ids, {})
    with st.expander(_("Mapping: source rows → line items")):
        headers = {key: _(header) for key, header in MAPPING_HEADERS.items()}
        shown = mapping_display(mapping).rename(columns=headers)
        st.dataframe(shown, hide_index=True, width="stretch")
        labels = source_labels(mapping)
        current = _current_items(mapping)
        not_item = _("not a line item")
        st.selectbox(
            _("Source row"),
            labels,
            index=None,
            key="_w_fix_label",
            placeholder=_("Choose a row label…"),
            format_func=lambda label: f"{label} → {current.get(label) or not_item}",
        )
        st.selectbox(
            _("is the line item"),
            LINE_ITEMS,
            index=None,
            key="_w_fix_item",
            placeholder=_("Choose a line item…"),
            format_func=item_label,
        )
        st.button(_("Use this row"), key="_w_fix_apply", on_click=_apply_fix, args=(ids,))
        if overrides:
            lines = [f"'{label}' → {item_label(item)}" for label, item in overrides.items()]
            st.caption(md_escape(_("Corrections: {list}").format(list="; ".join(lines))))
            for label in unapplied_overrides(mapping, overrides):
                st.warning(
                    md_escape(
                        _(
                            "The correction for '{label}' did not take effect: the mapping does "
                            "not use that row for {item}."
                        ).format(label=label, item=item_label(overrides[label]))
                    ),
                    icon="⚠️",
                )
            st.button(
                _("Clear corrections"), key="_w_fix_clear", on_click=_clear_fixes, args=(ids,)
            )


def _current_items(mapping: pd.DataFrame) -> dict[str, str]:
    """Label -> the line item its used row gives (the first row of the label otherwise)."""
    if mapping is None or mapping.empty:
        return {}
    items: dict[str, str] = {}
    for label, item, status in zip(
        mapping["label"], mapping["item"], mapping["status"], strict=True
    ):
        if isinstance(item, str) and (label not in items or status == "used"):
            items[str(label)] = item_label(item) + ("" if status == "used" else _(" (set aside)"))
    return items


def _apply_fix(ids: tuple) -> None:
    label = st.session_state.get("_w_fix_label")
    item = st.session_state.get("_w_fix_item")
    if not label or not item:
        return
    fixes = dict(st.session_state[OVERRIDES_KEY].get(ids, {}))
    fixes[label] = item
    st.session_state[OVERRIDES_KEY][ids] = fixes


def _clear_fixes(ids: tuple) -> None:
    st.session_state[OVERRIDES_KEY].pop(ids, None)
