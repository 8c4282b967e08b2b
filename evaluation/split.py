"""A deterministic, incident-disjoint split of a gold file into halves A and B (tune on one, measure on the other).

Articles that share an `incident_key` are linked; each connected group (an article without incidents is a group of
its own) goes wholly to one half, by the parity of the first byte of sha1(the group's smallest article id). The
same gold file always gives the same halves, whatever its line order, and no incident is in both halves.
"""

from __future__ import annotations

import hashlib
from typing import Any

HALVES = ("A", "B")


def groups(articles: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Connected groups of articles linked by shared incident keys, ordered by their smallest id."""
    parent = {a["id"]: a["id"] for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_with_key: dict[str, str] = {}
    for a in articles:
        for inc in a.get("incidents") or []:
            key = inc.get("incident_key")
            if not key:
                continue
            if key in first_with_key:
                ra, rb = find(a["id"]), find(first_with_key[key])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            else:
                first_with_key[key] = a["id"]
    by_root: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_root.setdefault(find(a["id"]), []).append(a)
    return sorted(by_root.values(), key=lambda g: min(x["id"] for x in g))


def half_of(group: list[dict[str, Any]]) -> str:
    smallest = min(a["id"] for a in group)
    return HALVES[hashlib.sha1(smallest.encode("utf-8")).digest()[0] % 2]


def half(articles: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The articles of half `name` ("A" or "B"), in their input order."""
    if name not in HALVES:
        raise ValueError(f"unknown half {name!r}; use A or B")
    chosen = {a["id"] for g in groups(articles) if half_of(g) == name for a in g}
    return [a for a in articles if a["id"] in chosen]
