"""Local ports: whether one is free (for servers the project starts on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import socket


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when a server could bind the port now (with SO_REUSEADDR, as the project's servers use)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True
