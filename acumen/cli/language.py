"""The CLI's language: ``--lang {en,zh}`` anywhere on the line, else ``$ACUMEN_LANG``, else
English; set before the parser is built, so its help and every message are in that language.
argparse's own words (``usage:``, ``options``, its errors) are looked up in the catalog too.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from acumen.i18n import LANG_ENV, LANGUAGES, N_, _, language_from, set_language

#: argparse's own messages (its msgids, as Python 3.11+ writes them), so the catalog has them.
ARGPARSE_MESSAGES: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
)


def _argparse_gettext(message: str) -> str:
    """argparse's lookups, through the active language's catalog (those listed in
    :data:`ARGPARSE_MESSAGES`; any other reads as argparse wrote it)."""
    return _(message) if message in ARGPARSE_MESSAGES else message


def _language_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="acumen", add_help=False, allow_abbrev=False)
    parser.add_argument("--lang", choices=LANGUAGES)
    return parser


def activate_language(argv: Sequence[str] | None = None) -> list[str]:
    """Set the active language from ``--lang`` in ``argv`` (default ``sys.argv[1:]``) or
    ``$ACUMEN_LANG``; returns ``argv`` without the ``--lang`` option. A bad ``--lang`` value
    exits with argparse's usage error (status 2)."""
    args = list(sys.argv[1:] if argv is None else argv)
    known, rest = _language_parser().parse_known_args(args)
    set_language(known.lang or language_from({}, os.environ))
    argparse._ = _argparse_gettext  # argparse calls its module-level ``_`` at use
    return rest


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--lang`` in the top-level help (:func:`activate_language` reads it first)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("language of the output: en (English) or zh (中文); default ${env} or en").format(
            env=LANG_ENV
        ),
    )
