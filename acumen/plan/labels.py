"""What a plan's stored values read as for people, in the active language.

The plan keeps its values in English (``decision_maker``, ``margin``, ``dso``: data); these
functions give the words shown beside them. The social system's roles read as the source's
terms (决策者, 信息共享者, 施加影响者, 树立障碍者).
"""

from __future__ import annotations

from acumen.analysis.catalog import BY_NAME, DRIVERS, driver_label
from acumen.i18n import SOURCE_LANGUAGE, _, current_language
from acumen.plan.schema import CHOICE_LABELS


def choice_label(value: str) -> str:
    """What a choice means (``decision_maker`` -> ``Decision maker`` / 决策者); an unknown
    value with its underscores as spaces."""
    label = CHOICE_LABELS.get(value)
    return _(label) if label else value.replace("_", " ")


def driver_name(driver: str | None) -> str:
    """A driver for a sentence (``margin`` / 利润率); ``""`` for none."""
    if not driver:
        return ""
    return driver_label(driver, lower=True) if driver in DRIVERS else driver


def metric_label(metric: str) -> str:
    """A metric's label from the catalogue (``DSO``), translated."""
    info = BY_NAME.get(metric)
    return _(info.label) if info is not None else metric


def option_label(name: str, value: str) -> str:
    """An editor's option as shown: in English the stored value itself (as it always read),
    in another language its translated label (a role, attitude, driver or metric)."""
    if not value:
        return "—"
    if name == "metric":
        shown = metric_label(value)
    elif name == "driver":
        shown = driver_name(value)
    else:
        shown = choice_label(value)
    return value if current_language() == SOURCE_LANGUAGE else shown
