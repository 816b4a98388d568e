"""The CLI's language: ``--lang {en,zh}`` anywhere on the line, else ``$ACUMEN_LANG``, else
English; set before the parser is built, so its help and every message are in that language."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from acumen.i18n import LANG_ENV, LANGUAGES, _, language_from, set_language


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
