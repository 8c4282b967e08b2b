"""The resolver on fictional reports: what must and must not become one incident, ids, merges, re-extraction."""

from __future__ import annotations

import datetime as dt
import json

from resolve.resolver import resolve


def _incident(con, incident_id: str) -> dict:
    cur = con.execute("SELECT * FROM incidents WHERE incident_id = ?", [incident_id])
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchall()[0]))


def _active(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT incident_id FROM incidents WHERE status = 'active' ORDER BY 1").fetchall()]


def test_one_incident_across_languages(con, report, mention, incidents_of):
    report("fr1", "2026-03-05", mention(place="station Clemenceau", injured=1, killed=0))
    report("nl1", "2026-03-05", mention(place="metrostation Clemenceau", commune=None, injured=1, killed=0),
           language="nl", outlet="stadskrant.example.org")
    report("en1", "2026-03-05", mention(place="Clemenceau metro station", injured=1, killed=0),
           language="en", outlet="brussels-daily.example.org")
    stats = resolve(con)
    assert stats.mentions == 3 and stats.new_incidents == 1
    (iid,) = set(incidents_of().values())
    row = _incident(con, iid)
    assert row["sources_count"] == 3 and row["commune"] == "Anderlecht" and row["police_zone"] == "Midi"
    assert row["status"] == "active" and row["mentions_count"] == 3
    assert iid.startswith("BXL-20260304-")
    assert set(json.loads(row["provenance"])) >= {"type", "date", "commune", "place", "killed", "injured", "weapon"}


def test_shooting_followed_up_as_homicide_is_one_incident(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos", injured=1, killed=0))
    report("b", "2026-03-07", mention(type="homicide", place="Peterbos", killed=1, injured=0), day=2)
    resolve(con)
    (iid,) = set(incidents_of().values())
    row = _incident(con, iid)
    assert (row["type"], row["killed"], row["injured"]) == ("shooting", 1, 0)


def test_stabbing_and_shooting_same_place_and_day_stay_apart(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos"))
    report("b", "2026-03-05", mention(type="stabbing", weapon="knife", place="Peterbos"))
    resolve(con)
    assert len(set(incidents_of().values())) == 2


def test_two_shootings_same_night_in_two_communes(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(commune="Anderlecht", place="place de la Vaillance", injured=1))
    report("b", "2026-03-05", mention(commune="Saint-Gilles", place="Porte de Hal", injured=1))
    report("c", "2026-03-05", mention(commune="Saint-Gilles", place="Hallepoort", injured=1), language="nl")
    resolve(con)
    ids = incidents_of()
    assert ids["b:0"] == ids["c:0"] != ids["a:0"]


def test_same_station_a_week_apart_are_two_incidents(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(date="2026-03-04", place="station Clemenceau"))
    report("b", "2026-03-12", mention(date="2026-03-11", place="station Clemenceau"), day=7)
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] != ids["b:0"]


def test_same_commune_and_day_hours_and_victim_ages_decide(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(details={"time": "10:15", "victim_ages": [19]}))
    report("b", "2026-03-05", mention(details={"time_of_day": "23h", "victim_ages": [41]}))
    report("c", "2026-03-05", mention(details={"time": "23.45", "victim_ages": [41]}))
    resolve(con)
    ids = incidents_of()
    assert ids["b:0"] == ids["c:0"] != ids["a:0"]


def test_extractor_location_id_is_the_place(con, report, mention, incidents_of):
    loc = {"location": {"kind": "place", "id": "rue_marie_christine", "text": "rue Marie-Christine"}}
    report("a", "2026-03-05", mention(commune="Bruxelles", place="Laeken", details=loc))
    report("b", "2026-03-05", mention(commune=None, place="Maria-Christinastraat", details=loc), language="nl")
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"]


def test_follow_up_days_later_joins_and_updates_casualties(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="rue de Ribaucourt", commune="Molenbeek-Saint-Jean", injured=2, killed=0))
    resolve(con, now=dt.datetime(2026, 3, 5, 8, tzinfo=dt.timezone.utc))
    # "the shooting of last Wednesday": the extractor resolves the date; published four days later
    report("b", "2026-03-08", mention(place="Ribaucourtstraat", commune="Molenbeek-Saint-Jean", killed=1, injured=1),
           day=4, language="nl")
    later = dt.datetime(2026, 3, 8, 8, tzinfo=dt.timezone.utc)
    stats = resolve(con, now=later)
    assert stats.attached == 1 and stats.new_incidents == 0 and stats.updated_incidents == 1
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"]
    row = _incident(con, ids["a:0"])
    assert (row["killed"], row["injured"], row["date"]) == (1, 1, dt.date(2026, 3, 4))
    assert row["last_updated"] == later
    assert json.loads(row["provenance"])["killed"] == "b:0"


def test_killed_count_never_decreases_and_weapon_is_most_specific(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="place Liedts", commune="Schaerbeek", killed=1, injured=1,
                                      weapon="assault_rifle"))
    report("b", "2026-03-06", mention(place="place Liedts", commune="Schaerbeek", killed=2, injured=0), day=1)
    report("c", "2026-03-07", mention(place="Liedtsplein", commune="Schaerbeek", killed=1, injured=1), day=2)
    resolve(con)
    (iid,) = set(incidents_of().values())
    row = _incident(con, iid)
    assert (row["killed"], row["injured"], row["weapon"]) == (2, 0, "assault_rifle")


