"""Incremental incident resolution: attach each unresolved mention to an incident, or start a new one.

One call is one transaction:
1. load the unresolved mentions (oldest report first) and the incidents whose attached mentions changed since
   the last run (an article was re-extracted);
2. load candidate incidents by date window only (never the whole history), with their reports;
3. for each mention, score it against the candidates (resolve/matching.py); the best incident scoring at least
   MATCH_THRESHOLD gets it (or a weak but clear best guess, see matching.py), else a new incident starts. A mention that also matches a second incident
   bridges the two: they merge into the older one (recorded in `incident_merges`); a dated mention never joins an
   incident dated outside its window through one of the incident's undated mentions;
   then an article without any date that reports several incidents, each left alone, joins the incidents another
   article reports together when they match one for one (same communes and kinds, compatible victims): a
   round-up's set of incidents is strong evidence where one commune alone is not (`_join_round_ups`);
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
                              casualties_compatible, cluster_evidence, conflicts)
from warehouse.db import transaction

log = logging.getLogger(__name__)

ID_PREFIX = "BXL"


@dataclass
class ResolveStats:
    mentions: int = 0            # unresolved mentions processed
    new_incidents: int = 0
    attached: int = 0            # mentions attached to an incident that existed before this run
    merges: int = 0
    updated_incidents: int = 0   # existing incidents whose facts, sources or status changed
    retracted: int = 0           # incidents left without mentions by re-extraction
    revived: int = 0             # retracted incidents that got a mention again
    unusable_dates: int = 0      # mentions left unresolved: a day at the edge of the calendar (see _dated_safely)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


MAX_REPRESENTATIVES = 32  # distinct reports a new mention is scored against, per incident (bounded cost)


def _evidence_signature(r: Report) -> tuple:
    """Reports with the same signature give any other report the same pair evidence: one of them is enough."""
    return (r.type, r.weapon, r.date, r.commune, r.place_id, r.place_words, r.place_is_area, r.killed, r.injured,
            r.ages, r.minute, r.anchored, r.ref_day if r.date is None else None)


def _guard_signature(r: Report) -> tuple:
    """What `matching.conflicts` looks at: every distinct one is checked, however large the incident."""
    return (r.type, r.weapon, r.commune, r.place_id, r.place_words, r.place_is_area, r.date)


@dataclass
class _Draft:
    """An incident being resolved: its stored row (None if new in this run), its reports, and a bounded summary
    of them to score new mentions against (distinct reports up to MAX_REPRESENTATIVES for evidence, every
    distinct type/weapon/commune/place/date for conflicts), kept up to date as reports join, so that one
    mention costs the same against an incident of 3 reports or of 6,000."""

    incident_id: str
    members: list[Report]
    stored: dict | None = None
    touched: bool = False
    merged_into: str | None = None
    first_seen: float = field(default=0.0)
    _reps: dict = field(default_factory=dict, repr=False)
    _guards: dict = field(default_factory=dict, repr=False)
    _article_ids: set = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        for r in self.members:
            self._summarise(r)

    def _summarise(self, r: Report) -> None:
        sig = _evidence_signature(r)
        if sig not in self._reps and len(self._reps) < MAX_REPRESENTATIVES:
            self._reps[sig] = r
        self._guards.setdefault(_guard_signature(r), r)
        if r.article_id:
            self._article_ids.add(r.article_id)

    def add(self, r: Report) -> None:
        self.members.append(r)
        self._summarise(r)

    def absorb(self, other: "_Draft") -> None:
        for r in other.members:
            self.add(r)
        other.members = []
        other._reps, other._guards, other._article_ids = {}, {}, set()

    def reports(self) -> list[Report]:
        """Its representative reports; an incident without any (retracted, or every report re-extracted) is
        matched on its stored facts."""
        if self.members or self.stored is None:
            return list(self._reps.values())
        return [_stored_report(self.stored)]

    def guards(self) -> list[Report]:
        if self.members or self.stored is None:
            return list(self._guards.values())
        return [_stored_report(self.stored)]

    @property
    def articles(self) -> set[str]:
        return self._article_ids

    def evidence(self, report: Report, window_days: int) -> tuple[float, bool] | None:
        """None when the report cannot join: it conflicts, or its article already reports this incident in
        another mention (one article's incident entries are distinct incidents)."""
        if report.article_id and report.article_id in self._article_ids:
            return None
        return cluster_evidence(report, self.reports(), window_days, guards=self.guards())


def _stored_report(row: dict) -> Report:
    first_seen = row["first_seen"].timestamp()
    return Report.build(mention_id=None, type=row["type"], date=row["date"], commune=row["commune"],
                        place=row["place"], killed=row["killed"], injured=row["injured"], weapon=row["weapon"],
                        confidence=row["confidence"], reported_at=first_seen,
                        ref_day=row["date"] or row["first_seen"].date(), ingested_at=first_seen,
                        anchored=row["date"] is not None)


def _index_words(r: Report) -> set[str]:
    return {w.rsplit("_", 1)[-1] for w in r.place_words} | ({f"id:{r.place_id}"} if r.place_id else set())


class _DayIndex:
    """Drafts by day for blocking (dated reports by incident date, undated ones by publication day), and by
    place word for the reports anchored to no day."""

    def __init__(self, window_days: int) -> None:
        self._dated: dict[dt.date, set[str]] = {}
        self._undated: dict[dt.date, set[str]] = {}
        self._places: dict[str, set[str]] = {}   # every report's place words
        self._loose: dict[str, set[str]] = {}    # place words of reports anchored to no day
        self._window = window_days

    def add(self, draft: _Draft, reports: list[Report] | None = None) -> None:
        """Index the draft under these of its reports (default: all it has)."""
        for r in draft.reports() if reports is None else reports:
            days = self._dated if r.date is not None else self._undated
            days.setdefault(r.ref_day, set()).add(draft.incident_id)
            for w in _index_words(r):
                self._places.setdefault(w, set()).add(draft.incident_id)
                if not r.anchored:
                    self._loose.setdefault(w, set()).add(draft.incident_id)

    @staticmethod
    def _near(days: dict[dt.date, set[str]], day: dt.date, radius: int) -> set[str]:
        out: set[str] = set()
        for k in range(-radius, radius + 1):
            out |= days.get(day + dt.timedelta(days=k), set())
        return out

    def candidates(self, report: Report) -> set[str]:
        """Drafts that may match: a dated report meets dated reports within the window; anything undated is
        compared within UNDATED_HORIZON_DAYS (and then needs strong place evidence); a
        report anchored to no day is found by its place words, and finds any draft by them."""
        radius = self._window if report.date is not None else max(self._window, UNDATED_HORIZON_DAYS)
        horizon = max(self._window, UNDATED_HORIZON_DAYS)
        out = self._near(self._dated, report.ref_day, radius) | self._near(self._undated, report.ref_day, horizon)
        words = _index_words(report)
        for w in words:
            out |= self._loose.get(w, set())
            if not report.anchored:
                out |= self._places.get(w, set())
        return out


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


def _age(c: _Draft) -> tuple:
    """Sort key: the older incident survives a merge: a stored id before one made in this run (published ids
    never disappear), then the one first seen earlier, then the smaller id."""
    return (c.stored is None, c.first_seen, c.incident_id)


def _join_round_ups(reports: list[Report], drafts: dict[str, _Draft]) -> None:
    """An article without any date that reports several incidents, each still alone in an incident of its own (no
    named spot joined it), joins the incidents another article reports together when they match one for one: the
    same communes, kinds and compatible victims ("stabbings in Anderlecht, Saint-Gilles and Molenbeek" told again
    without a date). One round-up's set of incidents is strong evidence where one commune alone is not."""
    by_article: dict[str, list[Report]] = {}
    for r in reports:
        if r.article_id and r.mention_id:
            by_article.setdefault(r.article_id, []).append(r)
    undated = {a: mine for a, mine in by_article.items()
               if len(mine) > 1 and all(r.date is None and r.commune for r in mine)}
    if not undated:
        return  # the usual night: every article has a date or reports one incident
    home = {r.mention_id: c for c in drafts.values() if c.merged_into is None for r in c.members if r.mention_id}
    for article, mine in sorted(undated.items()):
        alone = [home.get(r.mention_id) for r in mine]
        if any(c is None or c.stored is not None or len(c.members) != 1 for c in alone):
            continue
        partners = _round_up_partners(mine, alone, drafts)
        if partners is None:
            continue
        for own, target in zip(alone, partners):
            target.absorb(own)
            target.touched = True
            own.merged_into = target.incident_id


def _round_up_partners(mine: list[Report], alone: list[_Draft], drafts: dict[str, _Draft]) -> list[_Draft] | None:
    """For each report of the undated article, the one incident of another article's round-up it fits (same commune
    and kind, compatible victims, no conflict), the same other article for all of them; None unless exactly one
    such article gives a distinct incident for every report."""
    options: dict[str, list[list[_Draft]]] = {}
    for i, r in enumerate(mine):
        for c in drafts.values():
            if c.merged_into is not None or c is alone[i] or c.articles & {r.article_id}:
                continue
            fits = [m for m in c.members if m.article_id and m.commune == r.commune and m.type == r.type
                    and casualties_compatible(r, m)]
            if not fits or any(conflicts(r, g) for g in c.guards()):
                continue
            for other in {m.article_id for m in fits}:
                options.setdefault(other, [[] for _ in mine])[i].append(c)
    found = []
    for other, per_report in options.items():
        if all(len(cs) == 1 for cs in per_report) and len({id(cs[0]) for cs in per_report}) == len(mine):
            found.append([cs[0] for cs in per_report])
    if not found:
        return None
    # several articles may tell the same round-up: they must point to the same incidents
    first = found[0]
    return first if all([id(c) for c in f] == [id(c) for c in first] for f in found) else None


def _clear_best_guess(possible: list[tuple[float, bool, _Draft]]) -> bool:
    """The best candidate (sorted first) is weak but uncontradicted and clearly ahead of the others."""
    best, contradicted, _ = possible[0]
    runner_up = possible[1][0] if len(possible) > 1 else None
    return not contradicted and best >= WEAK_THRESHOLD and (runner_up is None or best - runner_up >= WEAK_MARGIN)


def _mergeable(a: _Draft, b: _Draft, window_days: int) -> bool:
    """Every report of b fits a's reports (no type, weapon, date, commune or place conflict), the dated reports
    of both are close (an undated report never bridges incidents years apart), and no article is in both."""
    a_reports, a_guards = a.reports(), a.guards()
    a_days = _dated_days(a_guards)
    if not all(_close(g.date, a_days, window_days) for g in b.guards()):
        return False
    if a.articles & b.articles:
        return False
    return all(cluster_evidence(r, a_reports, window_days, guards=a_guards) is not None for r in b.guards()) \
        and all(cluster_evidence(r, a_reports, window_days, guards=a_guards) is not None for r in b.reports())


def _fits_prior(report: Report, draft: _Draft, window_days: int) -> bool:
    """A re-extracted report may go back to its former incident unless its facts now conflict with it (type,
    weapon, commune, place and day) or its date moved out of the incident's window."""
    guards = draft.guards()
    return not any(conflicts(report, g) for g in guards) and _close(report.date, _dated_days(guards), window_days)


def _dated_days(reports: list[Report]) -> list[dt.date]:
    return [r.date for r in reports if r.date is not None]


def _close(day: dt.date | None, days: list[dt.date], window_days: int) -> bool:
    """An undated report, or an incident without dated reports, is close to anything; else within the window."""
    return day is None or not days or any(abs((day - d).days) <= window_days for d in days)


def _home(report: Report, drafts: dict[str, _Draft], follow: dict[str, str], window_days: int) -> _Draft | None:
    """The former incident a re-extracted report returns to: among its priors that it still fits, the best
    supported by evidence, its own former incident (listed first) on a tie."""
    best, best_key = None, None
    for rank, prior in enumerate(report.priors):
        draft = drafts.get(follow.get(prior, prior))
        while draft is not None and draft.merged_into is not None:
            draft = drafts.get(draft.merged_into)
        if draft is None or not _fits_prior(report, draft, window_days):
            continue
        found = draft.evidence(report, window_days)
        key = (found[0] if found is not None else 0.0, -rank)
        if best_key is None or key > best_key:
            best, best_key = draft, key
    return best


# Date-robustness guard (issue 14): a mention whose day sits at the edge of the calendar (an article stored with
# year 1 or 9999 before input validation) would overflow the day arithmetic of blocking and matching and stop the
# whole run. Such mentions are counted, logged and left unresolved; the others are resolved.
_SAFE_DAYS = (dt.date.min + dt.timedelta(days=366), dt.date.max - dt.timedelta(days=366))


def _dated_safely(reports: list[Report]) -> tuple[list[Report], int]:
    """(the reports whose days allow day arithmetic, how many were left out)."""
    lo, hi = _SAFE_DAYS
    ok = []
    for r in reports:
        if all(d is None or lo <= d <= hi for d in (r.date, r.ref_day)):
            ok.append(r)
        else:
            log.warning("mention %s left unresolved: its day %s is out of range", r.mention_id, r.date or r.ref_day)
    return ok, len(reports) - len(ok)


def resolve(con: duckdb.DuckDBPyConnection, *, window_days: int = 2, now: dt.datetime | None = None) -> ResolveStats:
    """Assign every unresolved mention to an incident (see module doc); one transaction."""
    now = now or dt.datetime.now(dt.timezone.utc)
    stats = ResolveStats()
    with transaction(con):
        new_reports = store.unresolved_reports(con)
        new_reports, stats.unusable_dates = _dated_safely(new_reports)
        stale = store.stale_incident_ids(con)
        stale = sorted(set(stale) | {p for r in new_reports for p in r.priors})
        stats.mentions = len(new_reports)
        if not new_reports and not stale:
            return stats
        radius = max(window_days, UNDATED_HORIZON_DAYS)
        loose_words = {w.rsplit("_", 1)[-1] for r in new_reports if not r.anchored for w in r.place_words}
        stored = store.load_incidents(con, _day_ranges(new_reports, radius),
                                      [*stale, *store.incidents_at_places(con, loose_words)])
        drafts = {iid: _Draft(iid, list(s.members), stored=s.row, first_seen=s.row["first_seen"].timestamp())
                  for iid, s in stored.items()}
        for iid in stale:
            if iid in drafts:
                drafts[iid].touched = True
        index = _DayIndex(window_days)
        for c in drafts.values():
            index.add(c)

        # 1. re-extracted reports go back to their former incidents first (no merge: a report that only came
        #    back is no new evidence linking two incidents), so those are whole again before new reports come
        follow = store.merged_into(con, sorted({p for r in new_reports for p in r.priors} - set(drafts)))
        todo: list[Report] = []
        for report in new_reports:
            home = _home(report, drafts, follow, window_days) if report.priors else None
            if home is None:
                todo.append(report)
                continue
            home.add(report)
            home.touched = True
            index.add(home, [report])

        # 2. new reports: the best incident, a clear best guess, or a new incident; a second match bridges two
        merges: list[tuple[str, str, str]] = []
        pending_ids: list[tuple[_Draft, Report]] = []
        for report in todo:
            possible = []
            for iid in sorted(index.candidates(report)):
                c = drafts[iid]
                if c.merged_into is not None:
                    continue
                if not _close(report.date, _dated_days(c.guards()), window_days):
                    continue  # a dated report never joins an incident dated elsewhere through an undated report
                found = c.evidence(report, window_days)
                if found is not None:
                    possible.append((found[0], found[1], c))
            possible.sort(key=lambda sc: (-sc[0], _age(sc[2])))
            scored = [(s, c) for s, _, c in possible if s >= MATCH_THRESHOLD]
            if not scored and possible and _clear_best_guess(possible):
                scored = [(possible[0][0], possible[0][2])]
            if not scored:
                c = _Draft(f"new:{report.mention_id}", [report], touched=True, first_seen=report.ingested_at)
                drafts[c.incident_id] = c
                pending_ids.append((c, report))
                index.add(c)
                continue
            best = scored[0][1]
            best.add(report)
            best.touched = True
            index.add(best, [report])
            for _, other in scored[1:]:
                if other.merged_into is not None or other is best or not _mergeable(best, other, window_days):
                    continue
                survivor, loser = sorted((best, other), key=_age)
                moved = list(loser.members)
                survivor.absorb(loser)
                survivor.first_seen = min(survivor.first_seen, loser.first_seen)
                survivor.touched = True
                loser.merged_into = survivor.incident_id
                index.add(survivor, moved)
                if loser.stored is not None:
                    merges.append((loser.incident_id, survivor.incident_id, f"bridged by mention {report.mention_id}"))
                best = survivor

        # 3. an undated article of several incidents joins the round-up another article reports (_join_round_ups)
        _join_round_ups(todo, drafts)

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
        for c in drafts.values():
            if c.merged_into in renamed:
                c.merged_into = renamed[c.merged_into]
            if c.incident_id in renamed:
                c.incident_id = renamed[c.incident_id]
        for i, (merged_id, into_id, reason) in enumerate(merges):
            merges[i] = (merged_id, renamed.get(into_id, into_id), reason)

        rows = []
        assignment: dict[str, str] = {}
        for c in drafts.values():
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
        attached = {iid: {m.mention_id for m in s.members} for iid, s in stored.items()}
        store.assign_mentions(con, {m: i for m, i in assignment.items() if m not in attached.get(i, ())})
        store.write_incidents(con, rows)
        store.record_merges(con, merges, now)
        stats.merges = len(merges)
        stats.attached = sum(1 for r in new_reports if assignment.get(r.mention_id) in stored)
    log.info("resolution: %s", stats.as_dict())
    return stats


def _incident_row(c: _Draft, now: dt.datetime, stats: ResolveStats) -> dict:
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
