"""The eight site families; ``layout_for`` picks a site's layout (anti-bot sites wrap a CMS layout)."""

from __future__ import annotations

from testbed.families.base import Layout
from testbed.families.gkmlpt import GkmlptLayout
from testbed.families.hanweb import HanwebLayout
from testbed.families.jsportal import JsPortalLayout
from testbed.families.legacy import LegacyLayout
from testbed.families.lonsun import LonsunLayout
from testbed.families.shared import SharedLayout
from testbed.families.trs import TrsLayout
from testbed.model import Site

LAYOUTS: dict[str, type[Layout]] = {
    "trs": TrsLayout,
    "hanweb": HanwebLayout,
    "lonsun": LonsunLayout,
    "gkmlpt": GkmlptLayout,
    "jsportal": JsPortalLayout,
    "legacy": LegacyLayout,
    "shared": SharedLayout,
}


def layout_for(site: Site, traps_on: bool = False) -> Layout:
    """The layout serving ``site`` (an anti-bot site uses the CMS named by ``site.layout``)."""
    return LAYOUTS[site.cms](site, traps_on)
