"""Is there a network at all? One quick DNS check of the outlets' hosts before a crawl starts.

When not one outlet host resolves, nothing in this run can succeed: the crawl stops at once with one line instead of
retrying every outlet with backoff (see crawlers.run.NetworkDown).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from urllib.parse import urlsplit

RESOLVE_TIMEOUT_SECONDS = 10.0
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")


def hosts_of(urls: list[str]) -> list[str]:
    return sorted({(urlsplit(u).hostname or "").lower() for u in urls} - {""})


def any_resolves(hosts: list[str], timeout: float = RESOLVE_TIMEOUT_SECONDS) -> bool:
    """True as soon as one host resolves (lookups run in parallel), False when none does within `timeout`.

    Behind an HTTP proxy the proxy resolves names, so local DNS says nothing: True."""
    if not hosts or any(os.environ.get(v) for v in PROXY_VARIABLES):
        return True
    found = threading.Event()
    done = threading.Semaphore(0)

    def lookup(host: str) -> None:
        try:
            socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
            found.set()
        except (OSError, UnicodeError):
            pass
        finally:
            done.release()

    for host in hosts:  # daemon threads: a lookup hanging past the timeout never holds the process
        threading.Thread(target=lookup, args=(host,), daemon=True, name=f"resolve-{host}").start()
    deadline, pending = time.monotonic() + timeout, len(hosts)
    while pending and not found.is_set() and time.monotonic() < deadline:
        if done.acquire(timeout=0.05):
            pending -= 1
    return found.is_set()
