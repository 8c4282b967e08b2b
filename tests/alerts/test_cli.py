"""`incidents subscribers add|list|remove` and `incidents digest` through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.cli import main
from warehouse.db import connect


def cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return exc.value.code or 0, out, err


def one_line_error(code: int, err: str, needle: str) -> bool:
    lines = [line for line in err.splitlines() if line.strip()]
    return code == 1 and len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]


def listed(capsys, db: Path) -> list[dict]:
    code, out, _ = cli(capsys, "subscribers", "list", "--json", "--db", str(db))
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_add_list_remove(capsys, db_path):
    db = str(db_path)
    code, out, err = cli(capsys, "subscribers", "add", "Alice@Example.org", "--commune", "Sint-Jans-Molenbeek",
                         "--commune", "Schaarbeek", "--commune", "molenbeek", "--type", "shooting",
                         "--min-severity", "1", "--language", "nl", "--frequency", "weekly", "--db", db)
    assert code == 0, err
    assert "Molenbeek-Saint-Jean,Schaerbeek" in out
    code, _, err = cli(capsys, "subscribers", "add", "bob@example.org", "--db", db)
    assert code == 0, err

    subs = listed(capsys, db_path)
    assert [s["email"] for s in subs] == ["Alice@example.org", "bob@example.org"]
    alice = subs[0]
    assert alice["communes"] == ["Molenbeek-Saint-Jean", "Schaerbeek"]
    assert (alice["types"], alice["min_severity"], alice["language"], alice["frequency"]) == (
        ["shooting"], 1, "nl", "weekly")
    assert subs[1]["communes"] == [] and subs[1]["language"] == "fr" and subs[1]["frequency"] == "daily"
    with connect(db_path) as con:
        tokens = [r[0] for r in con.execute("SELECT unsubscribe_token FROM subscribers").fetchall()]
    assert len(set(tokens)) == 2 and all(len(t) >= 32 for t in tokens)

    code, out, err = cli(capsys, "subscribers", "remove", "alice@example.org", "--db", db)
    assert code == 0, err
    assert [s["email"] for s in listed(capsys, db_path)] == ["bob@example.org"]


@pytest.mark.parametrize("args, needle", [
    (["not-an-email"], "'not-an-email' is not a valid email address"),
    (["a@b"], "is not a valid email address"),
    (["carol@example.org", "--commune", "Antwerpen"], "unknown commune 'Antwerpen'"),
    (["carol@example.org", "--type", "burglary"], "unknown incident type 'burglary'"),
    (["carol@example.org", "--min-severity", "3"], "unknown min-severity 3"),
    (["carol@example.org", "--language", "de"], "unknown language 'de'"),
    (["carol@example.org", "--frequency", "hourly"], "unknown frequency 'hourly'"),
])
def test_add_rejects_bad_input_with_one_line(capsys, db_path, args, needle):
    code, out, err = cli(capsys, "subscribers", "add", *args, "--db", str(db_path))
    assert one_line_error(code, err, needle), err
    assert listed(capsys, db_path) == []


def test_duplicate_and_unknown_remove_are_one_line_errors(capsys, db_path):
    db = str(db_path)
    assert cli(capsys, "subscribers", "add", "dan@example.org", "--db", db)[0] == 0
    code, _, err = cli(capsys, "subscribers", "add", "DAN@example.org", "--db", db)
    assert one_line_error(code, err, "already subscribed"), err
    code, _, err = cli(capsys, "subscribers", "remove", "erin@example.org", "--db", db)
    assert one_line_error(code, err, "erin@example.org is not subscribed"), err


def test_console_script_error_has_no_traceback(db_path):
    proc = subprocess.run([str(Path(sys.executable).with_name("incidents")), "subscribers", "add", "nope",
                           "--db", str(db_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error: 'nope' is not a valid email address")


def test_digest_dry_run_then_outbox(capsys, db_path, tmp_path, monkeypatch):
    monkeypatch.delenv("INCIDENTS_SMTP_HOST", raising=False)
    db = str(db_path)
    assert cli(capsys, "subscribers", "add", "fay@example.org", "--language", "en", "--db", db)[0] == 0
    with connect(db_path) as con:
        con.execute("INSERT INTO incidents (incident_id, type, date, commune, place, killed, injured, weapon, "
                    "sources_count, first_seen, last_updated) VALUES ('i1', 'shooting', current_date, 'Jette', "
                    "'Fictional Square', 0, 2, 'firearm', 1, now() - INTERVAL 1 HOUR, now() - INTERVAL 1 HOUR)")
    outbox = tmp_path / "outbox"

    code, out, err = cli(capsys, "digest", "--dry-run", "--outbox", str(outbox), "--db", db)
    assert code == 0, err
    assert "To: fay@example.org" in out and "Fictional Square" in out and "2 injured" in out
    assert json.loads(out.splitlines()[-1])["would_send"] == 1
    assert not outbox.exists()

    code, out, err = cli(capsys, "digest", "--outbox", str(outbox), "--db", db)
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["sent"] == 1
    assert len(list(outbox.glob("*.eml"))) == 1
    code, out, _ = cli(capsys, "digest", "--outbox", str(outbox), "--db", db)
    assert json.loads(out.splitlines()[-1])["skipped_already_sent"] == 1


def test_unsubscribe_token_deactivates_the_subscriber(capsys, db_path):
    db = str(db_path)
    assert cli(capsys, "subscribers", "add", "carol@example.org", "--db", db)[0] == 0
    con = connect(db_path)
    token = con.execute("SELECT unsubscribe_token FROM subscribers WHERE email = 'carol@example.org'").fetchone()[0]
    con.close()
    code, out, err = cli(capsys, "subscribers", "unsubscribe", token, "--db", db)
    assert code == 0, err
    assert "carol@example.org" in out
    con = connect(db_path)
    assert con.execute("SELECT active FROM subscribers WHERE email = 'carol@example.org'").fetchone() == (False,)
    con.close()
    code, _, err = cli(capsys, "subscribers", "unsubscribe", "no-such-token", "--db", db)
    assert one_line_error(code, err, "unknown unsubscribe token")
