"""``acumen plan check FILE``: validate an account-plan JSON file (exit 2 naming the field)."""

from __future__ import annotations

import argparse
from pathlib import Path

from acumen.plan.model import plan_from_json
from acumen.plan.schema import LIST_SECTIONS


def add_plan_commands(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help="account plans: check a plan file")
    actions = plan.add_subparsers(dest="plan_command", required=True)
    check = actions.add_parser("check", help="validate an account-plan JSON file")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=cmd_plan_check)


def cmd_plan_check(args: argparse.Namespace) -> int:
    """Print what the plan holds (exit 0); an invalid plan raises PlanError (exit 2)."""
    path = Path(args.file)
    plan = plan_from_json(path.read_bytes(), source=path.name)
    counts = ", ".join(f"{len(plan[s])} {s}" for s in LIST_SECTIONS)
    client = plan["client"]["name"] or plan["client"]["source"] or "no client named"
    print(f"{path.name}: a valid account plan for {client}: {counts}.")
    return 0
