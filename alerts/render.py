"""Digest → email: Jinja2 text and HTML parts (HTML autoescaped), inline chart, unsubscribe headers."""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import tomllib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import cache
from importlib import resources
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

import jinja2

from alerts.chart import daily_chart_png
from alerts.selection import Digest, Item
from core.vocabulary import labels

CHART_CID = "chart@brussels-incidents"
# Long headers stay literal (RFC 5322 allows 998 characters): List-Unsubscribe must not be RFC 2047-encoded.
HEADER_POLICY = email.policy.default.clone(max_line_length=998)
# Line and page breaks of every kind (C0/C1 controls, U+2028/2029): never inside an interpolated value.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _inline(value: Any) -> Any:
    """Every value a template prints stays on its line: crawled outlets, URLs, places and titles are untrusted and
    a line break in one of them would forge lines of the plain-text part."""
    return _BREAKS.sub(" ", value) if isinstance(value, str) else value


@cache
def strings() -> dict[str, dict[str, Any]]:
    """Wording per language, from alerts/strings.toml, with the type and weapon labels (core/data/labels.toml)."""
    table = tomllib.loads((resources.files("alerts") / "strings.toml").read_text(encoding="utf-8"))
    return {lang: {**s, **labels()[lang]} for lang, s in table.items()}


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("alerts", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_inline,
    )


def unsubscribe_url(base_url: str, token: str) -> str:
    return f"{base_url}{'&' if '?' in base_url else '?'}{urlencode({'token': token})}"


def _date(value: dt.date | None, s: dict[str, Any]) -> str:
    return value.strftime("%d/%m/%Y") if value else s["unknown_date"]


def _casualties(item: Item, s: dict[str, Any]) -> str:
    if item.killed is None and item.injured is None:
        return s["casualties_unknown"]
    parts = []
    if item.killed:
        parts.append(s["killed"].format(n=item.killed))
    if item.injured:
        parts.append(s["injured"].format(n=item.injured))
    return ", ".join(parts) if parts else s["no_casualties"]


def _label(value: Any, table: dict[str, str]) -> Any:
    return table.get(value, value) if isinstance(value, str) else value


def _display_value(field: str, value: Any, s: dict[str, Any], commune_names: dict[str, str]) -> str:
    if value is None:
        return "–"
    if field == "type":
        return _label(value, s["types"])
    if field == "weapon":
        return _label(value, s["weapons"])
    if field == "commune":
        return commune_names.get(value, value)
    if field == "date":
        return _date(dt.date.fromisoformat(value) if isinstance(value, str) else value, s)
    return str(value)


def _one_line(text: str | None) -> str | None:
    """Untrusted text on one line (a title with line breaks cannot forge lines of the plain-text part)."""
    return " ".join(text.split()) if text else text


def _is_web_url(url: str) -> bool:
    """Only http(s) links are clickable (source URLs come from crawled pages: untrusted)."""
    return url.lower().startswith(("http://", "https://"))


def _item_context(item: Item, s: dict[str, Any], commune_names: dict[str, str]) -> dict[str, Any]:
    return {
        "incident_id": item.incident_id,
        "date": _date(item.date, s),
        "type": _label(item.type, s["types"]),
        "place": _one_line(item.place),
        "casualties": _casualties(item, s),
        "weapon": _label(item.weapon, s["weapons"]) if item.weapon else None,
        "is_update": item.is_update,
        "changes": [
            {"field": s[f"field_{f}"], "before": _display_value(f, old, s, commune_names),
             "after": _display_value(f, new, s, commune_names)}
            for f, (old, new) in item.changes.items()
        ],
        "sources": [{"outlet": src.outlet, "url": src.url if _is_web_url(src.url) else None,
                     "title": _one_line(src.title) or src.url} for src in item.sources],
    }


def context(digest: Digest, unsubscribe: str, commune_names: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the templates show, already worded in the subscriber's language."""
    sub = digest.subscriber
    s = strings()[sub.language]
    names = commune_names or {}
    day = digest.period.local_day
    groups = []
    for commune, items in groupby(digest.items, key=lambda i: i.commune):
        groups.append({
            "commune": names.get(commune, commune) if commune else s["unknown_commune"],
            "items": [_item_context(i, s, names) for i in items],
        })
    n_new, n_upd = len(digest.new_items), len(digest.updates)
    c = digest.counts
    subject_key = "subject_empty" if digest.is_empty else "subject"
    return {
        "lang": sub.language,
        "s": s,
        "subject": s[subject_key].format(new=n_new, updates=n_upd, day=day.strftime("%d/%m/%Y")),
        "period": s[f"period_{sub.frequency}"],
        "scope": s["scope_communes"].format(communes=", ".join(names.get(x, x) for x in sub.communes))
        if sub.communes else s["scope_all"],
        "summary": s["summary"].format(new=n_new, updates=n_upd),
        "counts_period": s["counts_period"].format(this_period=c.this_period, previous_period=c.previous_period),
        "counts_shootings": s["counts_shootings"].format(
            this_year=c.shootings_this_year, year=day.year, last_year=c.shootings_last_year, previous_year=day.year - 1),
        "groups": groups,
        "chart_cid": CHART_CID,
        "unsubscribe_url": unsubscribe,
    }


def render_parts(ctx: dict[str, Any]) -> tuple[str, str]:
    """(plain text, HTML) of the digest."""
    env = _env()
    return env.get_template("digest.txt.j2").render(ctx), env.get_template("digest.html.j2").render(ctx)


def build_message(digest: Digest, *, mail_from: str, unsubscribe_base_url: str,
                  commune_names: dict[str, str] | None = None, message_id: str | None = None,
                  chart_png: bytes | None = None) -> EmailMessage:
    """The complete email: multipart/related [multipart/alternative [text, html], chart PNG by CID]."""
    sub = digest.subscriber
    unsubscribe = unsubscribe_url(unsubscribe_base_url, sub.unsubscribe_token)
    ctx = context(digest, unsubscribe, commune_names)
    text, html = render_parts(ctx)
    if chart_png is None:
        chart_png = daily_chart_png(digest.daily, ctx["s"]["chart_title"])
    body = EmailMessage()
    body.set_content(text, subtype="plain", charset="utf-8")
    body.add_alternative(html, subtype="html", charset="utf-8")
    msg = EmailMessage(policy=HEADER_POLICY)
    msg["MIME-Version"] = "1.0"
    msg["From"] = mail_from
    msg["To"] = sub.email
    msg["Subject"] = ctx["subject"]
    msg["Date"] = format_datetime(digest.period.end)
    msg["Message-ID"] = message_id or new_message_id(mail_from)
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Content-Language"] = sub.language
    msg["Content-Type"] = 'multipart/related; type="multipart/alternative"'
    msg.set_payload([body])
    msg.add_related(chart_png, maintype="image", subtype="png", cid=f"<{CHART_CID}>", filename="chart.png",
                    disposition="inline")
    return msg


def new_message_id(mail_from: str) -> str:
    """A fresh Message-ID in the sender's domain (stored with the delivery, reused if it is re-sent)."""
    domain = mail_from.rpartition("@")[2].strip("> ") or "brussels-incidents.invalid"
    return make_msgid(idstring="digest", domain=domain)
