"""The sample rosters under tests/data/oneroster, and small edits of them for tests."""

from __future__ import annotations

from pathlib import Path

from clc_groups.domain import TENANT_ADMIN
from clc_groups.roster import read_folder
from eventkit.principal import Principal

DATA = Path(__file__).resolve().parents[2] / "data" / "oneroster"
SAMPLE = DATA / "sample"
MALFORMED = ("missing_column", "bad_enum", "duplicate_sourcedid", "wrong_encoding")

ADMIN = Principal(tenant_id="severn", person_id="admin-1", roles=frozenset({TENANT_ADMIN}))
OTHER_ADMIN = Principal(tenant_id="wye", person_id="admin-2", roles=frozenset({TENANT_ADMIN}))
TEACHER = Principal(tenant_id="severn", person_id="t-1", roles=frozenset({"group_lead"}))

SAMPLE_SCHOOLS = 4
SAMPLE_STAFF_REGISTERED = 12


def sample() -> dict[str, str]:
    return {name: content.decode("utf-8") for name, content in read_folder(SAMPLE).items()}


def variant(name: str) -> dict[str, bytes]:
    return read_folder(DATA / name)


def edited(file: str, old: str, new: str, files: dict[str, str] | None = None) -> dict[str, str]:
    """The sample (or ``files``) with one text replaced in one file; the text must occur."""
    result = dict(files or sample())
    assert old in result[file], f"{old!r} not in {file}"
    result[file] = result[file].replace(old, new)
    return result


def without_column(file: str, column: str) -> dict[str, str]:
    files = sample()
    lines = files[file].splitlines()
    index = lines[0].split(",").index(column)
    files[file] = "\n".join(
        ",".join(v for i, v in enumerate(line.split(",")) if i != index) for line in lines
    )
    return files
