"""The operator's email: one message when outlets change state in `outlet_health` (failing, parse_degraded,
silent, back to ok), not every night. Sent to $INCIDENTS_OPERATOR_EMAIL through the digests' transport (SMTP, or
the outbox folder); without that address nothing is sent and the flagged outlets are only in the run summary."""

from __future__ import annotations

import datetime as dt
import logging
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from alerts.send import DeliveryError, OutboxTransport, make_transport
from core.settings import Settings
from warehouse.db import write_connection
from warehouse.outlets import notified_states, outlet_report, record_notified

log = logging.getLogger(__name__)


def notify_outlet_changes(db: Path, settings: Settings, operator: str | None, *, outbox: Path | None = None,
                          now: dt.datetime | None = None) -> dict[str, Any]:
    """Email `operator` the outlets whose state changed since the last email; return the flagged outlets and what
    was done. A failed delivery is not recorded, so the next run tells the same changes again."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with write_connection(db) as con:
        report = outlet_report(con)
        told = notified_states(con)
    changes = [(r, before) for r in report if (before := told.get(r["outlet"], "ok")) != r["state"]]
    result: dict[str, Any] = {"flagged": [r for r in report if r["state"] != "ok"], "state_changes": len(changes),
                              "operator_emailed": False}
    if not changes or not operator:
        return result
    msg = _message(changes, settings.mail_from, operator, now)
    transport = OutboxTransport(outbox) if outbox is not None else make_transport(settings.smtp, settings.outbox)
    try:
        transport.send(msg, f"operator-outlets-{now:%Y%m%dT%H%M%S}")
    except DeliveryError as exc:
        log.warning("outlet state email to the operator not delivered (the next run retries): %s", exc)
        result["operator_error"] = str(exc)
        return result
    finally:
        transport.close()
    with write_connection(db) as con:
        record_notified(con, {r["outlet"]: r["state"] for r, _ in changes}, now)
    result["operator_emailed"] = True
    return result


def _message(changes: list[tuple[dict[str, str], str]], mail_from: str, to: str, now: dt.datetime) -> EmailMessage:
    msg = EmailMessage()
    worse = sum(1 for r, _ in changes if r["state"] != "ok")
    msg["Subject"] = (f"brussels-incidents: {len(changes)} outlet(s) changed state"
                      + (f", {worse} need attention" if worse else ""))
    msg["From"], msg["To"] = mail_from, to
    msg["Date"], msg["Message-ID"] = format_datetime(now), make_msgid(domain="brussels-incidents")
    lines = ["Outlet health changed since the last email (view outlet_health; day-one check: incidents sources "
             "check --outlet NAME):", ""]
    lines += [f"- {r['outlet']}: {before} -> {r['state']}: {r['detail']}" for r, before in changes]
    msg.set_content("\n".join(lines) + "\n")
    return msg
