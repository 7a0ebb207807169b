"""Clean stage: raw portal page bytes → the report body as a ``CleanedDocument`` (pure, no network).

``clean_page(body, url=None, headers=None)`` is the one public entry; see ``core`` for the cascade.
"""

from __future__ import annotations

from nianbao.clean.core import clean_page

__all__ = ["clean_page"]
