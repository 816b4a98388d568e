"""``acumen plan check FILE``: validate an account-plan JSON file (exit 2 naming the field)."""

from __future__ import annotations

import argparse
from pathlib import Path

from acumen.i18n import N_, _
from acumen.plan.model import plan_from_json
from acumen.plan.schema import LIST_SECTIONS

#: A plan's list sections as the check names them (the keys in English).
SECTION_WORDS: dict[str, str] = {
    "stakeholders": N_("stakeholders"),
    "goals": N_("goals"),
    "communication": N_("communication"),
    "commitments": N_("commitments"),
}


def add_plan_commands(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help=_("account plans: check a plan file"))
    actions = plan.add_subparsers(dest="plan_command", required=True)
    check = actions.add_parser("check", help=_("validate an account-plan JSON file"))
    check.add_argument("file", metavar="FILE", help=_("the account-plan JSON file"))
    check.set_defaults(handler=cmd_plan_check)


def cmd_plan_check(args: argparse.Namespace) -> int:
    """Print what the plan holds (exit 0); an invalid plan raises PlanError (exit 2)."""
    path = Path(args.file)
    plan = plan_from_json(path.read_bytes(), source=path.name)
    counts = _(", ").join(
        _("{count} {section}").format(count=len(plan[s]), section=_(SECTION_WORDS.get(s, s)))
        for s in LIST_SECTIONS
    )
    client = plan["client"]["name"] or plan["client"]["source"] or _("no client named")
    line = _("{file}: a valid account plan for {client}: {counts}.")
    print(line.format(file=path.name, client=client, counts=counts))
    return 0


def write_meeting_brief(
    statements,
    universe,
    *,
    plan_file: str | None,
    pdf: str | None,
    html: str | None,
    external: bool,
) -> list[str]:
    """Write the one-page brief of the first client in ``statements`` (with the plan in
    ``plan_file``, if any) as PDF and/or HTML; the paths written."""
    import datetime as dt

    from acumen.analysis.client import client_view
    from acumen.analysis.diagnosis import diagnose
    from acumen.formatting import fiscal_label
    from acumen.plan.document import meeting_document
    from acumen.plan.model import empty_plan
    from acumen.reports.html import document_html
    from acumen.reports.pdf import document_pdf

    company = statements.companies.index[0]
    view = client_view(statements, company)
    if plan_file:
        path = Path(plan_file)
        plan = plan_from_json(path.read_bytes(), source=path.name)
    else:
        plan = empty_plan(company, view.name)
    document = meeting_document(
        client_name=view.name,
        fiscal_label=fiscal_label(view.latest_year),
        diagnosis=diagnose(statements, company, universe=universe),
        plan=plan,
        metrics=view.metrics.droplevel(0),
        data_notes=list(list(statements.warnings)),
        external=external,
        today=dt.date.today(),
    )
    written = []
    if pdf:
        Path(pdf).write_bytes(document_pdf(document))
        written.append(pdf)
    if html:
        Path(html).write_text(document_html(document), encoding="utf-8")
        written.append(html)
    return written
