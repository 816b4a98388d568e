"""App speed: cold start to the first rendered Overview in Chromium, client switch time, and
each page's render time in AppTest and in the browser. Prints its figures; asserts nothing.

Run: .venv/bin/python bench/app_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_for_run  # noqa: E402

PAGES = sorted(p for p in (ROOT / "pages").glob("*.py"))


def page_url_path(path: Path) -> str:
    """Streamlit's URL path of a pages/ file: the number prefix dropped."""
    stem = path.stem
    return stem.split("_", 1)[1] if stem.split("_", 1)[0].isdigit() else stem


def apptest_times(repeat: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    results: dict[str, list[float]] = {}
    for _ in range(repeat):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        start = time.perf_counter()
        at.run()
        results.setdefault("Overview (app.py)", []).append(time.perf_counter() - start)
        for page in PAGES:
            at.switch_page(f"pages/{page.name}")
            start = time.perf_counter()
            at.run()
            results.setdefault(page.stem, []).append(time.perf_counter() - start)
            if at.exception:
                print(f"  ! {page.name}: {at.exception[0].message[:120]}")
    return {name: statistics.median(times) for name, times in results.items()}


def browser_times(repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        server = StreamlitServer()
        try:
            server.wait_healthy()
            healthy = time.perf_counter() - start
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(server.url)
                page.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
                wait_for_run(page, timeout=120_000)
                figures.setdefault("cold start: server healthy", []).append(healthy)
                figures.setdefault("cold start: first Overview rendered", []).append(time.perf_counter() - start)

                box = page.get_by_role("combobox", name="Bundled sample (type to search by name or ticker)")
                box.click()
                box.fill("Wal-Mart")
                switch = time.perf_counter()
                page.get_by_role("option", name="Wal-Mart Stores (WMT)").click()
                wait_for_run(page)
                figures.setdefault("switch client (HHP → WMT)", []).append(time.perf_counter() - switch)

                for path in PAGES:
                    begin = time.perf_counter()
                    page.goto(f"{server.url}/{page_url_path(path)}")
                    wait_for_run(page, timeout=120_000)
                    figures.setdefault(f"browser page: {path.stem} (new session)", []).append(time.perf_counter() - begin)
                browser.close()
        finally:
            server.stop()
    return {name: statistics.median(times) for name, times in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"AppTest render times (median of {args.repeat}, warm process after the first run):")
    for name, seconds in apptest_times(args.repeat).items():
        print(f"  {name:<45} {seconds * 1000:8.0f} ms")
    if not Path(CHROMIUM).exists():
        print(f"browser section skipped: {CHROMIUM} is not installed")
        return
    print(f"Chromium (median of {args.repeat}):")
    for name, seconds in browser_times(args.repeat).items():
        print(f"  {name:<60} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
