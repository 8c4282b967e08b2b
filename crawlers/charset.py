"""Turn page bytes into text: HTTP header charset, then <meta charset>, then detection."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def is_binary(data: bytes) -> bool:
    """True for content that is not text at all (images, archives, PDFs served as text/html)."""
    head = data[:2048]
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def header_charset(content_type: str) -> str | None:
    """The `charset` parameter of a Content-Type header value, or None."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    # Pages declaring latin-1 are in practice windows-1252 (curly quotes, euro sign), as browsers assume.
    return "cp1252" if codec.name in ("latin-1", "iso8859-1", "iso8859-15") else codec.name


def _mislabelled_utf8(data: bytes, declared: str) -> bool:
    """True when a page declared in an 8-bit charset is in fact UTF-8: it has non-ASCII bytes and they all form valid
    UTF-8 sequences (text really in latin-1/cp1252 almost never does: "é" alone is an invalid UTF-8 byte)."""
    if declared.startswith(("utf-16", "utf-32")) or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """(text, encoding used). BOM first, then the HTTP header, then <meta charset>, then UTF-8 or cp1252."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    declared = _known(http_charset)
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = _known(m.group(1).decode("ascii", "ignore")) if m else None
    if declared is not None:
        if declared != "utf-8":
            if _mislabelled_utf8(data, declared):
                return data.decode("utf-8"), "utf-8"
            return data.decode(declared, errors="replace"), declared
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass  # declared UTF-8 but is not: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
