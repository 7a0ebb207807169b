"""The truth of the world: one JSON line per URL with its role, family, host, issuer, year, template,
``gold_text`` for detail pages, ``gold_values`` for reports and ``file_type`` for attachments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from testbed import contentcache
from testbed.catalog import Catalog
from testbed.pages import Page

DETAIL_ROLES = ("report", "report_attachment", "distractor")


def record(page: Page, catalog: Catalog) -> dict[str, Any]:
    """The truth line of one page."""
    site, entry = page.site, page.entry
    out: dict[str, Any] = {
        "url": page.url,
        "role": page.role,
        "family": site.family,
        "cms": site.cms,
        "host": page.host,
        "antibot": catalog.antibot(page.host) or None,
        "site": site.name,
        "issuer": None,
        "adcode": site.county.adcode if site.county else None,
        "level": None,
        "year": None,
        "template": None,
        "file_type": page.file_type or None,
    }
    if entry is not None:
        out |= {
            "issuer": entry.issuer.name,
            "adcode": entry.issuer.adcode,
            "level": entry.issuer.level,
            "published": entry.published.isoformat(),
            "entry": entry.id,
        }
        if entry.kind == "report":
            report = contentcache.report_for(entry)
            out |= {
                "year": report.year,
                "template": report.template,
                "inconsistent": report.inconsistent,
                "shape": entry.shape,
                "revision": entry.revision,
                "seed_report": entry.seed_report if entry.seed_report >= 0 else None,
            }
            if page.role in ("report", "report_attachment") and "part_of" not in page.note:
                out["gold_values"] = [asdict(v) for v in report.values]
        else:
            out["distractor_kind"] = entry.distractor_kind
    if page.role in DETAIL_ROLES and page.gold is not None:
        out["gold_text"] = page.gold()
    out |= page.note
    return out


def records(catalog: Catalog) -> Iterator[dict[str, Any]]:
    for page in catalog.all_pages():
        yield record(page, catalog)


def write_truth(catalog: Catalog, out_dir: Path) -> tuple[Path, int]:
    """Write ``truth.jsonl`` under ``out_dir``; returns its path and the number of lines."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "truth.jsonl"
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in records(catalog):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return path, n
