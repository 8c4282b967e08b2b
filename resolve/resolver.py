"""Incremental incident resolution: attach each unresolved mention to an incident, or start a new one.

One call is one transaction:
1. load the unresolved mentions (oldest report first) and the incidents whose attached mentions changed since
   the last run (an article was re-extracted);
2. load candidate incidents by date window only (never the whole history), with their reports;
3. for each mention, score it against the candidates (resolve/matching.py); the best incident scoring at least
   MATCH_THRESHOLD gets it (or a weak but clear best guess, see matching.py), else a new incident starts. A mention that also matches a second incident
   bridges the two: they merge into the older one (recorded in `incident_merges`);
4. recompute the facts of every touched incident (resolve/facts.py), retract incidents left without
   mentions (the row and id stay, status 'retracted'; a later matching mention revives the same id),
   write everything back.

Ids are stable: `BXL-<yyyymmdd>-<8 hex>` from the first report's incident date (else publication day) and a
hash of its mention id, so re-running on the same data gives the same ids and new articles never renumber.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import asdict, dataclass, field

import duckdb

from resolve import store
from resolve.facts import Facts, incident_facts
from resolve.matching import (MATCH_THRESHOLD, UNDATED_HORIZON_DAYS, WEAK_MARGIN, WEAK_THRESHOLD, Report,
                              cluster_evidence, cluster_score)
from warehouse.db import transaction

log = logging.getLogger(__name__)

ID_PREFIX = "BXL"
PRIOR_BONUS = 1.0  # a re-extracted mention prefers the incident its article was attached to (stable ids)


@dataclass
class ResolveStats:
    mentions: int = 0            # unresolved mentions processed
    new_incidents: int = 0
    attached: int = 0            # mentions attached to an incident that existed before this run
    merges: int = 0
    updated_incidents: int = 0   # existing incidents whose facts, sources or status changed
    retracted: int = 0           # incidents left without mentions by re-extraction
    revived: int = 0             # retracted incidents that got a mention again

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Cluster:
    """An incident being resolved: its stored row (None if new in this run) and its reports."""

    incident_id: str
    members: list[Report]
    stored: dict | None = None
    touched: bool = False
    merged_into: str | None = None
    first_seen: float = field(default=0.0)

    def reports(self) -> list[Report]:
        """Its mentions; an incident without any (retracted) is matched on its stored facts."""
        if self.members or self.stored is None:
            return self.members
        return [_stored_report(self.stored)]


def _stored_report(row: dict) -> Report:
    first_seen = row["first_seen"].timestamp()
    return Report.build(mention_id=None, type=row["type"], date=row["date"], commune=row["commune"],
                        place=row["place"], killed=row["killed"], injured=row["injured"], weapon=row["weapon"],
                        confidence=row["confidence"], reported_at=first_seen,
                        ref_day=row["date"] or row["first_seen"].date(), ingested_at=first_seen)


class _DayIndex:
    """Clusters by day for blocking: dated reports by incident date, undated ones by publication day."""

    def __init__(self, window_days: int) -> None:
        self._dated: dict[dt.date, set[str]] = {}
        self._undated: dict[dt.date, set[str]] = {}
        self._window = window_days

    def add(self, cluster: _Cluster) -> None:
        for r in cluster.reports():
            days = self._dated if r.date is not None else self._undated
            days.setdefault(r.ref_day, set()).add(cluster.incident_id)

    @staticmethod
    def _near(days: dict[dt.date, set[str]], day: dt.date, radius: int) -> set[str]:
        out: set[str] = set()
        for k in range(-radius, radius + 1):
            out |= days.get(day + dt.timedelta(days=k), set())
        return out

    def candidates(self, report: Report) -> set[str]:
        """Clusters that may match: a dated report meets dated reports within the window; anything undated is
        compared within UNDATED_HORIZON_DAYS (and then needs strong place evidence)."""
        radius = self._window if report.date is not None else max(self._window, UNDATED_HORIZON_DAYS)
        horizon = max(self._window, UNDATED_HORIZON_DAYS)
        return self._near(self._dated, report.ref_day, radius) | self._near(self._undated, report.ref_day, horizon)


def _day_ranges(reports: list[Report], radius: int) -> list[tuple[dt.date, dt.date]]:
    """The union of [ref_day - radius, ref_day + radius] over the reports, as few disjoint ranges."""
    spans = sorted((r.ref_day - dt.timedelta(days=radius), r.ref_day + dt.timedelta(days=radius)) for r in reports)
    merged: list[list[dt.date]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _new_id(report: Report, taken: set[str]) -> str:
    day = (report.date or report.ref_day).strftime("%Y%m%d")
    salt = 0
    while True:
        seed = report.mention_id if salt == 0 else f"{report.mention_id}#{salt}"
        candidate = f"{ID_PREFIX}-{day}-{hashlib.sha1(seed.encode()).hexdigest()[:8]}"
        if candidate not in taken:
            return candidate
        salt += 1


def _age(c: _Cluster) -> tuple:
    """Sort key: the older incident survives a merge: a stored id before one made in this run (published ids
    never disappear), then the one first seen earlier, then the smaller id."""
    return (c.stored is None, c.first_seen, c.incident_id)


def _clear_best_guess(possible: list[tuple[float, bool, _Cluster]]) -> bool:
    """The best candidate (sorted first) is weak but uncontradicted and clearly ahead of the others."""
    best, contradicted, _ = possible[0]
    runner_up = possible[1][0] if len(possible) > 1 else None
    return not contradicted and best >= WEAK_THRESHOLD and (runner_up is None or best - runner_up >= WEAK_MARGIN)


def _mergeable(a: _Cluster, b: _Cluster, window_days: int) -> bool:
    """Every report of b fits a's reports (no type, weapon, date or commune conflict)."""
    a_reports = a.reports()
    return all(cluster_score(r, a_reports, window_days) is not None for r in b.reports())


