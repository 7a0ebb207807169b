"""URL helpers for discovery and scope: canonical form, registrable domain, address checks.

Registrable domain uses a small suffix rule instead of the Public Suffix List (tldextract would try to
download the list at runtime; nianbao runs offline). The rule covers the hosts this project crawls:

- the public suffix is the last label (``cn``, ``com``), or the last two when the second-to-last is one of
  ``SECOND_LEVEL`` under ``cn`` (``gov.cn``, ``com.cn``, ``org.cn``, …);
- a trailing ``.test`` (the testbed's TLD) is part of the suffix: ``gov.cn.test``;
- the registrable domain is the suffix plus one label: ``www.wsq.gov.cn`` → ``wsq.gov.cn``,
  ``xxgk.wsq.gov.cn.test`` → ``wsq.gov.cn.test``; IP literals are returned unchanged.

Province-level PSL entries such as ``nm.cn`` are not suffixes here: government hosts never use them.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

SECOND_LEVEL = frozenset({"gov", "com", "org", "net", "edu", "ac", "mil"})
TEST_SUFFIX = "test"
SESSION_KEYS = frozenset({"jsessionid", "phpsessid", "sessionid", "sid_session", "cfid", "cftoken"})
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#;]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without port or trailing dot ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when ``host`` is an IP literal (brackets allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_private_ip(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Private, loopback, link-local, reserved, multicast or unspecified: never crawled."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def public_suffix(host: str) -> str:
    """The public suffix of ``host`` under the rule in the module docstring."""
    labels = host.rstrip(".").lower().split(".")
    test = len(labels) > 1 and labels[-1] == TEST_SUFFIX
    core = labels[:-1] if test else labels
    size = 2 if len(core) >= 2 and core[-1] == "cn" and core[-2] in SECOND_LEVEL else 1
    suffix = core[-size:] + ([TEST_SUFFIX] if test else [])
    return ".".join(suffix)


def registrable_domain(host: str) -> str:
    """``www.wsq.gov.cn`` → ``wsq.gov.cn``; ``xxgk.wsq.gov.cn.test`` → ``wsq.gov.cn.test``.

    A URL is accepted too (its host is used).
    """
    host = host_of(host) if "://" in host else host.split(":")[0].rstrip(".").lower()
    if not host or ip_of(host) is not None:
        return host
    suffix = public_suffix(host)
    if host == suffix:
        return host
    head = host[: -len(suffix) - 1].split(".")
    return f"{head[-1]}.{suffix}"


def in_domain(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or one of its subdomains."""
    host, domain = host.lower().rstrip("."), domain.lower().strip(".")
    return bool(domain) and (host == domain or host.endswith("." + domain))


def canonicalize_url(url: str, base: str | None = None) -> str:
    """Absolute URL with fragment and session ids dropped, query sorted, host lower-cased, default port cut.

    Returns '' for what is not an http(s) URL (``javascript:``, ``mailto:``, malformed).
    """
    url = url.strip().replace("\\", "/")
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    netloc = parts.hostname.rstrip(".").lower()
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    # escapes are read and written back as bytes (latin-1), so a GBK-encoded query (a GBK site's search
    # form) keeps its bytes; raw non-ASCII characters are escaped as UTF-8 first, as browsers do
    raw_path = unquote(_ascii_only(_PATH_SESSION.sub("", parts.path)), encoding="latin-1")
    path = quote(raw_path, safe="/%:@!$&'()*+,;=-._~", encoding="latin-1") or "/"
    pairs = parse_qsl(_ascii_only(parts.query), keep_blank_values=True, encoding="latin-1")
    query = [(k, v) for k, v in pairs if k.lower() not in SESSION_KEYS]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query), encoding="latin-1"), ""))


_PRINTABLE_ASCII = "".join(map(chr, range(0x21, 0x7F)))


def _ascii_only(text: str) -> str:
    """Non-ASCII characters (and spaces) percent-escaped as UTF-8; existing escapes left as they are."""
    return text if text.isascii() and " " not in text else quote(text, safe=_PRINTABLE_ASCII)
