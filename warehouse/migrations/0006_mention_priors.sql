-- Re-extraction hint for the resolver: the incidents an article's previous mentions were attached to. A
-- re-extracted article's new mentions go back to those incidents when compatible, so incident ids stay stable.
ALTER TABLE mentions ADD COLUMN prior_incident_ids VARCHAR[];