def resolve(con: duckdb.DuckDBPyConnection, *, window_days: int = 2, now: dt.datetime | None = None) -> ResolveStats:
    """Assign every unresolved mention to an incident (see module doc); one transaction."""
    now = now or dt.datetime.now(dt.timezone.utc)
    stats = ResolveStats()
    with transaction(con):
        new_reports = store.unresolved_reports(con)
        stale = store.stale_incident_ids(con)
        stale = sorted(set(stale) | {p for r in new_reports for p in r.priors})
        stats.mentions = len(new_reports)
        if not new_reports and not stale:
            return stats
        radius = max(window_days, UNDATED_HORIZON_DAYS)
        stored = store.load_incidents(con, _day_ranges(new_reports, radius), stale)
        clusters = {iid: _Cluster(iid, list(s.members), stored=s.row, first_seen=s.row["first_seen"].timestamp())
                    for iid, s in stored.items()}
        for iid in stale:
            if iid in clusters:
                clusters[iid].touched = True
        index = _DayIndex(window_days)
        for c in clusters.values():
            index.add(c)

        assignment: dict[str, str] = {}
        merges: list[tuple[str, str, str]] = []
        pending_ids: list[tuple[_Cluster, Report]] = []
        for report in new_reports:
            possible = []
            priors = {p for p in report.priors if p in clusters}
            for iid in sorted(index.candidates(report) | priors):
                c = clusters[iid]
                if c.merged_into is not None:
                    continue
                found = cluster_evidence(report, c.reports(), window_days)
                if found is None:
                    continue
                score, contradicted = found
                if iid in priors and not contradicted:
                    # re-extraction of an article already attached here: keep it here unless the facts now conflict
                    score = max(score, MATCH_THRESHOLD) + PRIOR_BONUS
                possible.append((score, contradicted, c))
            possible.sort(key=lambda sc: (-sc[0], _age(sc[2])))
            scored = [(s, c) for s, _, c in possible if s >= MATCH_THRESHOLD]
            if not scored and possible and _clear_best_guess(possible):
                scored = [(possible[0][0], possible[0][2])]
            if not scored:
                c = _Cluster(f"new:{report.mention_id}", [report], touched=True, first_seen=report.ingested_at)
                clusters[c.incident_id] = c
                pending_ids.append((c, report))
                index.add(c)
                continue
            best = scored[0][1]
            best.members.append(report)
            best.touched = True
            index.add(best)
            for _, other in scored[1:]:
                if other.merged_into is not None or other is best or not _mergeable(best, other, window_days):
                    continue
                survivor, loser = sorted((best, other), key=_age)
                survivor.members.extend(loser.members)
                survivor.first_seen = min(survivor.first_seen, loser.first_seen)
                survivor.touched = True
                loser.members = []
                loser.merged_into = survivor.incident_id
                index.add(survivor)
                if loser.stored is not None:
                    merges.append((loser.incident_id, survivor.incident_id, f"bridged by mention {report.mention_id}"))
                best = survivor

        # give the new incidents their stable ids (collisions with any stored id get another hash)
        proposals = [_new_id(r, set()) for c, r in pending_ids if c.merged_into is None]
        taken = store.existing_ids(con, proposals)
        renamed: dict[str, str] = {}
        for c, r in pending_ids:
            if c.merged_into is not None:
                continue
            final = _new_id(r, taken)
            taken.add(final)
            renamed[c.incident_id] = final
        for c in clusters.values():
            if c.merged_into in renamed:
                c.merged_into = renamed[c.merged_into]
            if c.incident_id in renamed:
                c.incident_id = renamed[c.incident_id]
        for i, (merged_id, into_id, reason) in enumerate(merges):
            merges[i] = (merged_id, renamed.get(into_id, into_id), reason)

        rows = []
        for c in clusters.values():
            if not c.touched and c.merged_into is None:
                continue
            if c.merged_into is not None:
                if c.stored is None:
                    continue  # absorbed within this run: never stored
                rows.append({**c.stored, "status": "merged", "mentions_count": 0, "sources_count": 0,
                             "last_updated": now})
                continue
            row = _incident_row(c, now, stats)
            rows.append(row)
            for r in c.members:
                if r.mention_id and r.mention_id not in assignment:
                    assignment[r.mention_id] = c.incident_id
        # moved mentions (from merged incidents) and new ones; existing members re-pointed only if they moved
        store.assign_mentions(con, {m: i for m, i in assignment.items() if _moved(m, i, stored)})
        store.write_incidents(con, rows)
        store.record_merges(con, merges, now)
        stats.merges = len(merges)
        stats.attached = sum(1 for r in new_reports if assignment.get(r.mention_id) in stored)
    log.info("resolution: %s", stats.as_dict())
    return stats


