"""Digest subscribers: validated add, list, remove, and one-click unsubscribe by token."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Iterable

import duckdb
from email_validator import EmailNotValidError, validate_email

from core.errors import UserError
from core.vocabulary import INCIDENT_TYPES
from gazetteer import commune_names, load
from warehouse.db import transaction

LANGUAGES = ("fr", "nl", "en")
FREQUENCIES = ("daily", "weekly")
# min_severity: 0 = every incident, 1 = someone injured or killed, 2 = someone killed.
SEVERITIES = {0: "all incidents", 1: "injured or worse", 2: "killed"}

_COLUMNS = ("subscriber_id, email, communes, types, min_severity, language, frequency, unsubscribe_token, "
            "active, created_at")


@dataclass(frozen=True)
class Subscriber:
    subscriber_id: str
    email: str
    communes: tuple[str, ...]   # French canonical names; empty = the whole region
    types: tuple[str, ...]      # incident types; empty = all
    min_severity: int
    language: str
    frequency: str
    unsubscribe_token: str
    active: bool
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: tuple) -> "Subscriber":
        sid, email, communes, types, sev, lang, freq, token, active, created = row
        return cls(sid, email, tuple(communes or ()), tuple(types or ()), sev, lang, freq, token, active, created)


def normalize_email(email: str) -> str:
    """The normalized address, or UserError saying why it is not a valid email address (no DNS lookup)."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise UserError(f"{email!r} is not a valid email address: {exc}") from None


def canonical_communes(names: Iterable[str]) -> tuple[str, ...]:
    """French canonical names of the given communes (FR, NL or short forms); UserError on an unknown one."""
    names = list(names)
    if not names:
        return ()
    gazetteer = load()
    out: list[str] = []
    for name in names:
        commune = gazetteer.commune(name.strip())
        if commune is None:
            raise UserError(f"unknown commune {name!r}; use one of the 19: {', '.join(commune_names())}")
        if commune.name not in out:
            out.append(commune.name)
    return tuple(out)


def _check_choice(value: str, allowed: Iterable, what: str) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        raise UserError(f"unknown {what} {value!r}; use one of: {', '.join(map(str, allowed))}")


def add_subscriber(con: duckdb.DuckDBPyConnection, email: str, *, communes: Iterable[str] = (),
                   types: Iterable[str] = (), min_severity: int = 0, language: str = "fr",
                   frequency: str = "daily", now: dt.datetime | None = None) -> Subscriber:
    """Validate and insert a subscriber; an already-subscribed address is a UserError (remove it first)."""
    email = normalize_email(email)
    communes = canonical_communes(communes)
    types = tuple(dict.fromkeys(t.strip().lower() for t in types))
    for t in types:
        _check_choice(t, INCIDENT_TYPES, "incident type")
    _check_choice(min_severity, SEVERITIES, "min-severity")
    _check_choice(language, LANGUAGES, "language")
    _check_choice(frequency, FREQUENCIES, "frequency")
    if get_subscriber(con, email) is not None:
        raise UserError(f"{email} is already subscribed; `incidents subscribers remove {email}` first to change it")
    sub = Subscriber(
        subscriber_id=uuid.uuid4().hex, email=email, communes=communes, types=types, min_severity=min_severity,
        language=language, frequency=frequency, unsubscribe_token=secrets.token_urlsafe(24), active=True,
        created_at=now or dt.datetime.now(dt.timezone.utc),
    )
    with transaction(con):
        con.execute(
            f"INSERT INTO subscribers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sub.subscriber_id, sub.email, list(sub.communes), list(sub.types), sub.min_severity, sub.language,
             sub.frequency, sub.unsubscribe_token, sub.active, sub.created_at],
        )
    return sub


def get_subscriber(con: duckdb.DuckDBPyConnection, email: str) -> Subscriber | None:
    row = con.execute(f"SELECT {_COLUMNS} FROM subscribers WHERE lower(email) = lower(?)", [email]).fetchone()
    return Subscriber.from_row(row) if row else None


def list_subscribers(con: duckdb.DuckDBPyConnection, active_only: bool = False) -> list[Subscriber]:
    where = "WHERE active" if active_only else ""
    rows = con.execute(f"SELECT {_COLUMNS} FROM subscribers {where} ORDER BY email").fetchall()
    return [Subscriber.from_row(r) for r in rows]


def remove_subscriber(con: duckdb.DuckDBPyConnection, email: str) -> Subscriber:
    """Delete a subscriber and what they received (delivery rows keep only the opaque subscriber id)."""
    sub = get_subscriber(con, normalize_email(email))
    if sub is None:
        raise UserError(f"{email} is not subscribed; see `incidents subscribers list`")
    with transaction(con):
        con.execute("DELETE FROM delivered_incidents WHERE subscriber_id = ?", [sub.subscriber_id])
        con.execute("DELETE FROM subscribers WHERE subscriber_id = ?", [sub.subscriber_id])
    return sub


def unsubscribe(con: duckdb.DuckDBPyConnection, token: str) -> Subscriber | None:
    """One-click unsubscribe (the link and RFC 8058 POST): deactivate; None for an unknown token."""
    row = con.execute(f"SELECT {_COLUMNS} FROM subscribers WHERE unsubscribe_token = ?", [token]).fetchone()
    if row is None:
        return None
    con.execute("UPDATE subscribers SET active = FALSE WHERE unsubscribe_token = ?", [token])
    return Subscriber.from_row(row)
