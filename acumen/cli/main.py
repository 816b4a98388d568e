"""The ``acumen`` command line: ``acumen metrics|diagnose|brief|quiz SOURCE ...``.

Bad input prints the loader's message to stderr, with no traceback, and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.universe import PeerUniverse, build_universe, data_notes_in
from acumen.cli.compare import add_compare_commands
from acumen.cli.language import activate_language, add_language_option
from acumen.cli.plan import add_plan_commands, write_meeting_brief
from acumen.cli.tables import MAX_ECHO, bounded, metrics_text
from acumen.data import samples
from acumen.data.loaders.file_context import clip_text as _text
from acumen.data.sources import PERIODS, load_period
from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.reports.labels import driver_word
from acumen.reports.metrics_table import metrics_table, ticker_labels

EXIT_BAD_INPUT = 2


def _source_arguments(parser: argparse.ArgumentParser, many: bool = True) -> None:
    parser.add_argument(
        "sources",
        nargs="+" if many else 1,
        metavar="SOURCE",
        help=_("sample:TICKER, sample:all, yahoo:TICKER, edgar:TICKER, or a .csv/.xlsx/.json path"),
    )
    parser.add_argument(
        "--unit",
        help=_(
            "unit of a file's figures (units, thousands, ten thousands, lakhs, millions, "
            "crores, hundred millions, billions); wins over what the file says, with a warning"
        ),
    )
    parser.add_argument(
        "--currency", help=_("ISO currency of a file's figures (EUR, INR, MXN…), same rule")
    )
    parser.add_argument(
        "--company",
        help=_(
            "company name for a file (else its 'Company:' line or file name); in a file of "
            "several companies, the client (the others are its peers)"
        ),
    )
    parser.add_argument("--sheet", help=_("the workbook sheet to read (default: every statement)"))


def _options(args: argparse.Namespace) -> dict:
    return {
        "unit": args.unit,
        "company": args.company,
        "currency": args.currency,
        "sheet": args.sheet,
    }


def load_sources(args: argparse.Namespace) -> pd.DataFrame:
    period = getattr(args, "period", "annual")
    statements = load_period(list(args.sources), period, **_options(args))
    print_warnings(statements)
    return statements


def print_warnings(statements: pd.DataFrame) -> None:
    """Every load warning (unit or currency assumed, rows set aside…) on stderr."""
    for warning in list(statements.warnings):
        print(_("acumen: note: {warning}").format(warning=bounded(warning)), file=sys.stderr)


def metrics_json(statements: pd.DataFrame) -> str:
    """Metrics as JSON records (one per company and fiscal year): the values (null where
    n/a) and, under ``reasons``, why each n/a metric can't be computed."""
    result = compute_metrics_with_reasons(statements)
    table = metrics_table(statements, result)
    names = [c for c in result.values.columns]
    records = []
    for (company, year), row in zip(result.values.index, table.to_dict("records"), strict=True):
        record = {k: row[k] for k in ("company", "fiscal_year", "fiscal_label", "period_end")}
        record["fiscal_year"] = int(record["fiscal_year"])
        values = {n: (None if pd.isna(row[n]) else float(row[n])) for n in names}
        record["metrics"] = values
        record["reasons"] = {
            n: result.reason(company, year, n) for n, v in values.items() if v is None
        }
        records.append(record)
    return json.dumps(records, indent=2, ensure_ascii=False)


