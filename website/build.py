"""Generate the public site: `build_site(db, out)` reads the warehouse once (website.data) and writes static pages.

Layout of `out` (relative links only, so it works from file:// and from any static host):
  index.html                      the language choice
  style.css
  <lang>/index.html               home: this year by type, the prosecutor's figures, the map, the trend, the latest
  <lang>/commune/<id>.html        one page per commune
  <lang>/incident/<id>.html       one page per incident (and a pointer page for each id merged into another)
Each file is replaced atomically; files a previous build wrote and this one does not are removed (only those:
the list is kept in `.site-manifest.json`), so a static host never serves a half-written page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from core.dates import BRUSSELS
from core.errors import UserError
from core.vocabulary import LANGUAGES, vocabulary
from gazetteer import load as load_gazetteer
from website import charts, tilemap
from warehouse.incidents import FACT_FIELDS
from website.data import MAP_DAYS, Incident, SiteData, load
from website.strings import strings

MANIFEST = ".site-manifest.json"
LATEST = 20   # incidents listed on the home page
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class SiteStats:
    out: Path
    pages: int
    incidents: int
    communes: int

    def as_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "pages": self.pages, "incidents": self.incidents, "communes": self.communes}


def page_name(ident: str) -> str:
    """A file name for an id (incident ids are `BXL-YYYYMMDD-hash`; anything else is made safe)."""
    return SAFE_NAME.sub("_", ident) + ".html"


def web_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None: a source link is only ever a web link (never javascript:,
    data: or a relative path), whatever a crawled page said."""
    if not url:
        return None
    cleaned = url.strip()
    return cleaned if re.match(r"(?i)^https?://[^\s/]", cleaned) and not any(c in cleaned for c in "\r\n\t") else None


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("website", "templates"),
        autoescape=True,                   # every page is HTML: all text from articles is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


class Words:
    """Values worded in one language (dates, counts, types, communes), for the templates."""

    def __init__(self, lang: str):
        self.lang = lang
        self.s = strings()[lang]
        self._communes = {c.name: (c.names.get(lang) or [c.name])[0] if lang == "nl" else c.name
                          for c in load_gazetteer().communes}

    def date(self, value: dt.date | dt.datetime | None) -> str:
        if value is None:
            return self.s["unknown_date"]
        if isinstance(value, dt.datetime):
            value = value.astimezone(BRUSSELS)
        return self.s["date_format"].format(d=value.day, m=value.month, y=value.year)

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return self.s["unknown_date"]
        local = value.astimezone(BRUSSELS)
        return f"{self.date(local)} {local:%H:%M}"

    def month(self, value: dt.date) -> str:
        return f"{self.s['months'][value.month - 1]} {value.year}"

    def type(self, value: str | None) -> str:
        return self.s["types"].get(value, value) if value else self.s["unknown"]

    def weapon(self, value: str | None) -> str:
        return self.s["weapons"].get(value, value) if value else "–"

    def commune(self, value: str | None) -> str:
        return self._communes.get(value, value) if value else self.s["unknown_commune"]

    def casualties(self, killed: int | None, injured: int | None) -> str:
        if killed is None and injured is None:
            return self.s["casualties_unknown"]
        parts = [self.s["killed"].format(n=killed)] if killed else []
        parts += [self.s["injured"].format(n=injured)] if injured else []
        return ", ".join(parts) or self.s["no_casualties"]

    def fact(self, field: str, value: Any) -> str:
        """One fact's value as shown."""
        if field == "type":
            return self.type(value)
        if field == "weapon":
            return self.weapon(value)
        if field == "commune":
            return self.commune(value)
        if field == "date":
            return self.date(value)
        return self.s["unknown"] if value is None else str(value)


def _commune_ids() -> dict[str, str]:
    """French name -> the commune's page name (the gazetteer id, e.g. molenbeek_saint_jean -> molenbeek-saint-jean)."""
    return {c.name: c.id.replace("_", "-") for c in load_gazetteer().communes}


def _evidence_for(incident: Incident, field: str) -> dict[str, Any] | None:
    """The report that supplied a fact (provenance) and the sentence it was read from: the first evidence sentence
    naming the value, else the report's first sentence."""
    mention_id = incident.provenance.get(field)
    source = next((s for s in incident.sources if s.mention_id == mention_id), None)
    if source is None:
        return None
    value = incident.fact(field)
    needle = str(value).lower() if isinstance(value, str) else None
    sentence = next((e for e in source.evidence if needle and needle in e.lower()), None)
    return {"source": source, "url": web_url(source.url),
            "sentence": sentence or (source.evidence[0] if source.evidence else None)}


