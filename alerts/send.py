"""Delivery transports: SMTP (starttls | ssl | plain, optional login) or .eml files in an outbox folder."""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from core.settings import SmtpSettings

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """This message was not accepted (the text is stored as the delivery's last_error; never a secret)."""


class Transport(Protocol):
    def send(self, msg: EmailMessage, name: str) -> None: ...
    def close(self) -> None: ...


class OutboxTransport:
    """Writes each message to <folder>/<name>.eml (atomically: a crash never leaves half a file)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def send(self, msg: EmailMessage, name: str) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as fh:
                fh.write(msg.as_bytes())
            os.replace(tmp, self.folder / f"{safe}.eml")
        except OSError as exc:
            raise DeliveryError(f"cannot write {self.folder / safe}.eml: {exc}") from exc

    def close(self) -> None:
        pass


class SmtpTransport:
    """One SMTP session for the run, opened on first use; reopened after a disconnect.

    When the server cannot be reached at all, the remaining messages of the run fail fast with the same error
    (they are retried by the next run).
    """

    def __init__(self, settings: SmtpSettings, timeout: float = 30.0):
        self.settings = settings
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._down: str | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        where = f"{s.host}:{s.port}"
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                elif s.security != "plain":
                    raise DeliveryError(f"unknown INCIDENTS_SMTP_SECURITY {s.security!r} (starttls | ssl | plain)")
            if s.user:
                smtp.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP login as {s.user!r} on {where} refused: {exc.smtp_code}") from None
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(f"SMTP server {where}: {exc} (check INCIDENTS_SMTP_SECURITY)") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"cannot connect to SMTP server {where}: {exc}") from None
        log.debug("connected to SMTP %s (%s)", where, s.security)
        return smtp

    def send(self, msg: EmailMessage, name: str) -> None:
        if self._down:
            raise DeliveryError(self._down)
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except DeliveryError as exc:
                self._down = str(exc)
                raise
        try:
            refused = self._smtp.send_message(msg, from_addr=self.settings.mail_from, to_addrs=[msg["To"]])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise DeliveryError(f"recipient refused: {code} {_text(text)}") from None
        except smtplib.SMTPResponseException as exc:
            self._reset_after_error()
            raise DeliveryError(f"SMTP error: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise DeliveryError(f"SMTP connection lost: {exc}") from None
        if refused:  # only possible with several recipients; kept for completeness
            raise DeliveryError(f"recipient refused: {refused}")

    def _reset_after_error(self) -> None:
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def make_transport(smtp: SmtpSettings | None, outbox: Path) -> Transport:
    """SMTP when configured, else the outbox folder."""
    return SmtpTransport(smtp) if smtp is not None else OutboxTransport(outbox)
