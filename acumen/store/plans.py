"""Saving and reopening account plans, each owned by one user.

Every query is filtered by ``owner``: a user can list, open, save over or delete only
their own plans (another user's plan id reads as "not found").
"""

from __future__ import annotations

import json
from typing import NamedTuple

import sqlalchemy as sa

from acumen.data.cache import utc_now_iso
from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.plan.model import Plan, validate_plan
from acumen.store.migrations import plan_files, plans

MAX_PLANS_PER_OWNER = 1000
MAX_STORED_FILE_BYTES = 10 * 1024 * 1024


class SavedPlan(NamedTuple):
    id: int
    title: str
    client_source: str
    saved_at: str


def plan_title(plan: Plan) -> str:
    """The title a plan is listed under: its client's name, else its source."""
    client = plan["client"]
    return (client["name"] or client["source"] or "Untitled plan")[:300]


class PlanStore:
    """Account plans in a database (see :mod:`acumen.store.database`)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def save(self, owner: str, plan: Plan, plan_id: int | None = None) -> int:
        """Validate and save ``plan`` for ``owner`` (a new plan, or over ``plan_id``); its id."""
        _check_owner(owner)
        plan = validate_plan(plan)
        values = {
            "owner": owner,
            "title": plan_title(plan),
            "client_source": plan["client"]["source"][:300],
            "payload": json.dumps(plan, ensure_ascii=False),
            "saved_at": utc_now_iso(),
        }
        with self.engine.begin() as connection:
            if plan_id is not None:
                done = connection.execute(
                    sa.update(plans)
                    .where(plans.c.id == plan_id, plans.c.owner == owner)
                    .values(**values)
                )
                if done.rowcount == 1:
                    return plan_id
            count = connection.execute(
                sa.select(sa.func.count()).select_from(plans).where(plans.c.owner == owner)
            ).scalar_one()
            if count >= MAX_PLANS_PER_OWNER:
                raise AcumenError(
                    _("you have {count} saved plans, the most one user can keep").format(
                        count=f"{count:,}"
                    ),
                    source=_("Account plans"),
                    fix=_("Delete plans you no longer need, then save again."),
                )
            return int(
                connection.execute(sa.insert(plans).values(**values)).inserted_primary_key[0]
            )

    def list(self, owner: str) -> list[SavedPlan]:
        """``owner``'s plans, most recently saved first."""
        query = (
            sa.select(plans.c.id, plans.c.title, plans.c.client_source, plans.c.saved_at)
            .where(plans.c.owner == owner)
            .order_by(plans.c.saved_at.desc(), plans.c.id.desc())
        )
        with self.engine.connect() as connection:
            return [SavedPlan(*row) for row in connection.execute(query)]

    def load(self, owner: str, plan_id: int) -> Plan:
        """``owner``'s plan ``plan_id`` (validated), or AcumenError when it is not theirs."""
        query = sa.select(plans.c.payload).where(plans.c.id == plan_id, plans.c.owner == owner)
        with self.engine.connect() as connection:
            payload = connection.execute(query).scalar_one_or_none()
        if payload is None:
            raise AcumenError(
                _("no saved plan {plan_id}").format(plan_id=plan_id),
                source=_("Account plans"),
                fix=_("Pick one of your saved plans from the list."),
            )
        return validate_plan(
            json.loads(payload), source=_("saved plan {plan_id}").format(plan_id=plan_id)
        )

    def delete(self, owner: str, plan_id: int) -> bool:
        with self.engine.begin() as connection:
            done = connection.execute(
                sa.delete(plans).where(plans.c.id == plan_id, plans.c.owner == owner)
            )
        return done.rowcount == 1

    def attach_files(self, owner: str, plan_id: int, files: list[tuple[bytes, str]]) -> int:
        """Keep uploaded statement files with ``owner``'s plan (only when the user asks);
        replaces the files kept before; the number kept."""
        self.load(owner, plan_id)  # refuses another user's plan
        for content, name in files:
            if len(content) > MAX_STORED_FILE_BYTES:
                raise AcumenError(
                    _("{name} is larger than {size} MB").format(
                        name=name[:80], size=MAX_STORED_FILE_BYTES // 2**20
                    ),
                    source=_("Account plans"),
                    fix=_("Keep the statements only, not a whole workbook export."),
                )
        with self.engine.begin() as connection:
            connection.execute(sa.delete(plan_files).where(plan_files.c.plan_id == plan_id))
            for content, name in files:
                connection.execute(
                    sa.insert(plan_files).values(
                        plan_id=plan_id, filename=name[:300], content=content
                    )
                )
        return len(files)

    def files(self, owner: str, plan_id: int) -> list[tuple[bytes, str]]:
        """The files kept with ``owner``'s plan ``plan_id`` (``[]`` for another user's)."""
        query = (
            sa.select(plan_files.c.content, plan_files.c.filename)
            .join(plans, plans.c.id == plan_files.c.plan_id)
            .where(plans.c.id == plan_id, plans.c.owner == owner)
            .order_by(plan_files.c.id)
        )
        with self.engine.connect() as connection:
            return [(bytes(content), name) for content, name in connection.execute(query)]


def _check_owner(owner: str) -> None:
    if not isinstance(owner, str) or not owner.strip():
        raise AcumenError(
            _("saving a plan needs a signed-in user"),
            source=_("Account plans"),
            fix=_("Sign in, then save again."),
        )
