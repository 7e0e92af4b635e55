"""The domain stays pure: no domain package may import I/O or framework libraries."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"asyncpg", "aiokafka", "strawberry", "fastapi", "httpx", "uvicorn", "starlette"}
# Modules the domain may take from eventkit: the pure building blocks only.
ALLOWED_EVENTKIT = {"eventkit.domain", "eventkit.errors"}


def domain_files() -> list[Path]:
    files = sorted(ROOT.glob("services/*/src/*/domain/**/*.py"))
    files += [
        ROOT / "libs/eventkit/src/eventkit/domain.py",
        ROOT / "libs/eventkit/src/eventkit/errors.py",
    ]
    return files


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_every_service_has_a_domain_package_to_check() -> None:
    assert any("services" in str(p) for p in domain_files())


def test_no_domain_module_imports_io_or_framework_libraries() -> None:
    offenders = []
    for path in domain_files():
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in FORBIDDEN or (top == "eventkit" and module not in ALLOWED_EVENTKIT):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_the_purity_check_would_catch_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncpg\nfrom strawberry import type\nfrom eventkit.pg import connect\n")
    assert imported_modules(bad) >= {"asyncpg", "strawberry", "eventkit.pg"}
