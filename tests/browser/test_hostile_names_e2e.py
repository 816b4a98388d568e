"""In Chromium (#16 items 2-5): the hostile company names (uploaded as CSV clients, ten files
per upload) and the hostile team names (two workshop sessions) show as literal text on every
page. No link, image, emphasis, heading, KaTeX or styled/linked Plotly text is made from user
text, and the browser asks no host but the app's for anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.harness import ROOT, open_app, wait_for_run
from tests.browser.test_overview_e2e import choose_mode

NAMES_DIR = ROOT / "tests" / "corpus" / "names"
DROPZONE = "[data-testid=stFileUploaderDropzoneInput]"
FILES_PER_UPLOAD = 10  # the upload box's MAX_FILES
MAX_TEAMS = 8

#: Elements Markdown, HTML or Plotly would make from user text. One is a leak when its text
#: carries a "zz" marker (or a hostile URL) but not a whole corpus name, e.g. a <strong> that
#: reads "zzstrong" (from **zzstrong**), while the app's own bold around the whole, escaped
#: name is fine. Links and images are leaks when any attribute points at a hostile host.
FIND_LEAKS = r"""
(names) => {
  const clean = (s) => (s || '').replace(/\u2060/g, '').replace(/\s+/g, ' ').trim();
  const whole = names.map(clean);
  const hostile = /zz|\.invalid|example\.(com|org|net)|tracker|x\.invalid/i;
  const holdsAName = (text) => whole.some((name) => text.includes(name));
  const leaks = [];
  const selector = [
    'a', 'img', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'blockquote',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'table', '.katex', '.katex-display',
    '.stMarkdown span[style]', 'svg tspan[style]',
  ].join(',');
  for (const el of document.querySelectorAll(selector)) {
    const text = clean(el.textContent);
    const attrs = Array.from(el.attributes).map((a) => a.name + '=' + a.value).join(' ');
    const tag = el.tagName.toLowerCase();
    // Streamlit's own anchor beside a Markdown heading: a same-page "#slug" fragment (the
    // slug of the heading, which can hold a name) that cannot point anywhere else.
    const headingAnchor = tag === 'a' && el.getAttribute('aria-label') === 'Link to heading'
      && /^#[^\s:/?]*$/.test(el.getAttribute('href') || '') && text === '';
    if (headingAnchor) continue;
    if ((tag === 'a' || tag === 'img') && hostile.test(attrs)) {
      leaks.push(tag + ' ' + attrs.slice(0, 200));
    } else if (el.matches('.katex, .katex-display')) {
      if (hostile.test(text) || /1\.2B|3\.4B|frac/.test(text.replace(/ /g, ''))) {
        leaks.push('katex ' + text.slice(0, 120));
      }
    } else if (el.matches('svg tspan[style]')) {
      const style = el.getAttribute('style') || '';
      if (/bold|italic|color|font-size:\s*40/.test(style) && hostile.test(text)
          && !holdsAName(text)) {
        leaks.push('tspan ' + style + ' ' + text.slice(0, 120));
      }
    } else if (hostile.test(text) && !holdsAName(text)) {
      leaks.push(tag + ' ' + text.slice(0, 120));
    }
  }
  for (const el of document.querySelectorAll('svg a, [href*="invalid"], [src*="invalid"]')) {
    if (el.matches('a[aria-label="Link to heading"][href^="#"]') && clean(el.textContent) === '') {
      continue;
    }
    leaks.push('link ' + el.outerHTML.slice(0, 200));
  }
  return leaks;
}
"""


def corpus(name: str) -> list[str]:
    lines = (NAMES_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith(";;")]


def client_files(tmp_path: Path, names: list[str]) -> list[Path]:
    paths = []
    for position, name in enumerate(names):
        path = tmp_path / f"hostile_{position:02d}.csv"
        path.write_text(
            f"Company: {name}\nLine item,2022,2023\nRevenue,100,{110 + position}\n"
            "Net income,5,6\nTotal assets,80,90\nCost of goods sold,60,66\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


class Watch:
    """Every request the page makes to a host other than the app's, and every leak seen."""

    def __init__(self, page, app_url: str, names: list[str]) -> None:
        self.page, self.names = page, names
        self.app = urlsplit(app_url).netloc
        self.foreign: list[str] = []
        self.leaks: dict[str, list[str]] = {}
        page.on("request", self._request)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.app:
            self.foreign.append(request.url)

    def check(self, where: str) -> None:
        found = self.page.evaluate(FIND_LEAKS, self.names)
        if found:
            self.leaks[where] = found
        assert self.page.locator("[data-testid=stException]").count() == 0, where