def _moved(mention_id: str, incident_id: str, stored: dict[str, store.StoredIncident]) -> bool:
    current = stored.get(incident_id)
    return current is None or all(m.mention_id != mention_id for m in current.members)


def _incident_row(c: _Cluster, now: dt.datetime, stats: ResolveStats) -> dict:
    """The row to store for an active (or newly retracted) incident; counts what changed into `stats`."""
    old = c.stored
    if not c.members:
        stats.retracted += 1
        return {**old, "status": "retracted", "mentions_count": 0, "sources_count": 0, "last_updated": now}
    facts: Facts = incident_facts(c.members)
    first_seen = dt.datetime.fromtimestamp(min(r.ingested_at for r in c.members), dt.timezone.utc)
    row = {
        "incident_id": c.incident_id, "type": facts.type, "date": facts.date, "commune": facts.commune,
        "police_zone": facts.police_zone, "place": facts.place, "killed": facts.killed, "injured": facts.injured,
        "weapon": facts.weapon, "confidence": facts.confidence,
        "sources_count": len({r.article_id for r in c.members}), "first_seen": first_seen,
        "last_updated": now, "status": "active", "provenance": facts.provenance,
        "mentions_count": len(c.members),
    }
    if old is None:
        stats.new_incidents += 1
        return row
    if old["status"] == "retracted":
        stats.revived += 1
    old_facts = tuple(old[f] for f in ("type", "date", "commune", "police_zone", "place", "killed", "injured", "weapon"))
    if old_facts == facts.key() and old["status"] == "active":
        row["last_updated"] = old["last_updated"]
    changed = any(row[k] != old[k] for k in ("sources_count", "mentions_count", "status", "confidence")) \
        or row["last_updated"] != old["last_updated"]
    stats.updated_incidents += changed
    return row
