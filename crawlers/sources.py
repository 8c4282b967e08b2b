"""The sources registry: outlets, their feeds and sitemaps, declared in a TOML file and checked on load."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.errors import UserError

LANGUAGES = ("fr", "nl", "en", "de")
DEFAULT_SOURCES = "sources.toml"  # packaged with `crawlers`

_OUTLET_KEYS = {"name", "languages", "allowed_domains", "feeds", "sitemaps", "enabled", "disabled_reason",
                "skip_url_patterns", "selectors", "homepage", "notes", "max_entries"}
_SELECTOR_KEYS = {"body", "title", "date"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Selectors:
    """Per-outlet XPath overrides (used instead of the generic extraction when set)."""

    body: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Outlet:
    name: str
    languages: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    enabled: bool = True
    disabled_reason: str | None = None
    skip_url_patterns: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    max_entries: int | None = None  # entries followed per run at most (default: crawlers.settings.MAX_ENTRIES_PER_OUTLET)

    @property
    def language(self) -> str | None:
        """The outlet's language when it publishes in exactly one, else None (the page decides)."""
        return self.languages[0] if len(self.languages) == 1 else None

    def allows(self, url: str) -> bool:
        """True when the URL's host is one of the outlet's allowed domains (or a subdomain of one)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def skips(self, url: str) -> str | None:
        """The skip pattern matching this URL (videos, live blogs, teasers), or None."""
        for pattern in self.skip_url_patterns:
            if re.search(pattern, url):
                return pattern
        return None

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for handing the registry to the crawl child process)."""
        return {"name": self.name, "languages": list(self.languages), "allowed_domains": list(self.allowed_domains),
                "feeds": list(self.feeds), "sitemaps": list(self.sitemaps), "enabled": self.enabled,
                "disabled_reason": self.disabled_reason, "skip_url_patterns": list(self.skip_url_patterns),
                "selectors": {k: v for k, v in vars(self.selectors).items() if v}, "max_entries": self.max_entries}


def default_sources_path() -> Path:
    return Path(str(resources.files("crawlers") / DEFAULT_SOURCES))


def load_sources(path: Path | str | None = None) -> list[Outlet]:
    """Read and validate a registry file (default: the packaged `crawlers/sources.toml`)."""
    path = Path(path) if path is not None else default_sources_path()
    if not path.is_file():
        raise UserError(f"{path}: no such sources file; pass --sources with a registry TOML file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from exc
    return parse_sources(data, str(path))


def parse_sources(data: dict[str, Any], where: str) -> list[Outlet]:
    """Validate the registry's data: unique names, known languages, URLs parse and stay on allowed domains."""
    unknown_top = set(data) - {"outlet"}
    if unknown_top:
        raise UserError(f"{where}: unknown top-level key(s) {sorted(unknown_top)}; outlets go in [[outlet]] tables")
    raw = data.get("outlet")
    if not isinstance(raw, list) or not raw:
        raise UserError(f"{where}: no [[outlet]] tables found")
    outlets, seen = [], set()
    for i, entry in enumerate(raw, 1):
        outlet = _outlet(entry, f"{where}: outlet #{i} ({entry.get('name', '?')!s})")
        if outlet.name in seen:
            raise UserError(f"{where}: outlet {outlet.name!r} is declared twice; names must be unique")
        seen.add(outlet.name)
        outlets.append(outlet)
    return outlets


def _outlet(entry: dict[str, Any], where: str) -> Outlet:
    unknown = set(entry) - _OUTLET_KEYS
    if unknown:
        raise UserError(f"{where}: unknown key(s) {sorted(unknown)} (allowed: {sorted(_OUTLET_KEYS)})")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise UserError(f"{where}: 'name' must be a lowercase identifier like 'bx1' or 'brussels_times'")
    languages = tuple(_str_list(entry, "languages", where))
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise UserError(f"{where}: 'languages' must list one or more of {', '.join(LANGUAGES)}, got {list(languages)}")
    domains = tuple(d.lower().strip(".") for d in _str_list(entry, "allowed_domains", where))
    if not domains:
        raise UserError(f"{where}: 'allowed_domains' is empty")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise UserError(f"{where}: 'enabled' must be true or false")
    reason = entry.get("disabled_reason")
    if not enabled and not reason:
        raise UserError(f"{where}: a disabled outlet needs a 'disabled_reason'")
    feeds = tuple(_str_list(entry, "feeds", where))
    sitemaps = tuple(_str_list(entry, "sitemaps", where))
    patterns = tuple(_str_list(entry, "skip_url_patterns", where))
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UserError(f"{where}: skip pattern {pattern!r} is not a valid regular expression ({exc})") from exc
    selectors = entry.get("selectors") or {}
    if not isinstance(selectors, dict) or set(selectors) - _SELECTOR_KEYS:
        raise UserError(f"{where}: 'selectors' may only set {sorted(_SELECTOR_KEYS)} (XPath expressions)")
    _check_xpaths(selectors, where)
    max_entries = entry.get("max_entries")
    if max_entries is not None and (not isinstance(max_entries, int) or isinstance(max_entries, bool) or max_entries < 1):
        raise UserError(f"{where}: 'max_entries' must be a positive whole number (entries followed per run)")
    outlet = Outlet(name=name, languages=languages, allowed_domains=domains, feeds=feeds, sitemaps=sitemaps,
                    enabled=enabled, disabled_reason=reason, skip_url_patterns=patterns, selectors=Selectors(**selectors),
                    max_entries=max_entries)
    for url in feeds + sitemaps:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(f"{where}: {url!r} is not an absolute http(s) URL")
        if not outlet.allows(url):
            raise UserError(f"{where}: {url} is outside allowed_domains {list(domains)}")
    if enabled and not feeds and not sitemaps:
        raise UserError(f"{where}: an enabled outlet needs at least one feed or sitemap (or enabled = false with a reason)")
    return outlet


def _str_list(entry: dict[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(f"{where}: {key!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _check_xpaths(selectors: dict[str, Any], where: str) -> None:
    from lxml import etree

    for key, expr in selectors.items():
        if not isinstance(expr, str):
            raise UserError(f"{where}: selector {key!r} must be an XPath string")
        try:
            etree.XPath(expr)
        except etree.XPathSyntaxError as exc:
            raise UserError(f"{where}: selector {key!r} = {expr!r} is not valid XPath ({exc})") from exc


def enabled_outlets(outlets: list[Outlet], names: list[str] | None = None) -> list[Outlet]:
    """Enabled outlets, optionally restricted to `names` (an unknown name is a UserError)."""
    if names:
        known = {o.name for o in outlets}
        missing = [n for n in names if n not in known]
        if missing:
            raise UserError(f"unknown outlet(s) {missing}; known: {sorted(known)}")
        outlets = [o for o in outlets if o.name in names]
    return [o for o in outlets if o.enabled]


def find_outlet(outlets: list[Outlet], name: str) -> Outlet:
    for outlet in outlets:
        if outlet.name == name:
            return outlet
    raise UserError(f"unknown outlet {name!r}; known: {', '.join(sorted(o.name for o in outlets))}")
