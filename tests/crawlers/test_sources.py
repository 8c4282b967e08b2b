"""The sources registry: the packaged file is valid and covers the required outlets; bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.sources import enabled_outlets, load_sources
from core.errors import UserError

REQUIRED = {"bx1", "rtbf", "lesoir", "dhnet", "lalibre", "7sur7", "sudinfo", "rtl", "bruzz", "hln", "vrt",
            "nieuwsblad", "standaard", "brusselstimes", "thebulletin", "belga", "brf"}


def test_packaged_registry_covers_required_outlets() -> None:
    outlets = load_sources()
    assert REQUIRED <= {o.name for o in outlets}
    assert {lang for o in outlets for lang in o.languages} == {"fr", "nl", "en", "de"}
    for outlet in outlets:
        assert outlet.enabled or outlet.disabled_reason
        assert all(outlet.allows(u) for u in outlet.feeds + outlet.sitemaps)
    assert "lesoir" not in {o.name for o in enabled_outlets(outlets)}


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
[[outlet]]
name = "one"
languages = ["fr"]
allowed_domains = ["example.be"]
feeds = ["https://www.example.be/rss.xml"]
"""


@pytest.mark.parametrize("body, message", [
    (GOOD + GOOD, "declared twice"),
    (GOOD.replace('["fr"]', '["es"]'), "'languages'"),
    (GOOD.replace("https://www.example.be/rss.xml", "not a url"), "not an absolute http"),
    (GOOD.replace("https://www.example.be/rss.xml", "https://evil.example.com/rss.xml"), "outside allowed_domains"),
    (GOOD + "enabled = false\n", "disabled_reason"),
    (GOOD + "colour = 'red'\n", "unknown key"),
    (GOOD + "skip_url_patterns = ['(']\n", "regular expression"),
    (GOOD + "selectors = { body = '//p[' }\n", "not valid XPath"),
    ("[[outlet]\nname=", "not valid TOML"),
])
def test_invalid_registry_names_file_and_outlet(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(UserError) as err:
        load_sources(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such sources file"):
        load_sources(tmp_path / "nope.toml")
