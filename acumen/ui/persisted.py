"""Widget state that survives page switches: the one helper every page uses.

Streamlit drops a widget's state when its page is left, so a value the user set is kept in a
plain key of ``st.session_state`` (or under a path inside one: ``peer_choices`` → client id),
and the widget's key is set from it again when the page is opened (before the widget renders,
so the widget gets no ``index``/``value``/``default`` argument). The widget's ``on_change``
copies its value back (:meth:`Persisted.save`).

Usage::

    choice = persisted("chain_choice", "Retail", widget="_w_chain_choice")
    st.radio("Value chain", options, **choice.widget_args())
    choice.value  # the plain value
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st
from streamlit.errors import StreamlitAPIException

T = TypeVar("T")


def copy_widget(widget_key: str, state_key: str) -> None:
    """A widget's callback: copy its value to the plain key. Skipped when the widget key has
    no value: a callback of the previous page's widget can run in the next page's first run
    (a page change superseding a rerun), when the key already names the new page's widget."""
    if widget_key in st.session_state and st.session_state[widget_key] is not None:
        st.session_state[state_key] = st.session_state[widget_key]


@dataclass(frozen=True)
class Persisted(Generic[T]):
    """A value kept under ``key`` (then ``path`` inside it) and shown by the widget ``widget``."""

    key: str
    widget: str
    path: tuple[Hashable, ...] = ()

    def _holder(self) -> tuple[Any, Hashable]:
        holder = st.session_state
        if not self.path:
            return holder, self.key
        holder = holder[self.key]
        for part in self.path[:-1]:
            holder = holder[part]
        return holder, self.path[-1]

    @property
    def value(self) -> T:
        holder, name = self._holder()
        return holder[name]

    def set(self, value: T) -> None:
        """Set the value and the widget (in a callback, or before the widget renders)."""
        holder, name = self._holder()
        holder[name] = value
        st.session_state[self.widget] = value

    def restore(self) -> None:
        """Show the kept value in the widget (e.g. after another client was chosen)."""
        st.session_state[self.widget] = self.value

    def save(self) -> None:
        """The widget's ``on_change``: keep its value (skipped when the widget has none, see
        :func:`copy_widget`)."""
        if self.widget in st.session_state and st.session_state[self.widget] is not None:
            holder, name = self._holder()
            holder[name] = st.session_state[self.widget]

    def widget_args(self) -> dict[str, Any]:
        """``key`` and ``on_change`` for the widget."""
        return {"key": self.widget, "on_change": self.save}


def persisted(
    key: str,
    default: T | None = None,
    *,
    path: tuple[Hashable, ...] = (),
    widget: str | None = None,
    factory: Callable[[], T] | None = None,
    restore: Callable[[T], T] | None = None,
) -> Persisted[T]:
    """The value kept under ``key`` (and ``path`` inside it, dicts created as needed): set to
    ``default`` (or ``factory()``, called only then) the first time; the widget key (``widget``,
    else ``"_w_" + key``) set from it, through ``restore`` (e.g. keep only the options still
    offered), on every run before the widget renders: the kept value is the truth (its
    ``on_change`` has already copied the last edit), and a widget state left over from another
    page, or dropped by Streamlit, can't override it."""
    holder: Any = st.session_state
    name: Hashable = key
    for part in path:
        holder = holder.setdefault(name, {})
        name = part
    if name not in holder:
        holder[name] = factory() if factory is not None else default
    kept = Persisted(key, widget or f"_w_{key}", tuple(path))
    value = holder[name]
    # Set explicitly on every run: a widget state left from another page's widget of the same
    # key is dropped when this page's widget registers, and would show the default. Refused
    # (and not needed) when the widget already rendered in this run: a second read.
    with suppress(StreamlitAPIException):
        st.session_state[kept.widget] = restore(value) if restore is not None else value
    return kept
