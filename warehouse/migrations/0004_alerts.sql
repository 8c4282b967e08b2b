-- Alerts: which version of which incident each subscriber has received.
-- An incident is "new" to a subscriber when it has no row here (nor does any incident merged into it);
-- it is an "update" when its incidents.last_updated is later than the version recorded here.
-- deliveries.status gains one value: superseded (a failed digest whose incidents went into a later one).

CREATE TABLE delivered_incidents (
    subscriber_id   TEXT NOT NULL,
    incident_id     TEXT NOT NULL,
    version         TIMESTAMPTZ NOT NULL,  -- incidents.last_updated of the version that was sent
    period_key      TEXT NOT NULL,         -- the delivery that carried it
    delivered_at    TIMESTAMPTZ NOT NULL,
    facts           JSON,                  -- the facts as sent, to show what an update changed
    PRIMARY KEY (subscriber_id, incident_id)
);

-- Severity used by subscriber filters (--min-severity): 2 someone killed, 1 someone injured, 0 otherwise.
CREATE MACRO incident_severity(killed, injured) AS
    CASE WHEN coalesce(killed, 0) > 0 THEN 2 WHEN coalesce(injured, 0) > 0 THEN 1 ELSE 0 END;
