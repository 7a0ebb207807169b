"""What a file is, from its bytes alone (never the name or the Content-Type).

Kinds: ``pdf``; OLE2 compound files told apart by their streams: ``doc`` (WordDocument), ``wps`` (a
WordDocument written by Kingsoft WPS, or a WPS-native ``WpsContent`` stream), ``xls`` (Workbook/Book),
``ole`` (anything else); ZIP packages by ``[Content_Types].xml`` and part names: ``docx``, ``xlsx``,
``zip``; ``png``, ``jpeg``, ``gif``, ``tiff``; ``html``; ``rtf``; ``empty``; ``unknown``.
"""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERTIBLE = frozenset({"pdf", "doc", "wps", "xls", "docx", "xlsx", "png", "jpeg", "tiff"})


def sniff(data: bytes) -> str:
    """The kind of ``data`` by magic numbers and container contents."""
    if not data.strip():
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "html" if _looks_like_html(head) else "unknown"


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p", b"<table", b"<!--")
    return text.startswith(markers) or b"<html" in text


def _sniff_ole(data: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # a damaged directory: fall back on stream names in the raw bytes
        return _sniff_ole_raw(data)
    if "wpscontent" in streams:
        return "wps"
    if "worddocument" in streams:
        return "wps" if _kingsoft_mark(data) else "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    return "ole"


def _sniff_ole_raw(data: bytes) -> str:
    names = {"doc": "WordDocument", "xls": "Workbook"}
    for kind, name in names.items():
        if name.encode("utf-16-le") in data:
            return kind
    return "ole"


def _kingsoft_mark(data: bytes) -> bool:
    return b"KSOProductBuildVer" in data or "KSOProductBuildVer".encode("utf-16-le") in data


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "zip"
    if "[Content_Types].xml" not in names:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"
