"""Shared fixtures: the offline testbed started once per test run, and a fresh archive root per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    """An empty archive root (warc/, text/, nianbao.db are created by the components)."""
    root = tmp_path / "archive"
    root.mkdir()
    return root


@pytest.fixture(scope="session")
def testbed() -> Iterator[object]:
    """The offline testbed province on a free loopback port, shared by the whole run."""
    from testbed.server import start_testbed

    handle = start_testbed(counties=12, seed=7)
    try:
        yield handle
    finally:
        handle.stop()
