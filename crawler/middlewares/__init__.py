"""Downloader middlewares: every HTTP concern (testbed routing, rendering on demand, politeness)."""
