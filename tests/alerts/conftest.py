"""Alerts fixtures: a real SMTP server (aiosmtpd) on 127.0.0.1 (the fictional warehouse is in tests/conftest.py)."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from core.settings import Settings, SmtpSettings



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RecordingHandler:
    """Accepts every message except for addresses in `refuse` (550 at RCPT TO)."""

    refuse: set[str] = field(default_factory=set)
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.messages.append(msg)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self, unsubscribe_url: str = "https://alerts.example.org/unsubscribe") -> Settings:
        sender = "Brussels incidents <digest@alerts.example.org>"
        smtp = SmtpSettings(host="127.0.0.1", port=self.port, user=None, password=None, security="plain",
                            mail_from=sender)
        return Settings(db_path=Path("unused"), outbox=Path("unused-outbox"), user_agent="test",
                        unsubscribe_base_url=unsubscribe_url, mail_from=sender, smtp=smtp)


@pytest.fixture
def smtp_server():
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_offline():
    """An SMTP server on a free port that is not listening yet (`.start()` it to bring it up)."""
    server = SmtpServer(free_port())
    yield server
    server.stop()
