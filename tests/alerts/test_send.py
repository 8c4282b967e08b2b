"""SMTP transport details: login, STARTTLS refusal, no secrets in errors or logs."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from alerts.send import DeliveryError, OutboxTransport, SmtpTransport
from core.settings import SmtpSettings

SECRET = "s3cret-Pa55word"


def message(to: str = "alice@example.org") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "digest@example.org", to, "test"
    msg.set_content("hello")
    return msg


def check_login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"digest" and auth_data.password == SECRET.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture
def auth_server(smtp_offline):
    controller = Controller(smtp_offline.handler, hostname="127.0.0.1", port=smtp_offline.port,
                            authenticator=check_login, auth_require_tls=False)
    controller.start()
    yield smtp_offline
    controller.stop()


def settings(port: int, *, user=None, password=None, security="plain") -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, user=user, password=password, security=security,
                        mail_from="digest@example.org")


def test_login_then_send(auth_server):
    transport = SmtpTransport(settings(auth_server.port, user="digest", password=SECRET))
    transport.send(message(), "x")
    transport.close()
    assert [m["To"] for m in auth_server.handler.messages] == ["alice@example.org"]


def test_wrong_password_fails_without_leaking_it(auth_server, caplog):
    caplog.set_level(logging.DEBUG)
    transport = SmtpTransport(settings(auth_server.port, user="digest", password="wrong-" + SECRET))
    with pytest.raises(DeliveryError) as exc:
        transport.send(message(), "x")
    assert "login as 'digest'" in str(exc.value) and "535" in str(exc.value)
    with pytest.raises(DeliveryError):          # the rest of the run fails fast with the same error
        transport.send(message("bob@example.org"), "y")
    assert SECRET not in str(exc.value) and SECRET not in caplog.text
    assert SECRET not in repr(transport.settings)
    assert not auth_server.handler.messages


def test_starttls_required_but_not_offered_is_a_clear_failure(smtp_server):
    transport = SmtpTransport(settings(smtp_server.port, security="starttls"))
    with pytest.raises(DeliveryError, match="STARTTLS.*INCIDENTS_SMTP_SECURITY"):
        transport.send(message(), "x")
    assert not smtp_server.handler.messages


def test_outbox_write_error_is_a_delivery_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DeliveryError, match="cannot write"):
        OutboxTransport(blocker).send(message(), "x")
