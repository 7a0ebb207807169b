"""The saved testbed sample: every page cleans to exactly the testbed's gold text, and the sample still
covers what it was chosen to cover (so a re-generated sample cannot silently shrink)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.clean import clean_page
from nianbao.clean.evaluate import Sample, clean_sample, corpus, score

TESTBED = Path(__file__).parent / "fixtures" / "clean" / "testbed"
CASES = list(corpus(TESTBED))


@pytest.mark.parametrize("sample", CASES, ids=[f"{c.name}-{c.info.get('family')}" for c in CASES])
def test_testbed_page_cleans_to_truth(sample: Sample) -> None:
    output = clean_sample(sample)
    assert score(output, sample.gold).leaked == ()
    assert output == sample.gold


def test_sample_covers_families_shapes_charsets_and_spam() -> None:
    features = {f for case in CASES for f in case.info["features"]}
    families = {f for f in features if f.startswith("family:")}
    assert families >= {f"family:{n}" for n in ("trs", "hanweb", "lonsun", "gkmlpt", "legacy", "shared")}
    shapes = {"table", "word", "borderless", "flat", "pipe", "image", "news", "guide", "compile_notice"}
    assert {f"shape:{s}" for s in shapes} <= features
    assert {"spam:inline", "spam:stylesheet", "spam:visible", "multipart", "charset:gb2312"} <= features


def test_no_page_warns_of_missing_body() -> None:
    for case in CASES:
        document = clean_page(case.bodies[0], url=case.url, headers=case.headers)
        assert "no body text found" not in document.warnings, case.name
