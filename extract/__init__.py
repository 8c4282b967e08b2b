"""Incident extraction: spaCy pipelines (fr, nl, en, de) that turn articles into incident events.

`extract.api.extract_articles` is the entry point; `extract.components` registers the `incidents_*` factories.
"""

EXTRACTOR_VERSION = "rules-1.6"
