"""Settings read from the environment (see README, "Configuration")."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import UserError

DEFAULT_DB = Path("data") / "incidents.duckdb"
DEFAULT_MAIL_FROM = "digest@brussels-incidents.invalid"
DEFAULT_USER_AGENT = "brussels-incidents/0.1 (+https://github.com/brussels-incidents/brussels-incidents)"


DEFAULT_LOCK_WAIT_SECONDS = 60.0
DEFAULT_PUBLIC_URL = "https://brussels-incidents.invalid"


def default_db_path() -> Path:
    """`$INCIDENTS_DB`, else `./data/incidents.duckdb`."""
    return Path(os.environ.get("INCIDENTS_DB") or DEFAULT_DB)


def site_dir(db: Path) -> Path:
    """Where the public site is generated: `$INCIDENTS_SITE_DIR`, else `<db folder>/site` (./data/site by default)."""
    raw = os.environ.get("INCIDENTS_SITE_DIR")
    return Path(raw) if raw else Path(db).parent / "site"


def public_url(env: dict[str, str] | None = None) -> str:
    """`$INCIDENTS_PUBLIC_URL` (where `incidents web` is reachable, e.g. https://incidents.example.org), no final /."""
    env = os.environ if env is None else env
    return (env.get("INCIDENTS_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def lock_wait_seconds() -> float:
    """`$INCIDENTS_LOCK_WAIT_SECONDS` (how long a writer waits for another process's DuckDB lock), else 60."""
    raw = os.environ.get("INCIDENTS_LOCK_WAIT_SECONDS")
    if not raw:
        return DEFAULT_LOCK_WAIT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise UserError(f"INCIDENTS_LOCK_WAIT_SECONDS={raw!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise UserError(f"INCIDENTS_LOCK_WAIT_SECONDS={raw!r} must be a finite number of seconds, not negative")
    return value


def operator_email() -> str | None:
    """`$INCIDENTS_OPERATOR_EMAIL`: who is emailed when an outlet changes state (none: no such email)."""
    value = (os.environ.get("INCIDENTS_OPERATOR_EMAIL") or "").strip()
    if value and ("@" not in value or any(c.isspace() or c in ",;<>" for c in value)):
        raise UserError(f"INCIDENTS_OPERATOR_EMAIL={value!r} is not one email address")
    return value or None


SMTP_SECURITY = {"starttls": 587, "ssl": 465, "plain": 25}  # INCIDENTS_SMTP_SECURITY -> default port


def _smtp_port(raw: str | None, default: int) -> int:
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise UserError(f"INCIDENTS_SMTP_PORT={raw!r} is not a port number (1-65535)")
    return port


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None = field(repr=False)
    security: str  # starttls | ssl | plain
    mail_from: str


@dataclass(frozen=True)
class Settings:
    db_path: Path
    outbox: Path
    user_agent: str
    unsubscribe_base_url: str
    mail_from: str
    smtp: SmtpSettings | None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        mail_from = env.get("INCIDENTS_MAIL_FROM") or DEFAULT_MAIL_FROM
        smtp = None
        if env.get("INCIDENTS_SMTP_HOST"):
            security = (env.get("INCIDENTS_SMTP_SECURITY") or "starttls").lower()
            if security not in SMTP_SECURITY:
                raise UserError(f"INCIDENTS_SMTP_SECURITY={security!r} must be one of {', '.join(SMTP_SECURITY)}")
            smtp = SmtpSettings(
                host=env["INCIDENTS_SMTP_HOST"],
                port=_smtp_port(env.get("INCIDENTS_SMTP_PORT"), SMTP_SECURITY[security]),
                user=env.get("INCIDENTS_SMTP_USER") or None,
                password=env.get("INCIDENTS_SMTP_PASSWORD") or None,
                security=security,
                mail_from=mail_from,
            )
        return cls(
            db_path=Path(env.get("INCIDENTS_DB") or DEFAULT_DB),
            outbox=Path(env.get("INCIDENTS_OUTBOX") or Path("data") / "outbox"),
            user_agent=env.get("INCIDENTS_USER_AGENT") or DEFAULT_USER_AGENT,
            unsubscribe_base_url=f"{public_url(env)}/unsubscribe",   # served by `incidents web`
            mail_from=mail_from,
            smtp=smtp,
        )
