"""Shared by the engine tests: the fixture pages, and each test's wall time printed at the end."""
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"
_TIMES = []
REPORT = []  # lines a test wants in the summary (documents in/out)


def fixture_pages():
    """(name, url, html bytes) for every fixtures/*.html, in name order."""
    pages = sorted(FIXTURES.glob("*.html"))
    assert len(pages) > 50, f"no fixtures found in {FIXTURES}"
    return [(p.stem, f"https://fixtures.example.org/{p.stem}", p.read_bytes()) for p in pages]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # setup + call + teardown, so an engine's start (a module fixture: the Spark session, the Ray
    # cluster) counts in the test that starts it, and its stop in the test that stops it.
    start = time.perf_counter()
    yield
    _TIMES.append((item.nodeid, time.perf_counter() - start))


def pytest_terminal_summary(terminalreporter):
    if _TIMES:
        terminalreporter.section("engine test times")
        per_file = {}
        for nodeid, secs in _TIMES:
            terminalreporter.write_line(f"{secs:8.1f} s  {nodeid}")
            path = nodeid.split("::")[0]
            per_file[path] = per_file.get(path, 0.0) + secs
        for path, secs in per_file.items():
            terminalreporter.write_line(f"{secs:8.1f} s  {path} (engine start and stop included)")
        for line in REPORT:
            terminalreporter.write_line(line)
