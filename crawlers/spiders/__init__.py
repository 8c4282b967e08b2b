"""Generic spiders driven by the sources registry: `feeds` (nightly) and `sitemaps` (backfill)."""
