"""``acumen peers`` and ``acumen chain``: the comparisons of the Competitors and Customer's
customer pages for batch use, as JSON or text (same engines, same universe passed in)."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from acumen.errors import AcumenError
from acumen.i18n import _


def add_compare_commands(commands: argparse._SubParsersAction, source_arguments) -> None:
    peers = commands.add_parser(
        "peers", help=_("the client's same-year peers, left-out peers and biggest threat")
    )
    source_arguments(peers, False)
    peers.add_argument(
        "--peers",
        nargs="+",
        metavar="TICKER",
        help=_("peers to compare (default: as the app picks)"),
    )
    peers.add_argument(
        "--format", choices=["json", "table"], default="table", help=_("output format")
    )
    peers.set_defaults(handler=cmd_peers)

    chain = commands.add_parser(
        "chain", help=_("a value chain (supplier → customer): who finances whom")
    )
    source_arguments(chain)
    chain.add_argument(
        "--format", choices=["json", "table"], default="table", help=_("output format")
    )
    chain.set_defaults(handler=cmd_chain)


def cmd_peers(args: argparse.Namespace) -> int:
    from acumen.analysis.peer_report import peers_report
    from acumen.analysis.peers import default_peers, peer_statements
    from acumen.cli.main import load_sources, peer_universe
    from acumen.data.samples import catalog, load_sample

    statements = load_sources(args)
    client = statements.companies.index[0]
    universe = peer_universe()
    if args.peers:
        chosen = [p if ":" in p else f"sample:{p.upper()}" for p in args.peers]
    else:
        meta = statements.companies.loc[client].to_dict()
        chosen = [
            f"sample:{p}" for p in default_peers(client, catalog(), meta=meta, universe=universe)
        ]
    combined, warnings = peer_statements(statements, chosen, bundled=load_sample)
    report = peers_report(
        combined, client, [c for c in _ids(combined) if c != client], universe=universe
    )
    report["warnings"] = warnings
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print_peers(report)
    return 0


def print_peers(report: dict) -> None:
    """The peers report as text: the client, each peer, the left-out ones, the threat."""
    head = report["client"]
    print(
        _("{name} ({ticker}), {year}, role: {role}").format(
            name=head["name"], ticker=head["ticker"], year=head["fiscal_label"], role=head["role"]
        )
    )
    for peer in report["peers"]:
        notes = ""
        if peer["data_notes"]:
            notes = _(" — data note: {notes}").format(notes="; ".join(peer["data_notes"]))
        line = _("peer: {name} ({ticker}), {year}{notes}").format(
            name=peer["name"], ticker=peer["ticker"], year=peer["fiscal_label"], notes=notes
        )
        print(f"  {line}")
    for left in report["left_out"]:
        line = _("left out: {name} ({ticker}): {reason}").format(
            name=left["name"], ticker=left["ticker"], reason=left["reason"]
        )
        print(f"  {line}")
    if report["threat"]:
        print("  " + _("biggest threat: {ticker}").format(ticker=report["threat"]["ticker"]))
        for reason in report["threat"]["reasons"]:
            print(f"    - {reason}")
    for warning in report["warnings"]:
        print("  " + _("note: {warning}").format(warning=warning))


def _ids(statements: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(statements.index.get_level_values(0)))


def cmd_chain(args: argparse.Namespace) -> int:
    from acumen.analysis.chain_output import chain_report
    from acumen.analysis.metrics import compute_metrics_with_reasons
    from acumen.analysis.peers import peer_statements
    from acumen.analysis.value_chain import available_presets, chain_table
    from acumen.cli.main import load_sources, peer_universe
    from acumen.data.samples import catalog, load_sample

    statements = load_sources(args)
    ids = _ids(statements)
    if len(ids) == 1:
        preset = next(
            (p for p in available_presets(set(catalog().index)) if ids[0] in p.companies), None
        )
        if preset is None:
            raise AcumenError(
                _("no bundled value chain holds {company}").format(company=ids[0]),
                fix=_(
                    "Name the chain's companies in order, supplier first: "
                    "acumen chain sample:DD sample:KMB sample:WMT"
                ),
            )
        statements, _notes = peer_statements(
            statements, [f"sample:{c}" for c in preset.companies], bundled=load_sample
        )
        ids = list(preset.companies)
    universe = peer_universe()
    table = chain_table(
        statements, ids, compute_metrics_with_reasons(statements), notes=universe.notes
    )
    report = chain_report(statements, table, ids[0])
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return 0
    print(" → ".join(f"{link['name']} ({link['fiscal_label']})" for link in report["links"]))
    for line in report.get("narrative", []):
        print(f"  {line}")
    return 0
