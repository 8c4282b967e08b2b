"""Date expressions resolved against the publication day (2026-03-05 is a Thursday)."""

import datetime as dt

import pytest

from extract.rules.dates import find_dates, find_hours

PUB = dt.date(2026, 3, 5)


def first_day(text: str, lang: str, published: dt.date | None = PUB, hour: int | None = None):
    found = find_dates(text, lang, published)
    assert found, f"no date found in {text!r}"
    return found[0].resolve(hour)


@pytest.mark.parametrize("text,lang,expected", [
    ("blessé mercredi soir à Anderlecht", "fr", "2026-03-04"),
    ("hier soir, un homme", "fr", "2026-03-04"),
    ("avant-hier", "fr", "2026-03-03"),
    ("ce jeudi matin", "fr", "2026-03-05"),
    ("samedi dernier", "fr", "2026-02-28"),
    ("dans la nuit de samedi à dimanche", "fr", "2026-03-01"),
    ("cette nuit", "fr", "2026-03-05"),
    ("le samedi 30 mai 2026", "fr", "2026-05-30"),
    ("le 1er mars", "fr", "2026-03-01"),
    ("gisteravond", "nl", "2026-03-04"),
    ("in de nacht van dinsdag op woensdag", "nl", "2026-03-04"),
    ("zaterdagnacht", "nl", "2026-03-01"),
    ("op zondag 12 april 2026", "nl", "2026-04-12"),
    ("on Tuesday", "en", "2026-03-03"),
    ("yesterday afternoon", "en", "2026-03-04"),
    ("on Sunday 12 April 2026", "en", "2026-04-12"),
    ("on March 2", "en", "2026-03-02"),
    ("am Freitagabend", "de", "2026-02-27"),
    ("in der Nacht zum Samstag", "de", "2026-02-28"),
    ("gestern Abend", "de", "2026-03-04"),
    ("am 3. März", "de", "2026-03-03"),
])
def test_relative_and_absolute_dates(text, lang, expected):
    assert first_day(text, lang).isoformat() == expected


def test_night_with_an_evening_hour_is_the_first_day():
    assert first_day("dans la nuit de mardi à mercredi", "fr", hour=23).isoformat() == "2026-03-03"
    assert first_day("dans la nuit de mardi à mercredi", "fr", hour=2).isoformat() == "2026-03-04"
    assert first_day("dans la nuit de mardi à mercredi", "fr", hour=24).isoformat() == "2026-03-04"  # minuit


def test_future_days_are_not_incident_days():
    assert find_dates("dimanche prochain", "fr", PUB) == []


def test_no_publication_day_only_absolute_dates_with_a_year_resolve():
    assert first_day("hier soir", "fr", published=None) is None
    assert first_day("mercredi", "fr", published=None) is None
    assert first_day("le 30 mai 2026", "fr", published=None).isoformat() == "2026-05-30"


def test_date_without_year_after_publication_is_last_year():
    assert first_day("le 20 décembre", "fr").isoformat() == "2025-12-20"


@pytest.mark.parametrize("text,lang,hours", [
    ("vers 23h30, puis à 2h", "fr", [23, 2]),
    ("peu après 21h", "fr", [21]),
    ("vers minuit", "fr", [24]),
    ("omstreeks 18.10 uur", "nl", [18]),
    ("rond middernacht", "nl", [24]),
    ("at about 6pm", "en", [18]),
    ("around 10.50pm", "en", [22]),
    ("gegen 20.30 Uhr", "de", [20]),
])
def test_hours(text, lang, hours):
    assert find_hours(text, lang) == hours


@pytest.mark.parametrize("text,lang,published,expected", [
    ("ce week-end", "fr", dt.date(2026, 3, 9), "2026-03-08"),  # published Monday
    ("dit weekend", "nl", dt.date(2026, 3, 7), "2026-03-07"),  # published Saturday
    ("in der Nacht auf Sonntag", "de", dt.date(2026, 3, 9), "2026-03-08"),
])
def test_weekend_and_nights(text, lang, published, expected):
    assert first_day(text, lang, published=published).isoformat() == expected


FR_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")


def test_without_publication_day_a_weekday_fixes_the_year_of_a_day_and_month():
    """"le samedi 23 mars" in an undated capture: the latest year, up to today, in which that day is a Saturday."""
    day = dt.date.today() - dt.timedelta(days=100)
    text = f"L'incident a eu lieu le {FR_WEEKDAYS[day.weekday()]} {day.day} {FR_MONTHS[day.month - 1]}."
    assert [d.day for d in find_dates(text, "fr", None)] == [day]
    wrong = FR_WEEKDAYS[(day.weekday() + 1) % 7]
    other = [d.day for d in find_dates(f"le {wrong} {day.day} {FR_MONTHS[day.month - 1]}", "fr", None)]
    assert other[0] is not None and other[0] < day and other[0].weekday() == (day.weekday() + 1) % 7
