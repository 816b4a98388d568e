"""A workshop of 30: real headless Chromium sessions against one `streamlit run` server.

Each session (its own browser context, so its own Streamlit session) runs a trainer's journey:
open the app, pick a designed case, open Priorities, move a what-if slider, download the
brief. Every third session first uploads a file with a marker company name; at the end no
session may show another session's marker. At most ``--browsers`` Chromium processes run
at once. Prints p50/p95 per step, the server's peak RSS and the errors seen. Asserts nothing.

Run: .venv/bin/python bench/workshop_load.py [--sessions 30] [--browsers 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_for_run  # noqa: E402

CASES = ["Harbor Home Products (HHP)", "Southeast Hardware Co. (SEHW)", "Alpha Brands (ALFA)",
         "Keystone Fabrication (KEYF)", "Summit Foods (SMTF)", "Northwind Devices (NWDV)"]
SAMPLE_BOX = "Bundled sample (type to search by name or ticker)"


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_cpu_seconds() -> float:
    """CPU seconds all cores spent not idle, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class PeakMemory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_bytes(self.pid))
            time.sleep(0.1)


def marker_file(folder: Path, index: int) -> tuple[str, Path]:
    name = f"Marker Client {index:02d} Confidential"
    path = folder / f"marker_{index:02d}.csv"
    path.write_text(
        f"Company: {name}\nLine item,2022,2023\nRevenue,100,120\nNet income,5,7\nTotal assets,80,90\n", encoding="utf-8"
    )
    return name, path


def timed(timings: dict, step: str, action) -> None:
    start = time.perf_counter()
    action()
    timings[step].append(time.perf_counter() - start)


def journey(browser, url: str, index: int, folder: Path, timings: dict, markers: dict, errors: list) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        def open_app() -> None:
            page.goto(url)
            page.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
            wait_for_run(page, timeout=120_000)

        timed(timings, "1 open app (first render)", open_app)
        if index % 3 == 0:
            name, path = marker_file(folder, index)
            markers[index] = name
            page.locator("[data-testid=stSidebar]").get_by_text("Upload a file", exact=True).click()
            wait_for_run(page)
            page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
            wait_for_run(page)
            page.locator("[data-testid=stSidebar]").get_by_text("Bundled sample", exact=True).click()
            wait_for_run(page)

        def pick_case() -> None:
            box = page.get_by_role("combobox", name=SAMPLE_BOX)
            box.click()
            case = CASES[index % len(CASES)]
            box.fill(case.split(" (")[0])
            page.get_by_role("option", name=case).click()
            wait_for_run(page)

        timed(timings, "2 pick a designed case", pick_case)

        def open_priorities() -> None:
            page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Priorities").click()
            wait_for_run(page)
            page.get_by_text("1. ", exact=False).first.wait_for(timeout=60_000)

        timed(timings, "3 open Priorities", open_priorities)

        def open_whatif() -> None:
            page.locator("[data-testid=stSidebarNavLink]").filter(has_text="What if").click()
            wait_for_run(page)

        timed(timings, "4a open What-if", open_whatif)

        def move_slider() -> None:
            slider = page.get_by_role("slider", name="Price")
            slider.focus()
            slider.press("ArrowRight")
            wait_for_run(page)

        timed(timings, "4b move a what-if slider", move_slider)

        def download_brief() -> None:
            page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Meeting brief").click()
            wait_for_run(page)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name="Download printable brief (HTML)").click()
            info.value.path()

        timed(timings, "5 download the brief", download_brief)
        errors.extend(f"session {index}: exception shown" for _ in range(page.locator("[data-testid=stException]").count()))
        markers[f"content-{index}"] = page.content() + page.locator("[data-testid=stSidebar]").inner_text()
    except Exception as error:  # noqa: BLE001 - a benchmark reports every failure and goes on
        errors.append(f"session {index}: {type(error).__name__}: {str(error)[:160]}")
    finally:
        context.close()


def worker(url: str, indexes: list[int], folder: Path, timings: dict, markers: dict, errors: list) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for index in indexes:
            journey(browser, url, index, folder, timings, markers, errors)
        browser.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=6)
    args = parser.parse_args()

    server = StreamlitServer()
    server.wait_healthy()
    memory = PeakMemory(server.process.pid)
    memory.start()
    folder = Path(tempfile.mkdtemp(prefix="acumen-load-"))
    try:
        warm_timings, warm_errors = defaultdict(list), []
        worker(server.url, [999], folder, warm_timings, {}, warm_errors)  # warm-up, not counted
        timings: dict[str, list[float]] = defaultdict(list)
        markers: dict = {}
        errors: list[str] = []
        groups = [list(range(i, args.sessions, args.browsers)) for i in range(args.browsers)]
        server_cpu, machine_cpu = process_cpu_seconds(server.process.pid), machine_busy_cpu_seconds()
        start = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(server.url, g, folder, timings, markers, errors)) for g in groups]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
        server_cpu = process_cpu_seconds(server.process.pid) - server_cpu
        machine_cpu = machine_busy_cpu_seconds() - machine_cpu
    finally:
        memory.running = False
        server.stop()

    leaks = [
        f"session {j} shows session {i}'s marker"
        for i, name in markers.items() if isinstance(i, int)
        for j in range(args.sessions) if j != i and name in markers.get(f"content-{j}", "")
    ]
    print(f"Workshop load: {args.sessions} sessions, ≤{args.browsers} Chromium processes at once, wall {wall:.1f} s "
          f"(warm-up errors: {len(warm_errors)})")
    print(f"{'step':<32}{'n':>4}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for step in sorted(timings):
        values = timings[step]
        print(f"{step:<32}{len(values):>4}{statistics.median(values):>9.2f}{percentile(values, 0.95):>9.2f}{max(values):>9.2f}")
    print(f"server peak RSS: {memory.peak / 2**20:.0f} MB")
    print(
        f"CPU: server {server_cpu:.0f} s of {machine_cpu:.0f} s busy on {os.cpu_count()} cores "
        f"({wall * (os.cpu_count() or 1):.0f} s available); the rest is Chromium and this driver"
    )
    print(f"sessions with an upload marker: {sum(isinstance(k, int) for k in markers)}; cross-session leaks: {len(leaks)}")
    print(f"errors: {len(errors) + len(leaks)}")
    for line in errors + leaks:
        print(f"  {line}")


if __name__ == "__main__":
    main()
