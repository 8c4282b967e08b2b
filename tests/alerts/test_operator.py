"""The operator's email about outlet health: one message per change of state, none on a night like the last,
through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

from alerts.operator import notify_outlet_changes
from warehouse.db import connect
from warehouse.outlets import record_outlet_runs

NOW = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.timezone.utc)
OPERATOR = "ops@example.org"
GOOD = {"requests": 4, "failures": 0, "feeds": 1, "entries": 3, "articles_new": 3, "parsed": 3}
BLOCKED = {"requests": 1, "failures": 1, "http_statuses": {"403": 1}}


def night(db, n: int, **outlets) -> None:
    record_outlet_runs(db, f"run-{n}", NOW + dt.timedelta(days=n), "feeds", outlets)


def test_one_email_per_change_of_state(db_path, smtp_server):
    connect(db_path).close()
    settings = smtp_server.settings()

    def notify(n: int):
        return notify_outlet_changes(db_path, settings, OPERATOR, now=NOW + dt.timedelta(days=n, hours=1))

    night(db_path, 0, alpha=GOOD, beta=GOOD)
    assert notify(0) == {"flagged": [], "state_changes": 0, "operator_emailed": False}

    night(db_path, 1, alpha=BLOCKED, beta=GOOD)
    result = notify(1)
    assert result["operator_emailed"] and [f["outlet"] for f in result["flagged"]] == ["alpha"]
    [msg] = smtp_server.handler.to(OPERATOR)
    assert msg["Subject"] == "brussels-incidents: 1 outlet(s) changed state, 1 need attention"
    body = msg.get_content()
    assert "- alpha: ok -> failing: all 1 request(s) failed (HTTP 403 x1" in body and "beta" not in body

    night(db_path, 2, alpha=BLOCKED, beta=GOOD)  # the same states: no second email
    assert notify(2)["state_changes"] == 0 and len(smtp_server.handler.messages) == 1

    night(db_path, 3, alpha=GOOD, beta=GOOD)  # back to ok: told once
    assert notify(3)["operator_emailed"]
    assert "- alpha: failing -> ok: 3 new article(s) in the last run" in smtp_server.handler.messages[-1].get_content()
    assert len(smtp_server.handler.messages) == 2


def test_no_operator_no_email_and_a_failed_delivery_is_told_again(db_path, smtp_offline):
    connect(db_path).close()
    settings = smtp_offline.settings()
    night(db_path, 0, alpha=BLOCKED)

    result = notify_outlet_changes(db_path, settings, None, now=NOW)
    assert result["state_changes"] == 1 and not result["operator_emailed"]

    result = notify_outlet_changes(db_path, settings, OPERATOR, now=NOW)  # SMTP down
    assert not result["operator_emailed"] and "cannot connect" in result["operator_error"]

    smtp_offline.start()
    assert notify_outlet_changes(db_path, settings, OPERATOR, now=NOW)["operator_emailed"]
    assert len(smtp_offline.handler.to(OPERATOR)) == 1
