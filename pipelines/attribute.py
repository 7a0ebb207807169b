"""Pipeline: attribute a report to the county that issued it, when it was found on another unit's site
(issuer ≠ host: a prefecture's portal publishes its counties' reports, as seed 004's 阿尔山市 on 兴安盟's)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import Portal, ReportItem
from nianbao.config import read_config
from nianbao.records import document_record
from nianbao.registry import RegistryEntry, county_for_issuer, load_registry


@dataclass
class AttributeConfig:
    enabled: bool = True
    registry: str = ""  # the registry CSV the harvest used ("" = the bundled one)


class AttributePipeline:
    def __init__(self, registry: list[RegistryEntry]) -> None:
        self.registry = registry

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttributePipeline:
        config = read_config(AttributeConfig, crawler.settings, "ATTRIBUTE")
        if not config.enabled:
            raise NotConfigured("ATTRIBUTE_ENABLED is off")
        return cls(load_registry(config.registry or None))

    def process_item(self, item: ReportItem) -> ReportItem:
        portal = item.portal
        if portal is None or portal.level != "prefecture" or not item.is_report or item.kept:
            return item
        issuer = document_record(item).issuer
        county = county_for_issuer(issuer, _entry(portal), self.registry)
        if county.level != "prefecture":
            item.portal = replace(portal, adcode=county.adcode, county=county.county, level=county.level)
        return item


def _entry(portal: Portal) -> RegistryEntry:
    return RegistryEntry(
        adcode=portal.adcode,
        county=portal.county,
        portal_url=portal.portal_url,
        level=portal.level,
        province=portal.province,
        prefecture=portal.prefecture,
    )
