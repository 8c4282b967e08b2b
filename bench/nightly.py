"""Benchmark: the nightly flow end to end over N new articles of a generated local demo-like site.

Prints the ephemeral Prefect API's start-up time, Prefect's fixed overhead (the same flow with no-op stages),
the total seconds of a real nightly run over N new articles, and each stage's share of it.

    .venv/bin/python bench/nightly.py [--articles 500] [--processes 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from incidents.demo import LOCAL_CRAWL_SETTINGS, prefect_environment  # noqa: E402
from incidents.demo_site.site import Article, Site, load_site, serve, sources_toml  # noqa: E402

PLACES = [("Anderlecht", "la station Clemenceau", "het metrostation Clemenceau", "Clemenceau metro station"),
          ("Anderlecht", "la cité du Peterbos", "de wijk Peterbos", "the Peterbos estate"),
          ("Schaerbeek", "la place Liedts", "het Liedtsplein", "Place Liedts"),
          ("Molenbeek-Saint-Jean", "la chaussée de Gand", "de Gentsesteenweg", "Chaussée de Gand"),
          ("Saint-Gilles", "la gare du Midi", "het Zuidstation", "Brussels-Midi station"),
          ("Forest", "l'avenue Van Volxem", "de Van Volxemlaan", "Avenue Van Volxem"),
          ("Saint-Josse-ten-Noode", "la place Saint-Josse", "het Sint-Joostplein", "Place Saint-Josse")]
INCIDENT = {
    "fr": ("Coups de feu près de {fr} à {commune}",
           "Des coups de feu ont éclaté hier soir près de {fr}, à {commune}. Un homme de {age} ans a été blessé "
           "par balle et transporté à l'hôpital. L'auteur a pris la fuite. Le parquet de Bruxelles a ouvert une "
           "enquête pour tentative de meurtre.\n\nLa police a bouclé le quartier pendant plusieurs heures."),
    "nl": ("Schoten gelost aan {nl} in {commune}",
           "Aan {nl} in {commune} is gisteravond een man van {age} jaar neergeschoten. Hij werd gewond naar het "
           "ziekenhuis gebracht. De schutter is gevlucht. Het Brusselse parket onderzoekt de feiten."),
    "en": ("Man shot near {en} in {commune}",
           "A {age}-year-old man was shot and injured near {en} in {commune} last night, the Brussels "
           "prosecutor's office said. The gunman fled. Police cordoned off the area."),
}
FILLER = {
    "fr": ("Conseil communal de {commune} : le budget {n} adopté",
           "Le conseil communal de {commune} a adopté son budget pour {n}. Il prévoit de nouveaux investissements "
           "dans les écoles et les espaces verts.\n\nL'opposition a voté contre."),
    "nl": ("Nieuwe fietspaden in {commune} tegen {n}",
           "De gemeente {commune} legt tegen {n} nieuwe fietspaden aan. De werken starten in het voorjaar.\n\n"
           "Handelaars vrezen parkeerproblemen."),
    "en": ("{commune} opens new library for {n}",
           "A new public library opens in {commune} this month, part of the commune's plan for {n}.\n\n"
           "It will be open seven days a week."),
}


def generated_site(n: int, seed: int = 7) -> Site:
    """A demo-like site with `n` new articles (a third about shootings) over the demo's outlets."""
    rng = random.Random(seed)
    outlets = [o for o in load_site().outlets if o.language in INCIDENT]
    articles = []
    for i in range(n):
        outlet = outlets[i % len(outlets)]
        lang = outlet.language
        commune, fr, nl, en = rng.choice(PLACES)
        title, text = (INCIDENT if rng.random() < 0.33 else FILLER)[lang]
        values = {"commune": commune, "fr": fr, "nl": nl, "en": en, "age": rng.randint(17, 60), "n": 2027 + i}
        articles.append(Article(outlet=outlet.name, slug=f"bench-{i:04d}", section=outlet.section,
                                hours_ago=round(rng.uniform(1, 60), 2), title=f"{title.format(**values)} ({i})",
                                text=text.format(**values)))
    return Site(outlets, articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    prefect_environment(verbose=False)
    os.environ["PREFECT_LOGGING_LEVEL"] = "ERROR"
    from prefect import flow, task

    from flows import tasks
    from flows.nightly import nightly_flow

    with tempfile.TemporaryDirectory(prefix="bench-nightly-") as tmp:
        tmp = Path(tmp)
        site = generated_site(args.articles)

        @flow
        def hello() -> None:
            return None

        t0 = time.perf_counter()
        hello()
        startup = time.perf_counter() - t0

        real = {name: getattr(tasks, name) for name in
                ("crawl_task", "load_task", "extract_task", "resolve_task", "views_task", "digest_task")}

        @task
        def noop(*args, **kwargs) -> dict:
            return {}

        for name in real:
            setattr(tasks, name, noop)
        t0 = time.perf_counter()
        nightly_flow(db=str(tmp / "noop.duckdb"), work_dir=str(tmp / "noop-crawl"))
        overhead = time.perf_counter() - t0
        for name, fn in real.items():
            setattr(tasks, name, fn)

        with serve(site, port=0) as running:
            sources = tmp / "sources.toml"
            sources.write_text(sources_toml(site, running.base_url), encoding="utf-8")
            t0 = time.perf_counter()
            counts = nightly_flow(db=str(tmp / "bench.duckdb"), sources=str(sources), outbox=str(tmp / "outbox"),
                                  work_dir=str(tmp / "crawl"), n_process=args.processes,
                                  crawl_settings=LOCAL_CRAWL_SETTINGS)
            total = time.perf_counter() - t0

    print(f"articles generated:            {args.articles} ({len(site.outlets)} outlets)")
    print(f"articles loaded (new):         {counts['load']['new']}")
    print(f"mentions / incidents new:      {counts['extract'].get('mentions')} / {counts['resolve'].get('new_incidents')}")
    print(f"ephemeral Prefect API start:   {startup:6.1f} s (once per process)")
    print(f"Prefect fixed overhead:        {overhead:6.1f} s (nightly flow, 6 no-op stages, runs row, artifact)")
    print(f"nightly total:                 {total:6.1f} s  ({args.articles / total:.1f} articles/s)")
    staged = sum(c.get("seconds", 0) for c in counts.values() if isinstance(c, dict))
    for stage in ("crawl", "load", "extract", "resolve", "views", "digest"):
        seconds = counts[stage].get("seconds", 0)
        print(f"  {stage:<8} {seconds:7.1f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'other':<8} {total - staged:7.1f} s  {100 * (total - staged) / total:5.1f} %  (runs row, artifact, task orchestration)")


if __name__ == "__main__":
    main()
