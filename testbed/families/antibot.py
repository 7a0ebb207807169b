"""Anti-bot gates, set per prefecture: 412 (瑞数-like) and 521 (加速乐-like). A client without the right
cookie gets a ~1.2 KB script stub that computes the cookie in JavaScript and reloads; only a client that runs
the script (a real browser) gets through, plain HTTP never does. The site behind the gate is an ordinary CMS
layout (``Site.layout``).
"""

from __future__ import annotations

import hashlib
from http.cookies import SimpleCookie

from testbed.pages import Reply

COOKIE = {"412": "FSSBBIl1UgzbN7N80T", "521": "__jsl_clearance"}
PRE_COOKIE = {"412": "FSSBBIl1UgzbN7N80S", "521": "__jsluid_h"}
KEY = 23


def token(host: str, flavour: str, seed: int) -> str:
    return hashlib.blake2b(f"{seed}:{host}:{flavour}".encode(), digest_size=12).hexdigest()


def parse_cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header is just no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


def passes(cookie_header: str, host: str, flavour: str, seed: int) -> bool:
    return parse_cookies(cookie_header).get(COOKIE[flavour]) == token(host, flavour, seed)


def challenge(host: str, flavour: str, seed: int) -> Reply:
    """The script stub that sets the cookie and reloads; status 412 or 521."""
    value = token(host, flavour, seed)
    codes = ",".join(str(ord(c) ^ KEY) for c in value)
    decode = f"var a=[{codes}],s='';for(var i=0;i<a.length;i++){{s+=String.fromCharCode(a[i]^{KEY});}}"
    pre = hashlib.blake2b(host.encode(), digest_size=16).hexdigest()
    if flavour == "412":
        padding = hashlib.sha512(value.encode()).hexdigest() * 8
        body = (
            '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{padding}"><script type="text/javascript" r="m">'
            f"(function(){{{decode}document.cookie='{COOKIE['412']}='+s+'; path=/';location.reload();}})();"
            "</script></head><body></body></html>"
        )
    else:
        body = (
            f"<html><body><script>(function(){{{decode}document.cookie=('_')+('_jsl_clearance')+'='+s+"
            "';max-age=3600;path=/';location.href=location.pathname+location.search;})();</script></body></html>"
        )
    headers = [
        ("Set-Cookie", f"{PRE_COOKIE[flavour]}={pre}; Path=/; HttpOnly"),
        ("Cache-Control", "no-cache"),
    ]
    return Reply(int(flavour), body.encode(), "text/html; charset=utf-8", headers)
