"""``WARC_*`` settings as a typed config, and where the archive's files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.errors import ConfigError

VERSIONS = ("1.1", "1.0")


@dataclass
class WarcConfig:
    """Read with ``read_config(WarcConfig, settings, "WARC")``; see ``crawler/settings.py`` for each key."""

    enabled: bool = True
    version: str = "1.1"
    gzip_level: int = 6
    rotate_bytes: int = 1_000_000_000
    prefix: str = "nianbao"
    dir: str = ""
    dedup_enabled: bool = True
    conditional_enabled: bool = True

    def validate(self) -> None:
        if self.version not in VERSIONS:
            raise ConfigError(f"WARC_VERSION={self.version!r}: use '1.1' or '1.0'")
        if not 0 <= self.gzip_level <= 9:
            raise ConfigError(f"WARC_GZIP_LEVEL={self.gzip_level}: use 0..9 (6 is the default)")
        if self.rotate_bytes < 1_000_000:
            raise ConfigError(f"WARC_ROTATE_BYTES={self.rotate_bytes}: use at least 1000000")
        if not self.prefix or "/" in self.prefix:
            raise ConfigError(f"WARC_PREFIX={self.prefix!r}: use a non-empty name without '/'")


def warc_directory(config: WarcConfig, settings: Any) -> Path:
    """``WARC_DIR``, default ``{ARCHIVE_ROOT}/warc``."""
    return Path(config.dir) if config.dir else Path(settings.get("ARCHIVE_ROOT") or "archive") / "warc"


def store_location(settings: Any) -> Path | None:
    """``STORE_PATH``, default ``{ARCHIVE_ROOT}/nianbao.db``; ``None`` when ``STORE_ENABLED`` is off."""
    enabled = settings.get("STORE_ENABLED", True)
    if str(enabled).strip().lower() in ("0", "false", "no", "off"):
        return None
    path = settings.get("STORE_PATH") or ""
    return Path(path) if path else Path(settings.get("ARCHIVE_ROOT") or "archive") / "nianbao.db"
