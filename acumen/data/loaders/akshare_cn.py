"""A-shares through akshare: ``cn:600298`` (the optional extra: ``pip install acumen[cn]``).

akshare's ``stock_financial_report_sina(stock, symbol)`` returns one statement
(``symbol`` = 资产负债表, 利润表 or 现金流量表) as a frame with one row per report date:
``报表日期`` (``YYYYMMDD``), ``单位`` (``元``), then one column per Chinese line item, values
as text. Chinese reports are cumulative within the year, so the annual figures are the rows
dated 31 December. Those rows are written out as one wide table per statement (labels down,
years across, the unit in a title line) and read by the same loader as an upload, so the
Chinese labels map through the alias table (营业总收入 → revenue, …) with every note.

The fetch runs with a deadline, is cached on disk with its date (the frames as JSON), and
falls back to the cached copy, with a note, when the source can't be reached.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd

from acumen.data.cache import StatementCache
from acumen.data.loaders.cached_fetch import fetch_or_cached
from acumen.data.loaders.deadline import run_with_deadline
from acumen.errors import AcumenError
from acumen.i18n import N_, _

STATEMENTS = ("利润表", "资产负债表", "现金流量表")
DATE_COLUMN = "报表日期"
UNIT_COLUMN = "单位"
FETCH_TIMEOUT_SECONDS = 30.0
SERVICE = "akshare (新浪财经)"
OTHER_SOURCES = N_(
    "Try a bundled sample, or upload the statements downloaded from 163.com or Sina."
)
#: The units Sina states, as the loader's unit words.
UNITS = ("元", "千元", "万元", "百万元", "亿元")
_CODE = re.compile(r"^(?:sh|sz|bj)?(\d{6})(?:\.(?:ss|sh|sz|bj))?$", re.I)

#: Fetches one statement: (stock code, statement name) -> akshare's frame.
Client = Callable[[str, str], pd.DataFrame]


def stock_code(text: str) -> str:
    """The six-digit code of "600298", "sh600298" or "600298.SS"; AcumenError otherwise."""
    match = _CODE.match(text.strip())
    if not match:
        raise AcumenError(
            _("'{code}' is not an A-share code").format(code=text.strip()[:40]),
            source="cn",
            fix=_("Use the six-digit code, e.g. cn:600298 or cn:002352."),
        )
    return match.group(1)


def akshare_client() -> Client:
    """The real client (akshare imported only when a fetch happens)."""
    try:
        import akshare
    except ImportError:
        raise AcumenError(
            _("A-share data needs the optional akshare package"),
            source="cn",
            fix=_("Install it with: pip install 'acumen[cn]' (or pip install akshare)."),
        ) from None

    def get(code: str, statement: str) -> pd.DataFrame:
        return akshare.stock_financial_report_sina(stock=code, symbol=statement)

    return get


def annual_table(frame: pd.DataFrame, statement: str, code: str) -> bytes:
    """One statement's annual rows (31 December) as a wide CSV: title lines with the company
    (so the three statements make one client), the statement and its unit, then labels down
    and years across."""
    if DATE_COLUMN not in frame.columns:
        raise AcumenError(
            _("the {statement} has no '{column}' column").format(
                statement=statement, column=DATE_COLUMN
            ),
            source=f"{SERVICE} {code}",
            fix=_(OTHER_SOURCES),
        )
    dates = frame[DATE_COLUMN].astype(str).str.replace("-", "").str.strip()
    annual = frame.loc[dates.str.fullmatch(r"\d{4}1231")].copy()
    annual.index = pd.to_datetime(dates[annual.index], format="%Y%m%d").dt.strftime("%Y-%m-%d")
    units = set(annual.get(UNIT_COLUMN, pd.Series(["元"])).astype(str).str.strip())
    if len(units) != 1 or next(iter(units)) not in UNITS:
        raise AcumenError(
            _("the {statement} states the unit(s) {units}, not one of {known}").format(
                statement=statement, units=sorted(units)[:3], known=", ".join(UNITS)
            ),
            source=f"{SERVICE} {code}",
            fix=_(OTHER_SOURCES),
        )
    unit = units.pop()
    body = annual.drop(columns=[c for c in (DATE_COLUMN, UNIT_COLUMN) if c in annual.columns])
    wide = body.T
    wide.index.name = "项目"
    text = io.StringIO()
    text.write(f"Company: {code}\n{statement},单位:{unit}\n")
    wide.to_csv(text)
    return text.getvalue().encode("utf-8")


def statements_from_frames(frames: dict[str, pd.DataFrame], code: str, *, as_of: str | None = None):
    """Canonical statements of ``code`` from akshare's frames (see the module docstring)."""
    from acumen.data.loaders.files import read_files

    missing = [s for s in STATEMENTS[:2] if s not in frames or frames[s].empty]
    if missing:
        raise AcumenError(
            _("no {statement} for {code}: probably not a listed A-share code").format(
                statement=missing[0], code=code
            ),
            source=f"{SERVICE} {code}",
            fix=_("Check the code (six digits, e.g. 600298), or upload the statements."),
        )
    present = [s for s in STATEMENTS if s in frames and not frames[s].empty]
    files = [(annual_table(frames[s], s, code), f"{code}_{s}.csv") for s in present]
    statements = read_files(files, currency="CNY", source_label=f"{SERVICE} {code}").statements
    if STATEMENTS[2] not in present:
        statements = statements.with_warnings(
            _("No 现金流量表 (cash-flow statement) for {code}: cash metrics are n/a.").format(
                code=code
            )
        )
    if as_of:
        statements = statements.replace(companies=statements.companies.assign(as_of=as_of))
    return statements


