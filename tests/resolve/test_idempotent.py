"""Loading the same input again changes nothing; undated reports join only on strong evidence; a large incident
costs a new mention no more than a small one. Fictional reports only."""

from __future__ import annotations

import json
import time

from evaluation.dedup import gold_predictions
from resolve.resolver import resolve
from warehouse.db import connect
from warehouse.load import store_extractions, upsert_articles


def _state(con) -> tuple:
    incidents = con.execute("SELECT incident_id, status, type, date, commune, place, killed, injured FROM incidents "
                            "ORDER BY 1").fetchall()
    mentions = con.execute("SELECT mention_id, incident_id FROM mentions ORDER BY 1").fetchall()
    merges = con.execute("SELECT count(*) FROM incident_merges").fetchall()[0][0]
    return incidents, mentions, merges


def _two_koekelberg_stabbings(report, mention, **facts) -> None:
    for aid, place, day in (("k1", "rue Herkoliers", "2026-03-04"), ("k2", "place Simonis", "2026-03-06")):
        for n, lang in enumerate(("fr", "nl", "en")):
            report(f"{aid}-{lang}", day, mention(type="stabbing", weapon="knife", date=day, commune="Koekelberg",
                                                  place=place, killed=0, injured=1, **facts),
                   language=lang, outlet=f"outlet{n}.example.org", day=n / 10)


def test_storing_the_same_extraction_again_changes_nothing(con, report, mention):
    _two_koekelberg_stabbings(report, mention)
    resolve(con)
    first = _state(con)
    assert len({i for i, s, *_ in first[0] if s == "active"}) == 2
    for _ in range(3):
        _two_koekelberg_stabbings(report, mention)
        stats = resolve(con)
        assert stats.mentions == 0 and stats.merges == 0
        assert _state(con) == first


def test_reextraction_with_the_same_facts_keeps_incidents_and_ids(con, report, mention):
    """A new extractor version that changes no fact re-resolves every mention: same incidents, no merge."""
    _two_koekelberg_stabbings(report, mention)
    resolve(con)
    first = _state(con)
    for confidence in (0.61, 0.62, 0.63):
        _two_koekelberg_stabbings(report, mention, confidence=confidence)
        stats = resolve(con)
        assert stats.mentions == 6 and stats.new_incidents == 0 and stats.merges == 0 and stats.retracted == 0
        incidents, mentions, merges = _state(con)
        assert (incidents, mentions, merges) == first


def test_real_dev_loaded_three_times_gives_the_same_incidents(shared_dir):
    gold = [json.loads(line) for line in (shared_dir / "eval" / "real-dev.jsonl").open(encoding="utf-8")]
    con = connect(":memory:")
    try:
        states = []
        for run in range(3):
            upsert_articles(con, gold)
            store_extractions(con, gold_predictions(gold), "gold")
            resolve(con)
            states.append(_state(con))
        assert states[0] == states[1] == states[2]
        assert states[0][2] == 0
        # a re-extraction that changes no fact (new version, other confidences) does not move anything either
        for run in range(2):
            preds = gold_predictions(gold)
            for p in preds:
                for inc in p["incidents"]:
                    inc["confidence"] = 0.5 + run / 100
            store_extractions(con, preds, f"gold-v{run}")
            resolve(con)
            incidents, mentions, merges = _state(con)
            assert (incidents, mentions, merges) == states[0]
    finally:
        con.close()


def test_undated_reports_of_one_commune_are_not_one_incident(con, report, mention, incidents_of):
    for aid, place in (("a", "Anderlecht"), ("b", None), ("c", "square Albert"), ("d", "rue Wayez")):
        report(aid, None, mention(date=None, place=place, killed=0, injured=1))
    resolve(con)
    assert len(set(incidents_of().values())) == 4


def test_different_places_of_one_commune_on_different_days_stay_apart(con, report, mention, incidents_of):
    report("a", "2026-03-04", mention(date="2026-03-04", place="rue Wayez", injured=1, killed=0))
    report("b", "2026-03-06", mention(date="2026-03-06", place=None, injured=1, killed=0), day=2)
    report("c", "2026-03-06", mention(date="2026-03-06", place="square Albert", injured=1, killed=0), day=2.1)
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] != ids["c:0"]


def test_undated_reports_of_a_named_square_join_the_dated_ones_whenever_ingested(con, report, mention, incidents_of):
    report("d1", "2025-06-12", mention(date="2025-06-11", commune="Bruxelles", place="place De Brouckère",
                                       killed=0, injured=1))
    resolve(con)
    # articles with no publication day, ingested months later, about the same shooting
    report("u1", None, mention(date=None, commune="Bruxelles", place="De Brouckèreplein", killed=0, injured=1),
           day=200, language="nl")
    report("u2", None, mention(date=None, commune="Bruxelles", place="Place De Brouckère", killed=None, injured=None),
           day=201, language="en")
    # not the same victims: another incident
    report("u3", None, mention(date=None, commune="Bruxelles", place="place De Brouckère", killed=3, injured=0),
           day=202)
    resolve(con)
    ids = incidents_of()
    assert ids["u1:0"] == ids["u2:0"] == ids["d1:0"] != ids["u3:0"]


def test_a_large_incident_is_resolved_in_near_linear_time(con, report, mention, incidents_of):
    def night(n: int, start: int) -> float:
        rows = [{"id": f"big{i}", "url": f"https://x.example.org/{i}", "outlet": f"o{i % 7}.example.org",
                 "language": "fr", "published": "2026-03-05", "title": "t", "text": "Fictional."}
                for i in range(start, start + n)]
        upsert_articles(con, rows)
        store_extractions(con, [{"id": r["id"], "in_scope": True, "incidents": [mention(
            place=["Peterbos", "cité du Peterbos", "Peterbospark"][i % 3], killed=0, injured=1 + i % 2,
            details={"victim_ages": [20 + i % 5]})]} for i, r in enumerate(rows)], "test")
        t0 = time.perf_counter()
        resolve(con)
        return time.perf_counter() - t0

    small = night(300, 0)
    large = night(1200, 300)
    assert len(set(incidents_of().values())) == 1
    assert large < 8 * small + 1.0  # 4x the reports: about 4x the time, not 16x


def test_casualties_of_one_incident_may_differ_by_a_counted_attacker():
    from types import SimpleNamespace as R

    from resolve.matching import casualties_compatible

    assert casualties_compatible(R(killed=1, injured=2), R(killed=2, injured=2))      # the attacker's death counted
    assert casualties_compatible(R(killed=0, injured=2), R(killed=1, injured=1))      # a victim died since
    assert not casualties_compatible(R(killed=0, injured=1), R(killed=1, injured=3))  # other victims
    assert not casualties_compatible(R(killed=1, injured=0), R(killed=3, injured=0))
    assert casualties_compatible(R(killed=None, injured=None), R(killed=3, injured=0))
