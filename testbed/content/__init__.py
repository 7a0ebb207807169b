"""Report content for the testbed: reports with gold values, rendered in every real shape.

Interface (fixed; the site families build on it):

- ``make_report(seed, issuer, year, *, inconsistent=False) -> Report``: a report by ``issuer`` on
  ``year``, template chosen by year (<=2013 narrative, 2014–2018 old2014 (+ Inner Mongolia extension when
  the issuer's adcode starts with 15), 2019–2020 v2019, >=2021 v2021), deterministic for the same arguments.
- ``render_body(report, shape) -> RenderedBody``: the report's body as an HTML fragment (what goes inside
  the page's body container) in one of ``SHAPES``, and the gold text lines a perfect cleaner emits for it.
- ``make_distractor(seed, issuer, kind) -> Distractor``: pages a title filter falls for.
- ``seed_reports() -> list[Report]``: the five seeds of ``shared/seeds`` as reports.

The data classes live in ``model.py``, values in ``values.py``, tables in ``tables.py``, prose in
``prose.py``, assembly in ``report.py``, shapes in ``render.py``/``word.py``/``image.py``.
"""

from __future__ import annotations

from testbed.content.distractors import make_distractor
from testbed.content.model import (
    DISTRACTOR_KINDS,
    LEVELS,
    SHAPES,
    Distractor,
    GoldValue,
    Issuer,
    RenderedBody,
    Report,
)
from testbed.content.render import render_body
from testbed.content.report import NAIVE_TITLE_RE, REPORT_TITLE_RE, make_report, template_for
from testbed.content.seeds import seed_reports

__all__ = [
    "DISTRACTOR_KINDS",
    "LEVELS",
    "NAIVE_TITLE_RE",
    "REPORT_TITLE_RE",
    "SHAPES",
    "Distractor",
    "GoldValue",
    "Issuer",
    "RenderedBody",
    "Report",
    "make_distractor",
    "make_report",
    "render_body",
    "seed_reports",
    "template_for",
]
