"""The fault suite's figures, printed after the run (a test's own output is captured)."""

from __future__ import annotations

from typing import Any

from tests.faults.rig import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("fault figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
