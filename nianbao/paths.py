"""Where things go under the archive root; paths derived from metadata never escape it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from nianbao.errors import NianbaoError

_UNSAFE = re.compile(r"[^a-z0-9.-]+")


@dataclass(frozen=True)
class ArchivePaths:
    root: Path

    @property
    def warc(self) -> Path:
        return self.root / "warc"

    @property
    def text(self) -> Path:
        return self.root / "text"

    @property
    def db(self) -> Path:
        return self.root / "nianbao.db"

    @property
    def locks(self) -> Path:
        return self.root / "locks"

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    def text_path(self, url: str, adcode: str = "", year: int | None = None) -> Path:
        """``text/{adcode|host}/{year|unknown}/{hash}.txt``; every part sanitised, result inside ``text/``."""
        area = adcode if re.fullmatch(r"\d{6}", adcode or "") else _safe(urlsplit(url).hostname or "unknown")
        when = str(year) if year and 1990 < year < 2100 else "unknown"
        name = hashlib.sha1(url.encode("utf-8")).hexdigest()[:20] + ".txt"
        path = (self.text / area / when / name).resolve()
        if not path.is_relative_to(self.text.resolve()):
            raise NianbaoError(f"refusing text path outside the archive: {path}")
        return path


def _safe(part: str) -> str:
    cleaned = _UNSAFE.sub("_", part.lower()).strip("._") or "unknown"
    return cleaned[:80]
