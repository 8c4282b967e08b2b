"""Place names across languages reduce to the same key; different places do not."""

from __future__ import annotations

import pytest

from resolve.places import place_agreement, place_key


@pytest.mark.parametrize("names", [
    ("station Clemenceau", "metrostation Clemenceau", "Clemenceau metro station", "avenue Clemenceau"),
    ("gare du Nord", "Noordstation", "Brussels-North station"),
    ("Porte de Hal", "Hallepoort"),
    ("rue de Ribaucourt", "Ribaucourtstraat"),
    ("place Saint-Denis", "Sint-Denijsplein"),
    ("Place Reine Astrid", "Koningin Astridplein"),
    ("parvis Saint-Pierre", "Sint-Pietersvoorplein"),
    ("rue Marie-Christine", "Maria-Christinastraat"),
    ("chaussée de Gand", "Gentsesteenweg"),
    ("gare de Schaerbeek", "station Schaarbeek", "Bahnhof Schaerbeek"),
    ("station de métro Étangs Noirs", "Etangs Noirs metro station"),
])
def test_same_place_in_any_language(names):
    keys = [place_key(n) for n in names]
    assert all(keys), keys
    for k in keys[1:]:
        assert place_agreement(keys[0], k) >= 0.5, (names, keys)


@pytest.mark.parametrize("a,b", [
    ("place Saint-Denis", "parvis de Saint-Gilles"),
    ("station Clemenceau", "Porte de Hal"),
    ("rue de Brabant", "rue de Paris"),
    ("Place Flagey", "place Jourdan"),
])
def test_different_places_disagree(a, b):
    assert place_agreement(place_key(a), place_key(b)) == 0


def test_unknown_or_generic_place_has_no_key():
    assert place_key(None) == frozenset() and place_key("") == frozenset()
    assert place_key("la gare") == frozenset()
    assert place_agreement(place_key(None), place_key("Peterbos")) is None