def test_date_is_the_most_frequent_then_earliest(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos", date="2026-03-05"))
    report("b", "2026-03-05", mention(place="Peterbos", date="2026-03-04"))
    report("c", "2026-03-05", mention(place="Peterbos", date="2026-03-04"))
    report("d", "2026-03-05", mention(place="Westland", commune="Anderlecht", date="2026-03-10"))
    report("e", "2026-03-05", mention(place="Westland", commune="Anderlecht", date="2026-03-11"))
    resolve(con)
    ids = incidents_of()
    assert _incident(con, ids["a:0"])["date"] == dt.date(2026, 3, 4)
    assert _incident(con, ids["d:0"])["date"] == dt.date(2026, 3, 10)


def test_corrected_commune_is_followed(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(commune="Bruxelles", place="Porte de Hal", injured=1))
    report("b", "2026-03-06", mention(commune="Saint-Gilles", place="Hallepoort", injured=1), day=1, language="nl")
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"]
    row = _incident(con, ids["a:0"])
    assert (row["commune"], row["police_zone"]) == ("Saint-Gilles", "Midi")


def test_unknown_commune_or_date_needs_place_evidence(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="gare du Nord", commune="Bruxelles", type="stabbing", weapon="knife"))
    report("b", "2026-03-05", mention(place="Noordstation", commune=None, type="stabbing", weapon="knife"))
    report("c", None, mention(place="Brussels-North station", commune=None, date=None, type="stabbing",
                              weapon=None), day=1)
    report("d", None, mention(place=None, commune="Bruxelles", date=None, type="stabbing", weapon="knife"), day=1)
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"] == ids["c:0"]
    assert ids["d:0"] != ids["a:0"]


