"""The offline testbed: a deterministic province of county-government portals served on loopback.

``testbed.content`` makes the reports (gold text and gold values) and renders their bodies;
the rest of the package builds the world (counties, hosts, CMS families, chrome, faults), serves it and
writes its truth.
"""
