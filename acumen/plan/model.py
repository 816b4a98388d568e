"""Validating, normalising and exporting account plans (plain JSON-ready dicts).

:func:`validate_plan` checks every field against :mod:`acumen.plan.schema` and returns a
new, complete plan (defaults filled, empty rows dropped) or raises :class:`PlanError`
naming the field's path (``stakeholders[2].role``): an invalid plan never half-loads.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from typing import Any

from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.plan.schema import (
    CHOICES,
    LIST_SECTIONS,
    MAX_ENTRIES,
    MAX_TEXT,
    OBJECT_SECTIONS,
    REQUIRED,
    SCHEMA_ID,
)

Plan = dict[str, Any]


class PlanError(AcumenError):
    """An invalid plan: ``path`` names the field (``culture.negotiation``)."""

    def __init__(self, path: str, detail: str, *, source: str | None = None) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path}: {detail}",
            source=source,
            fix=_("Correct that field (docs/account-plan.md lists every field and its values)."),
        )


def empty_plan(source: str = "", name: str = "", role: str = "") -> Plan:
    """A plan with every section empty, for the client ``source``."""
    plan: Plan = {"schema": SCHEMA_ID}
    for section, fields in OBJECT_SECTIONS.items():
        plan[section] = {f: copy.deepcopy(default) for f, (_kind, default) in fields.items()}
    plan["client"].update(source=source, name=name, role=role)
    for section in LIST_SECTIONS:
        plan[section] = []
    return plan


def _value(kind: str, value: object, default: object, path: str) -> object:
    """``value`` checked and normalised for a field of ``kind`` (see the schema)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return copy.deepcopy(default)
    if kind == "text":
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise PlanError(path, _("expected text, got {kind}").format(kind=type(value).__name__))
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise PlanError(
                path,
                _("is {count} characters; at most {limit}").format(
                    count=f"{len(text):,}", limit=f"{MAX_TEXT:,}"
                ),
            )
        return text
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise PlanError(path, _("expected true or false, got {value}").format(value=_shown(value)))
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).strip())
            except ValueError:
                raise PlanError(
                    path, _("expected a number, got {value}").format(value=_shown(value))
                ) from None
        if not math.isfinite(value):
            raise PlanError(path, _("expected a finite number"))
        return float(value)
    if kind == "year":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not str(value).strip().lstrip("-").isdigit():
            raise PlanError(
                path,
                _("expected a fiscal year such as 2024, got {value}").format(value=_shown(value)),
            )
        year = int(str(value).strip())
        if not 1900 <= year <= 2200:
            raise PlanError(
                path, _("{year} is not a fiscal year between 1900 and 2200").format(year=year)
            )
        return year
    if kind == "date":
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()[:40]
        if text == "":
            return ""
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise PlanError(
                path, _("expected a date as YYYY-MM-DD, got {value}").format(value=repr(text))
            ) from None
    if kind == "steps":
        if not isinstance(value, list):
            raise PlanError(path, _("expected a list of steps"))
        steps = [_value("text", step, "", f"{path}[{i}]") for i, step in enumerate(value)]
        return [s for s in steps if s]
    name = kind.removeprefix("one_of:")
    text = str(value).strip()
    if text == "" and default == "":
        return ""
    if text not in CHOICES[name]:
        shown = ", ".join(CHOICES[name]) if len(CHOICES[name]) <= 12 else _("a metric name")
        raise PlanError(
            path, _("{value} is not one of {allowed}").format(value=_shown(text), allowed=shown)
        )
    return text


def _shown(value: object) -> str:
    """A bad value as an error quotes it: its first 40 characters, repr-quoted."""
    return repr(str(value)[:40])


def _record(fields: dict, given: object, path: str) -> dict:
    if not isinstance(given, dict):
        raise PlanError(path, _("expected an object, got {kind}").format(kind=type(given).__name__))
    unknown = sorted(set(given) - set(fields))
    if unknown:
        raise PlanError(f"{path}.{unknown[0]}", _("is not a field of this section"))
    return {
        field: _value(kind, given.get(field), default, f"{path}.{field}")
        for field, (kind, default) in fields.items()
    }


def validate_plan(payload: object, *, source: str | None = None) -> Plan:
    """A complete, normalised copy of ``payload``, or :class:`PlanError` at the first bad field."""
    try:
        if not isinstance(payload, dict):
            raise PlanError(_("(top level)"), _("a plan is a JSON object"))
        if payload.get("schema") != SCHEMA_ID:
            raise PlanError(
                "schema",
                _("expected {expected}, got {value}").format(
                    expected=repr(SCHEMA_ID), value=repr(str(payload.get("schema")))
                ),
            )
        known = {"schema", *OBJECT_SECTIONS, *LIST_SECTIONS}
        unknown = sorted(set(payload) - known)
        if unknown:
            raise PlanError(str(unknown[0])[:40], _("is not a section of an account plan"))
        plan: Plan = {"schema": SCHEMA_ID}
        for section, fields in OBJECT_SECTIONS.items():
            plan[section] = _record(fields, payload.get(section) or {}, section)
        for section, fields in LIST_SECTIONS.items():
            entries = payload.get(section) or []
            if not isinstance(entries, list):
                raise PlanError(section, _("expected a list"))
            if len(entries) > MAX_ENTRIES:
                raise PlanError(
                    section,
                    _("has {count} entries; at most {limit}").format(
                        count=f"{len(entries):,}", limit=MAX_ENTRIES
                    ),
                )
            records = [_record(fields, e, f"{section}[{i}]") for i, e in enumerate(entries)]
            plan[section] = [r for r in records if r[REQUIRED[section]] not in ("", None)]
    except PlanError as error:
        if source and not error.source:
            raise PlanError(error.path, error.detail, source=source) from None
        raise
    return plan


def plan_from_json(text: str | bytes, *, source: str = "plan") -> Plan:
    """A validated plan from JSON text (an error names the file, and the field when it can)."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise AcumenError(
            _("not a JSON file ({detail})").format(detail=str(error)[:80]),
            source=source,
            fix=_("Export the plan again from the Account plan page, or check the file's JSON."),
        ) from None
    return validate_plan(payload, source=source)


def plan_to_json(plan: Plan) -> str:
    """The plan as indented UTF-8 JSON (names in any script kept as they are)."""
    return json.dumps(validate_plan(plan), ensure_ascii=False, indent=2)


def external_plan(plan: Plan) -> Plan:
    """The plan for the client's eyes: every confidential entry and section left out."""
    shown = copy.deepcopy(plan)
    for section in LIST_SECTIONS:
        shown[section] = [e for e in shown[section] if not e.get("confidential")]
    for section, fields in OBJECT_SECTIONS.items():
        if shown[section].get("confidential"):
            shown[section] = {f: copy.deepcopy(d) for f, (_kind, d) in fields.items()}
    return shown
