"""An incident as the view `active_incidents` publishes it to readers: its id, the facts shown (in this order) and
when it was first seen and last changed. The digests (alerts.selection.Item) and the public site
(website.data.Incident) read it through their own queries and add what each shows beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FACT_FIELDS = ("type", "date", "commune", "place", "killed", "injured", "weapon")


@dataclass
class IncidentFacts:
    incident_id: str
    type: str
    date: dt.date | None
    commune: str | None
    place: str | None
    killed: int | None
    injured: int | None
    weapon: str | None
    first_seen: dt.datetime
    last_updated: dt.datetime

    def fact(self, name: str) -> object:
        """The value of one of FACT_FIELDS."""
        return getattr(self, name)
