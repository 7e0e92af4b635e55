"""The Kafka broker's jars and JVM: fetched once from Maven Central by ``mvn`` using
``deploy/kafka/pom.xml`` into ``<cache>/kafka/libs``, refetched only when the pom changes."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.paths import cache_dir, repo_root

__all__ = [
    "KAFKA_VERSION",
    "fetch_kafka_libs",
    "java_executable",
    "libs_dir",
    "new_cluster_id",
    "pom_path",
]

KAFKA_VERSION = "4.1.1"
MARKER = ".fetched"


def pom_path() -> Path:
    return repo_root() / "deploy" / "kafka" / "pom.xml"


def libs_dir(cache: Path | None = None) -> Path:
    return (cache or cache_dir()) / "kafka" / "libs"


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise DevstackError("java (17 or newer) is needed to run the local Kafka broker")
    return found


def fetch_kafka_libs(cache: Path | None = None, *, force: bool = False) -> Path:
    """The folder of broker jars, fetched with Maven unless a previous fetch of the same pom
    completed (a marker file holding the pom's hash). Safe to call from parallel processes."""
    pom = pom_path()
    wanted = hashlib.sha256(pom.read_bytes()).hexdigest()
    libs = libs_dir(cache)
    marker = libs / MARKER

    def fetched() -> bool:
        return marker.is_file() and marker.read_text().strip() == wanted

    if fetched() and not force:
        return libs
    with _proc.FileLock(libs.parent / "fetch.lock") as lock:
        lock.acquire(timeout=900)
        if fetched() and not force:
            return libs
        mvn = shutil.which("mvn")
        if mvn is None:
            raise DevstackError("mvn (Maven) is needed once to fetch the Kafka jars")
        progress(f"fetching Apache Kafka {KAFKA_VERSION} jars with Maven into {libs}")
        begun = time.monotonic()
        scratch = libs.parent / "libs.fetching"
        shutil.rmtree(scratch, ignore_errors=True)
        command = [
            mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
            f"-DoutputDirectory={scratch}", "-DincludeScope=runtime",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not any(scratch.glob("kafka_2.13-*.jar")):
            shutil.rmtree(scratch, ignore_errors=True)
            raise DevstackError(
                f"fetching Kafka jars failed ({' '.join(command)}):\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        (scratch / MARKER).write_text(wanted + "\n")
        shutil.rmtree(libs, ignore_errors=True)
        scratch.rename(libs)
        progress(f"fetched {len(list(libs.glob('*.jar')))} jars in {time.monotonic() - begun:.0f}s")
    return libs


def new_cluster_id() -> str:
    """A Kafka cluster id (22 characters of URL-safe base64 of a random UUID).

    Never one starting with "-": the storage tool would take it for an option (`-t -x…`: "expected
    one argument"), one start in 64; Kafka's own ``Uuid.randomUuid`` skips those for that reason."""
    while True:
        found = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not found.startswith("-"):
            return found