def _write_metrics(statements: pd.DataFrame, fmt: str, output: str | None) -> None:
    """CSV of the raw figures, or the table as the app shows it."""
    from acumen.reports.metrics_table import metrics_csv

    result = compute_metrics_with_reasons(statements)
    if fmt == "csv":
        text = metrics_csv(statements, result).decode("utf-8-sig")
    elif fmt == "json":
        text = metrics_json(statements)
    else:
        text = metrics_text(result, statements, ticker_labels(statements))
    if output:
        with open(
            output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""
        ) as handle:
            handle.write(text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_metrics(args: argparse.Namespace) -> int:
    _write_metrics(load_sources(args), args.format, args.output)
    return 0


def cmd_diagnose(args: argparse.Namespace) -> int:
    from acumen.analysis.diagnosis import diagnose

    statements = load_sources(args)
    universe = peer_universe()
    diagnoses = [
        diagnose(statements, company, universe=universe) for company in statements.companies.index
    ]
    if args.format == "json":
        findings = [f.to_dict() for d in diagnoses for f in d.findings]
        findings.sort(key=lambda f: -f["severity"])
        print(json.dumps(findings, indent=2, ensure_ascii=False))
        return 0
    for diagnosis in diagnoses:
        print_diagnosis(diagnosis)
    return 0


def print_diagnosis(diagnosis) -> None:
    """One company's ranked findings as text: rank, driver, title, severity, trade-off and
    priority; then what is incomplete or healthy."""
    period = diagnosis.fiscal_label or _("fiscal {year}").format(year=diagnosis.fiscal_year)
    print(bounded(f"{diagnosis.name} ({diagnosis.company}), {period}"))
    for rank, finding in enumerate(diagnosis.findings, start=1):
        line = _("{rank}. [{driver}] {title} (severity {severity})").format(
            rank=rank,
            driver=driver_word(finding.driver),
            title=finding.title,
            severity=f"{finding.severity:.0f}",
        )
        print(f"  {line}")
        print(f"     {bounded(finding.trade_off)}")
        print("     " + _("Priority: {priority}").format(priority=finding.priority))
    if diagnosis.incomplete:
        print("  " + _("Incomplete: {text}").format(text=bounded(diagnosis.incomplete)))
    for line in diagnosis.healthy:
        print("  " + _("Healthy: {text}").format(text=bounded(line)))


def cmd_brief(args: argparse.Namespace) -> int:
    from acumen.reports.brief import goal_summary, goal_summary_csv

    statements = load_sources(args)
    universe = peer_universe()
    if not (args.csv or args.pdf or args.html):
        raise AcumenError(
            _("nothing to write"), fix=_("Give --csv FILE, --pdf FILE and/or --html FILE.")
        )
    if args.csv:
        summary = pd.concat(
            [goal_summary(statements, c, universe) for c in statements.companies.index],
            ignore_index=True,
        )
        with open(args.csv, "wb") as handle:
            handle.write(goal_summary_csv(summary))
        print(_("wrote {count} goals to {path}").format(count=len(summary), path=args.csv))
    if args.pdf or args.html:
        written = write_meeting_brief(
            statements,
            universe,
            plan_file=args.plan,
            pdf=args.pdf,
            html=args.html,
            external=args.external,
        )
        done = (
            _("wrote the external meeting brief to {paths}")
            if args.external
            else _("wrote the internal meeting brief to {paths}")
        )
        print(done.format(paths=", ".join(written)))
    return 0


def peer_universe() -> PeerUniverse:
    """The bundled NYSE universe with its data notes, built here at the edge and passed to
    the engines."""
    return build_universe(samples.universe(), data_notes_in(samples.SAMPLE_DIR))


def cmd_quiz(args: argparse.Namespace) -> int:
    from acumen.reports.export import to_safe_csv
    from acumen.teaching.quiz import PublicData, generate_quiz, quiz_table

    statements = load_sources(args)
    public = PublicData(samples.universe(), samples.load_sample)
    table = quiz_table(generate_quiz(statements, n=args.n, seed=args.seed, public=public))
    if args.csv:
        with open(args.csv, "wb") as handle:
            handle.write(to_safe_csv(table))
        print(_("wrote {count} questions to {path}").format(count=len(table), path=args.csv))
    else:
        print(table.to_string(index=False))
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    """What was read from each file: source row -> item, unit, currency, periods, warnings."""
    from acumen.data.sources import read_file_sources

    result = read_file_sources(list(args.sources), **_options(args))
    statements = result.statements
    companies = statements.companies
    for company, meta in companies.iterrows():
        years = statements.table.loc[company].index.tolist()
        line = _("{name}: currency {currency}, fiscal years {years}").format(
            name=meta["name"], currency=meta["currency"], years=years
        )
        print(bounded(line))
    if result.peers is not None:
        names = ", ".join(result.peers.companies["name"])
        print(bounded(_("Peers in the same files: {names}").format(names=names)))
    mapping = result.mapping.fillna("")
    mapping = mapping.map(lambda v: _text(v, MAX_ECHO) if isinstance(v, str) else v)
    if not args.all:
        mapping = mapping.loc[mapping["status"] != "not a line item"]
    print(mapping.to_string(index=False))
    print_warnings(statements)
    return 0


def _period_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period",
        choices=PERIODS,
        default="annual",
        help=_(
            "annual figures (default) or the trailing twelve months (ttm; from SEC "
            "companyfacts .json quarters)"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acumen", description=_("Financial acumen for B2B sellers and trainers.")
    )
    add_language_option(parser)
    commands = parser.add_subparsers(dest="command", required=True)

    metrics = commands.add_parser(
        "metrics", help=_("five-driver metrics per company and fiscal year")
    )
    _source_arguments(metrics)
    metrics.add_argument(
        "--format", choices=["csv", "table", "json"], default="table", help=_("output format")
    )
    metrics.add_argument("--output", help=_("write to FILE instead of stdout"))
    _period_argument(metrics)
    metrics.set_defaults(handler=cmd_metrics)

    diagnose = commands.add_parser("diagnose", help=_("ranked trade-off findings"))
    _source_arguments(diagnose)
    diagnose.add_argument(
        "--format", choices=["table", "json"], default="table", help=_("output format")
    )
    _period_argument(diagnose)
    diagnose.set_defaults(handler=cmd_diagnose)

    brief = commands.add_parser(
        "brief", help=_("goal summary as CSV; the one-page meeting brief as PDF or HTML")
    )
    _source_arguments(brief)
    brief.add_argument("--csv", metavar="FILE", help=_("the goal summary (CSV)"))
    brief.add_argument("--pdf", metavar="FILE", help=_("the one-page meeting brief (PDF)"))
    brief.add_argument("--html", metavar="FILE", help=_("the one-page meeting brief (HTML)"))
    brief.add_argument("--plan", metavar="FILE", help=_("an account-plan JSON file to include"))
    brief.add_argument(
        "--external",
        action="store_true",
        help=_("for the client's eyes: no confidential entries"),
    )
    brief.set_defaults(handler=cmd_brief)

    inspect = commands.add_parser(
        "inspect", help=_("what was read from files: each source row -> line item, and the notes")
    )
    _source_arguments(inspect)
    inspect.add_argument("--all", action="store_true", help=_("list rows not recognised too"))
    inspect.set_defaults(handler=cmd_inspect)

    quiz = commands.add_parser("quiz", help=_("generate quiz questions from the data"))
    _source_arguments(quiz)
    quiz.add_argument("--n", type=int, default=10, help=_("how many questions"))
    quiz.add_argument("--seed", type=int, default=0, help=_("random seed (same seed, same quiz)"))
    quiz.add_argument("--csv", metavar="FILE", help=_("write the questions to FILE (CSV)"))
    quiz.set_defaults(handler=cmd_quiz)
    add_plan_commands(commands)
    add_compare_commands(commands, _source_arguments)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = activate_language(argv)  # first: help and messages in the chosen language
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    _route_library_logging()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.showwarning = _log_warning
        try:
            return handler(args)
        except AcumenError as error:
            print(_("acumen: {message}").format(message=bounded(error.message)), file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as error:
            where = bounded(str(error.filename or ""))
            print(
                f"acumen: {bounded(str(error.strerror or error))}: {where}".rstrip(": "),
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT


#: Where library log records and Python warnings go: the file named by $ACUMEN_LOG, else
#: nowhere (the terminal shows only acumen's own lines).
LOG_ENV = "ACUMEN_LOG"
_LOG = logging.getLogger("acumen.cli.libraries")


def _route_library_logging() -> None:
    """Keep yfinance's "Cookie/crumb fetch failed" and other libraries' records off stderr:
    without a handler anywhere, Python prints WARNING records there (``logging.lastResort``).
    Left alone when the root logger already has handlers (the caller configured logging)."""
    root = logging.getLogger()
    if root.handlers:
        return
    target = os.environ.get(LOG_ENV)
    handler = logging.FileHandler(target, encoding="utf-8") if target else logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)


def _log_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    """``warnings.showwarning`` for the CLI: numpy's RuntimeWarnings and the like (with their
    source paths) go to the log, not to the user's terminal."""
    _LOG.warning("%s: %s (%s:%s)", category.__name__, message, filename, lineno)


if __name__ == "__main__":
    sys.exit(main())
