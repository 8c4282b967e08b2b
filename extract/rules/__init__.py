"""Plain-Python rules used by the components (extract/README.md "Where each rule is"): model, scope, grouping,
location, kinds, incident_dates and dates, casualties and numbers, confidence; events runs them in order."""
