"""URL helpers: canonical form (tracking parameters stripped) and dates written into article URLs."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "xtor", "at_medium", "at_campaign",
                   "at_format", "at_link", "igshid", "ocid", "cmpid", "_ga", "spm", "ref_src", "utm"}
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")

# /2013-01-12/, /2012/06/18/, DMF20130221_..., dmf20250202_...
_URL_DATES = (
    re.compile(r"(?<!\d)(20\d\d|19\d\d)-(\d\d)-(\d\d)(?!\d)"),
    re.compile(r"/(20\d\d|19\d\d)/(\d\d)/(\d\d)(?:/|$)"),
    re.compile(r"(?i)dmf(20\d\d)(\d\d)(\d\d)_"),
)


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default ports and tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def same_site(a: str, b: str) -> bool:
    """True when two URLs share their registrable domain (approximated by the last two host labels)."""
    def site(u: str) -> str:
        host = (urlsplit(u).hostname or "").lower()
        return host if re.fullmatch(r"[\d.]+|\[.*\]", host) else ".".join(host.split(".")[-2:])

    return site(a) == site(b)


def date_in_url(url: str) -> dt.date | None:
    """The publication day written into an article URL, if any."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