def _differences(incident: Incident, words: Words) -> list[dict[str, Any]]:
    """Facts on which the reports differ (a later report correcting a count, a date, a commune): each value with
    the outlets that gave it. Place names are left out (one place is worded differently in each language)."""
    out = []
    for field in ("type", "date", "commune", "killed", "injured", "weapon"):
        values: dict[Any, list[str]] = {}
        for source in incident.sources:
            value = source.facts.get(field)
            if value is not None:
                values.setdefault(value, [])
                if source.outlet and source.outlet not in values[value]:
                    values[value].append(source.outlet)
        if len(values) > 1:
            said = "; ".join(words.s["reported_as"].format(value=words.fact(field, v), outlets=", ".join(o))
                             for v, o in values.items())
            out.append({"field": words.s[f"field_{field}"], "text": said})
    return out


def _pages(data: SiteData, generated: dt.datetime) -> dict[str, str]:
    """Relative path -> HTML of every page."""
    types = vocabulary().types
    commune_ids = _commune_ids()
    languages = [{"code": lang, "name": strings()[lang]["language_name"]} for lang in LANGUAGES]
    region_months = data.monthly[None]
    first_year = min((i.date.year for i in data.incidents if i.date), default=None)
    pages: dict[str, str] = {"index.html": render("choose.html.j2", languages=languages,
                                                  all_strings=[strings()[lang] for lang in LANGUAGES])}
    # what does not depend on the language, computed once for the three
    tiles = tilemap.layout({c: n.recent for c, n in data.communes.items()})
    month_charts = {c: charts.monthly_bars(months, types) for c, months in data.monthly.items()}
    by_commune = {c: [i for i in data.incidents if i.commune == c] for c in data.communes}
    evidence = {i.incident_id: {f: _evidence_for(i, f) for f in FACT_FIELDS} for i in data.incidents}
    for lang in LANGUAGES:
        words = Words(lang)
        s = words.s
        common = {"lang": lang, "s": s, "w": words, "languages": languages, "types": types,
                  "commune_ids": commune_ids, "page_name": page_name, "web_url": web_url, "map_days": MAP_DAYS,
                  "generated": s["generated"].format(when=words.datetime(generated))}
        pages[f"{lang}/index.html"] = render(
            "home.html.j2", **common, root="../", page="index.html", data=data,
            today=data.today, first_year=first_year, latest=data.incidents[:LATEST],
            map=tiles, legend=tilemap.legend(), chart=month_charts[None], months=region_months)
        for commune, counts in data.communes.items():
            mine = by_commune[commune]
            by_type = {t: sum(1 for i in mine if i.type == t) for t in types}
            page = f"commune/{commune_ids[commune]}.html"
            pages[f"{lang}/{page}"] = render(
                "commune.html.j2", **common, root="../../", page=page, commune=commune, counts=counts,
                by_type=by_type, incidents=mine, chart=month_charts[commune], months=data.monthly[commune])
        for incident in data.incidents:
            page = f"incident/{page_name(incident.incident_id)}"
            facts = [{"field": f, "label": s[f"field_{f}"], "value": words.fact(f, incident.fact(f)),
                      "evidence": evidence[incident.incident_id][f]} for f in FACT_FIELDS]
            pages[f"{lang}/{page}"] = render(
                "incident.html.j2", **common, root="../../", page=page, incident=incident, facts=facts,
                differences=_differences(incident, words))
        for merged_id, survivor in data.merged.items():
            page = f"incident/{page_name(merged_id)}"
            pages[f"{lang}/{page}"] = render("merged.html.j2", **common, root="../../", page=page,
                                             merged_id=merged_id, survivor=survivor)
    return pages


def _write(out: Path, rel: str, content: bytes) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_site(pages: dict[str, str], out: Path) -> int:
    """Write the pages and the stylesheet atomically, remove what the previous build wrote and this one did not."""
    files = {rel: html.encode("utf-8") for rel, html in pages.items()}
    files["style.css"] = (resources.files("website") / "static" / "style.css").read_bytes()
    try:
        out.mkdir(parents=True, exist_ok=True)
        manifest = out / MANIFEST
        try:
            previous = set(json.loads(manifest.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            previous = set()
        for rel, content in files.items():
            _write(out, rel, content)
        for rel in sorted(previous - set(files)):
            stale = out / rel
            if stale.resolve().is_relative_to(out.resolve()) and stale.is_file():
                stale.unlink()
        _write(out, MANIFEST, json.dumps(sorted(files), indent=0).encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{out}: cannot write the site ({exc})") from exc
    return len(files)


def build_site(db: Path, out: Path, *, today: dt.date | None = None, now: dt.datetime | None = None) -> SiteStats:
    """Read the warehouse (read-only, briefly) and (re)write the site in `out`. `today`: the Brussels date the
    counts are as of (default: today)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    today = today or now.astimezone(BRUSSELS).date()
    data = load(Path(db), today)
    n = write_site(_pages(data, now), Path(out))
    return SiteStats(out=Path(out), pages=n, incidents=len(data.incidents), communes=len(data.communes))
