"""Incident extraction: spaCy pipelines (fr, nl, en, de) that turn articles into incident events.

`extract.api.extract_articles` is the entry point; `extract.components` registers the `incidents_*` factories.

`EXTRACTOR_VERSION` is the rules version plus a hash of every data file the extraction reads (lexicons, date and
number words, the pipeline config, the gazetteer, the vocabulary): editing a data file changes it, so
`incidents reprocess` (and the nightly run) re-extract the stored articles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_VERSION = "rules-1.9"

_HERE = Path(__file__).resolve().parent
_DATA_GLOBS = ((_HERE / "data", "**/*"), (_HERE / "config", "*.cfg"), (_HERE.parent / "gazetteer" / "data", "*"),
               (_HERE.parent / "core" / "data", "*"))


def data_fingerprint(globs: tuple[tuple[Path, str], ...] = _DATA_GLOBS) -> str:
    """A short hash of the extraction's data files (names and contents, in a stable order)."""
    digest = hashlib.sha256()
    for root, pattern in globs:
        for path in sorted(p for p in root.glob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{RULES_VERSION}+{data_fingerprint()}"