def test_rerun_gives_the_same_ids_and_is_a_no_op(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos"))
    report("b", "2026-03-05", mention(commune="Forest", place="place Saint-Denis"))
    resolve(con)
    first = incidents_of()
    stats = resolve(con)
    assert stats.as_dict() == {"mentions": 0, "new_incidents": 0, "attached": 0, "merges": 0,
                               "updated_incidents": 0, "retracted": 0, "revived": 0, "unusable_dates": 0}
    # from scratch: same ids
    con.execute("DELETE FROM incidents")
    con.execute("UPDATE mentions SET incident_id = NULL")
    resolve(con)
    assert incidents_of() == first


def test_new_articles_extend_without_renumbering(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos"))
    resolve(con)
    before = incidents_of()
    report("b", "2026-03-06", mention(place="Peterbos", killed=1), day=1)
    report("c", "2026-03-06", mention(commune="Jette", place="place Reine Astrid", date="2026-03-05"), day=1)
    stats = resolve(con)
    after = incidents_of()
    assert after["a:0"] == before["a:0"] == after["b:0"] and after["c:0"] != after["a:0"]
    assert (stats.attached, stats.new_incidents) == (1, 1)


def test_bridging_report_merges_into_the_older_incident(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(commune="Anderlecht", place=None, date="2026-03-04", injured=1))
    report("b", "2026-03-06", mention(commune=None, place="Peterbos", date="2026-03-05", injured=2), day=1)
    resolve(con)
    ids = incidents_of()
    older, younger = ids["a:0"], ids["b:0"]
    assert older != younger
    report("c", "2026-03-06", mention(commune="Anderlecht", place="Peterbos", date="2026-03-04"), day=2)
    stats = resolve(con)
    assert stats.merges == 1
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"] == ids["c:0"] == older
    assert con.execute("SELECT merged_id, into_id FROM incident_merges").fetchall() == [(younger, older)]
    assert _incident(con, younger)["status"] == "merged"
    assert _incident(con, older)["sources_count"] == 3
    assert _active(con) == [older]


def test_reextraction_updates_retracts_and_revives(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos", injured=1))
    report("b", "2026-03-05", mention(place="Peterbos", injured=1, killed=1))
    resolve(con)
    (iid,) = set(incidents_of().values())
    assert _incident(con, iid)["killed"] == 1
    # article b corrected: nobody died -> the death toll goes back (the report that gave it is retracted)
    report("b", "2026-03-05", mention(place="Peterbos", injured=2, killed=0))
    stats = resolve(con)
    assert stats.attached == 1 and stats.new_incidents == 0
    assert (_incident(con, iid)["killed"], _incident(con, iid)["injured"]) == (0, 2)
    # both articles re-extracted without any incident: the id stays, retracted
    report("a", "2026-03-05")
    report("b", "2026-03-05")
    stats = resolve(con)
    assert stats.retracted == 1
    row = _incident(con, iid)
    assert (row["status"], row["sources_count"], row["place"]) == ("retracted", 0, "Peterbos")
    assert _active(con) == []
    # a later report of the same incident revives the same id
    report("c", "2026-03-06", mention(place="Peterbos", injured=2), day=1)
    stats = resolve(con)
    assert stats.revived == 1 and incidents_of() == {"c:0": iid}
    assert _incident(con, iid)["status"] == "active"


def test_incident_first_seen_is_the_earliest_ingestion(con, report, mention, incidents_of):
    report("late", "2026-03-05", mention(place="Peterbos"), day=3)
    report("early", "2026-03-05", mention(place="Peterbos"), day=1)
    resolve(con)
    (iid,) = set(incidents_of().values())
    assert _incident(con, iid)["first_seen"] == dt.datetime(2026, 3, 2, 6, tzinfo=dt.timezone.utc)


def test_failure_rolls_back(con, report, mention, monkeypatch):
    import resolve.store as store

    report("a", "2026-03-05", mention(place="Peterbos"))

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "record_merges", boom)
    try:
        resolve(con)
    except RuntimeError:
        pass
    assert con.execute("SELECT count(*) FROM incidents").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM mentions WHERE incident_id IS NULL").fetchall() == [(1,)]


def test_reextraction_keeps_each_article_with_its_incident(con, report, mention, incidents_of):
    """Re-extracting an article (a new extractor version) must not move it off its incident even when, on its own,
    it would now be ambiguous: a vague report that joined the only candidate of its day stays there after a second
    incident of that day is known."""
    report("a", "2026-03-05", mention(commune="Schaerbeek", place="place Liedts", weapon="assault_rifle"))
    report("b", "2026-03-05", mention(commune=None, place=None), day=0.5, language="en")
    resolve(con)
    report("c", "2026-03-05", mention(commune="Anderlecht", place="Peterbos"), day=1)
    resolve(con)
    before = incidents_of()
    assert before["a:0"] == before["b:0"] != before["c:0"]
    report("b", "2026-03-05", mention(commune=None, place=None), day=0.5, language="en")  # re-extracted
    stats = resolve(con)
    assert incidents_of() == before
    assert stats.new_incidents == 0


def test_reextraction_that_now_contradicts_its_incident_moves_on(con, report, mention, incidents_of):
    report("a", "2026-03-05", mention(place="Peterbos"))
    report("b", "2026-03-05", mention(place="Peterbos"))
    resolve(con)
    (iid,) = set(incidents_of().values())
    # b was wrong about the commune and the place: re-extracted, it is another incident
    report("b", "2026-03-05", mention(commune="Uccle", place="Place Saint-Job", type="stabbing", weapon="knife"))
    resolve(con)
    after = incidents_of()
    assert after["a:0"] == iid and after["b:0"] != iid


def test_same_day_same_commune_other_landmark_joins_only_with_the_same_toll_or_hour(con, report, mention,
                                                                                  incidents_of):
    # one scene named by two landmarks: the square, the street off it (same day, same commune, same toll)
    report("a", "2026-03-05", mention(commune="Forest", place="place Saint-Denis", killed=1, injured=2))
    report("b", "2026-03-05", mention(commune="Forest", place="rue du Curé", killed=1, injured=2), language="nl")
    # the same day and commune, another landmark, another toll: another incident
    report("c", "2026-03-05", mention(commune="Forest", place="avenue Van Volxem", killed=0, injured=1))
    # the first landmark pair's toll two days later at another landmark: another incident (rule: other day)
    report("d", "2026-03-07", mention(date="2026-03-06", commune="Forest", place="rue de Mérode", killed=1,
                                      injured=2), day=2)
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"]
    assert len({ids["a:0"], ids["c:0"], ids["d:0"]}) == 3


def test_undated_report_of_the_same_spot_may_count_one_person_more(con, report, mention, incidents_of):
    # the attacker shot dead by soldiers is counted by one report and not by another
    report("a", "2026-03-05", mention(commune="Bruxelles", place="boulevard Emile Jacqmain", type="stabbing",
                                      weapon="knife", killed=0, injured=2))
    report("b", None, mention(commune="Bruxelles", place="Emile Jacqmainlaan", type="stabbing", weapon="knife",
                              date=None, killed=1, injured=2), day=1, language="nl")
    # other dead and three people more: not the same victims
    report("c", None, mention(commune="Bruxelles", place="boulevard Emile Jacqmain", type="stabbing",
                              weapon="knife", date=None, killed=2, injured=3), day=1)
    resolve(con)
    ids = incidents_of()
    assert ids["a:0"] == ids["b:0"] != ids["c:0"]


def test_one_article_from_year_one_does_not_stop_the_resolver(con, report, mention, incidents_of):
    """An article stored with a year-1 (or year-9999) publication day before validation existed (issue 14): its
    mention is counted and left unresolved; every other mention is resolved."""
    report("ancient", "2026-03-04", mention(date=None))
    report("distant", "2026-03-04", mention(date=None, commune="Ixelles"))
    con.execute("UPDATE articles SET published_at = NULL, published_date = DATE '0001-01-01' WHERE article_id = 'ancient'")
    con.execute("UPDATE articles SET published_at = NULL, published_date = DATE '9999-12-31' WHERE article_id = 'distant'")
    report("fine", "2026-03-04", mention())
    stats = resolve(con)
    assert stats.unusable_dates == 2 and stats.new_incidents == 1
    ids = incidents_of()
    assert ids["ancient:0"] is None and ids["distant:0"] is None and ids["fine:0"] is not None



def test_an_undated_report_never_bridges_incidents_years_apart(con, report, mention, incidents_of):
    # the same station in 2010 and in 2026; a report of "a shooting at Clemenceau" without any day in between
    report("undated", None, mention(commune="Anderlecht", place="station Clemenceau", date=None, killed=0,
                                    injured=1))
    report("old", "2010-04-12", mention(commune="Anderlecht", place="station Clemenceau", date="2010-04-12",
                                        killed=0, injured=1), day=1)
    report("new", "2026-03-05", mention(commune="Anderlecht", place="station Clemenceau", date="2026-03-04",
                                        killed=0, injured=1), day=2)
    resolve(con)
    ids = incidents_of()
    assert ids["old:0"] != ids["new:0"]


def test_an_undated_round_up_joins_the_round_up_another_article_reports(con, report, mention, incidents_of):
    # stabbings in Anderlecht and Saint-Gilles the same evening, dated by one article...
    report("dated", "2026-03-05",
           mention(type="stabbing", weapon="knife", commune="Anderlecht", place="quai de Veeweyde", killed=0,
                   injured=2),
           mention(type="stabbing", weapon="knife", commune="Saint-Gilles", place="place Bethléem", killed=1,
                   injured=0))
    # ...and told again without any date and without the same places by another
    report("undated", None,
           mention(type="stabbing", weapon="knife", commune="Anderlecht", place=None, date=None, killed=0, injured=2),
           mention(type="stabbing", weapon="knife", commune="Saint-Gilles", place=None, date=None, killed=1,
                   injured=0), day=1, language="nl")
    # one commune alone is no round-up: an undated stabbing in Anderlecht stays apart
    report("single", None, mention(type="stabbing", weapon="knife", commune="Anderlecht", place=None, date=None,
                                   killed=0, injured=2), day=2)
    resolve(con)
    ids = incidents_of()
    assert ids["undated:0"] == ids["dated:0"] and ids["undated:1"] == ids["dated:1"]
    assert ids["single:0"] not in (ids["dated:0"], ids["dated:1"])


def test_an_undated_round_up_that_two_round_ups_fit_differently_joins_neither(con, report, mention, incidents_of):
    for name, day in (("one", "2026-03-05"), ("two", "2025-01-10")):
        report(name, day,
               mention(type="shooting", commune="Anderlecht", place=None, date=day, killed=0, injured=1),
               mention(type="shooting", commune="Molenbeek-Saint-Jean", place=None, date=day, killed=0, injured=1))
    report("undated", None,
           mention(type="shooting", commune="Anderlecht", place=None, date=None, killed=0, injured=1),
           mention(type="shooting", commune="Molenbeek-Saint-Jean", place=None, date=None, killed=0, injured=1),
           day=1)
    resolve(con)
    ids = incidents_of()
    assert len({ids["one:0"], ids["two:0"], ids["undated:0"]}) == 3
