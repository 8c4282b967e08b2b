"""spaCy components of the incident pipelines; importing this package registers their factories and loaders."""

from extract.components import cue_matcher, event_builder, loaders  # noqa: F401  (registration side effects)