def fetch_cn(
    ident: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    cache: StatementCache | None = None,
    client: Client | None = None,
) -> pd.DataFrame:
    """Statements of an A-share company within ``timeout`` seconds, cached; on failure the
    cached copy with a note, else an AcumenError saying what happened."""
    code = stock_code(ident)
    key = f"cn:{code}"
    get = client or akshare_client()

    def fetch() -> tuple[dict, pd.DataFrame]:
        frames = run_with_deadline(
            lambda c: {s: get(c, s) for s in STATEMENTS},
            code,
            timeout,
            service=SERVICE,
            on_error=_fetch_error,
        )
        statements = statements_from_frames(frames, code)
        return {s: _as_text(f).to_dict(orient="split") for s, f in frames.items()}, statements

    def rebuild(payload: dict, fetched_at: str) -> pd.DataFrame:
        frames = {s: pd.DataFrame(**payload[s]) for s in payload}
        return statements_from_frames(frames, code, as_of=fetched_at)

    return fetch_or_cached(key, cache, fetch, rebuild)


def _fetch_error(code: str, error: BaseException) -> AcumenError:
    """What happened, in words, for a failed akshare call."""
    text = f"{type(error).__name__}: {error}".lower()
    if isinstance(error, ConnectionError | TimeoutError | OSError) or "connection" in text:
        problem = _("No internet connection: couldn't reach the A-share data source")
    elif "timed out" in text or "timeout" in text:
        problem = _("the request timed out; probably no network")
    elif isinstance(error, KeyError | IndexError | ValueError):
        problem = _(
            "the source sent no statements for this code (unknown code, or its layout changed)"
        )
    else:
        problem = _("the fetch failed unexpectedly ({error})").format(error=type(error).__name__)
    failure = AcumenError(problem, source=f"{SERVICE} {code}", fix=_(OTHER_SOURCES))
    failure.reason = problem
    return failure


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with text cells, column names and index (JSON-safe for the cache)."""
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    text.columns = [str(c) for c in text.columns]
    text.index = [str(i) for i in text.index]
    return text