def nav(page, label: str) -> None:
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text=label).first.click()
    wait_for_run(page)


def choose_loaded(page, position: int) -> str:
    """Make the ``position``-th client of "Loaded in this session" current; its caption."""
    group = page.locator("[data-testid=stSidebar]").get_by_role(
        "radiogroup", name="Loaded in this session"
    )
    group.locator("label").nth(position).click()
    wait_for_run(page)
    return page.locator("[data-testid=stSidebar] strong").last.inner_text()


def start_workshop(page, teams: list[str]) -> None:
    main = page.locator("[data-testid=stMain]")
    count = main.get_by_label("Number of teams")
    count.fill(str(len(teams)))
    count.press("Enter")
    wait_for_run(page)
    for position, team in enumerate(teams):
        box = main.get_by_label(f"Team {position + 1} name")
        box.fill(team)
        box.press("Enter")
        wait_for_run(page)
    page.get_by_role("button", name="Start the session").click()
    wait_for_run(page)
    expect(page.get_by_text("Question 1 of")).to_be_visible()


def test_hostile_names_and_team_names_stay_text_on_every_page(page, server, tmp_path):
    names, teams = corpus("hostile_names.txt"), corpus("hostile_team_names.txt")
    assert len(names) >= 30 and len(teams) >= 10
    watch = Watch(page, server.url, names + teams)
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    paths = client_files(tmp_path, names)
    pages = page.locator("[data-testid=stSidebarNavLink]").all_inner_texts()
    assert len(pages) >= 9
    for start in range(0, len(paths), FILES_PER_UPLOAD):
        batch = paths[start : start + FILES_PER_UPLOAD]
        if start:  # each page has its own, empty uploader: the next ten files go there
            nav(page, pages[start // FILES_PER_UPLOAD])
        page.locator(DROPZONE).set_input_files([str(p) for p in batch])
        wait_for_run(page)
        expect(
            page.locator("[data-testid=stSidebar] [data-testid=stAlertContainer]").filter(
                has_text="Loaded "
            )
        ).to_be_visible()
        watch.check(f"upload {start}")
    radio = page.locator("[data-testid=stSidebar]").get_by_role(
        "radiogroup", name="Loaded in this session"
    )
    assert radio.locator("label").count() == len(names)  # every name became a client

    shown = set()
    for position, label in enumerate(pages):  # every page, each with another current client
        shown.add(choose_loaded(page, (position * 7) % len(names)))
        nav(page, label)
        watch.check(f"page {label}")
    nav(page, "Competitors")  # the Plotly scatter labels its client point with the name
    for position, name in enumerate(names):
        if any(mark in name for mark in "<$%&"):
            shown.add(choose_loaded(page, position))
            watch.check(f"Competitors with client {position}")
    assert len(shown) >= 12

    nav(page, "Workshop")
    for start in range(0, len(teams), MAX_TEAMS):
        start_workshop(page, teams[start : start + MAX_TEAMS])
        page.get_by_role("button", name="Reveal the answer").click()
        wait_for_run(page)
        expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
        watch.check(f"workshop teams {start}")
        page.get_by_role("button", name="End the session and set up a new one").click()
        wait_for_run(page)

    assert not watch.leaks, "\n".join(f"{where}: {found}" for where, found in watch.leaks.items())
    assert watch.foreign == [], watch.foreign
    assert page.evaluate("window.__xss === undefined")
