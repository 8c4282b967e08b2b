"""Extraction throughput on a generated mix of articles, against plain `fr_core_news_sm` `nlp.pipe`.

    .venv/bin/python bench/extract.py [--n 5000] [--incident-share 0.1] [--near-miss-share 0.3] [--seed 7]
                                      [--out bench/results/x.json]

Generates N fictional articles from templates (about 10% incident reports, 30% ordinary news that carries an
incident word without an incident in the region — sport "tirs", a trial, statistics, an incident abroad — and the
rest ordinary news, in fr/nl/en/de), so that about a third of the articles pass the relevance gate, as real general
news does (about 18% of ordinary Belgian news pages contain a trigger word);
then times, over the same texts:
  1. `extract.api.extract_articles(n_process=1)` (pipelines already loaded),
  2. `extract.api.extract_articles(n_process=2)` (includes starting the workers and loading their pipelines),
  3. `spacy.load("fr_core_news_sm").pipe(title + text)`,
and prints articles/s, the ratios, and the relevance gate's pass rate.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gazetteer import commune_names  # noqa: E402

COMMUNES = list(commune_names())
WEEKDAYS = {"fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]}
INCIDENTS = {
    "fr": ["Un homme de {age} ans a été blessé par balle {wd} soir à {c}. Les faits se sont produits vers {h}h. "
           "Le parquet a ouvert une enquête et la police a retrouvé plusieurs douilles.",
           "Deux personnes ont été poignardées {wd} après-midi à {c}, près d'un arrêt de tram. L'auteur a pris la "
           "fuite. Les victimes ont été hospitalisées, leurs jours ne sont pas en danger."],
    "nl": ["Een {age}-jarige man is {wd}avond in {c} gewond geraakt bij een schietpartij. Rond {h} uur werden "
           "meerdere schoten gelost. Het parket heeft een onderzoeksrechter aangesteld."],
    "en": ["A {age}-year-old man was stabbed on {wd} evening in {c}. He was taken to hospital. Police are "
           "appealing for witnesses."],
    "de": ["In {c} sind am {wd}abend Schüsse gefallen. Ein {age}-jähriger Mann wurde verletzt. Die Polizei "
           "sucht Zeugen."],
}
ORDINARY = {
    "fr": ["Le conseil communal de {c} a approuvé {wd} le budget de l'année prochaine. Les investissements porteront "
           "sur les écoles, les crèches et la rénovation des trottoirs. L'opposition regrette le manque d'ambition "
           "en matière de mobilité et de logement.",
           "La STIB annonce des travaux sur la ligne de tram entre {c} et le centre-ville à partir de {wd}. Des bus "
           "de remplacement circuleront pendant trois semaines. Les riverains sont invités à consulter le site.",
           "Un nouveau marché bio s'installe place communale à {c}. Une vingtaine de producteurs locaux y vendront "
           "fruits, légumes et fromages chaque {wd} matin, jusqu'à la fin de l'été."],
    "nl": ["De gemeenteraad van {c} keurde {wd} de begroting goed. Er wordt vooral geïnvesteerd in scholen, "
           "crèches en de heraanleg van voetpaden. De oppositie mist ambitie op het vlak van mobiliteit.",
           "Het nieuwe zwembad in {c} opent {wd} de deuren. Het bad heeft een wedstrijdbad en een recreatiebad."],
    "en": ["The {c} council approved next year's budget on {wd}. Spending will focus on schools, nurseries and "
           "pavements, while the opposition called for more ambition on housing and mobility.",
           "A new organic market opens on {wd} in {c}, with around twenty local producers selling fruit, "
           "vegetables and cheese every week until the end of the summer."],
    "de": ["Der Gemeinderat von {c} hat am {wd} den Haushalt für das kommende Jahr verabschiedet. Investiert wird "
           "vor allem in Schulen, Kitas und Gehwege. Die Opposition vermisst Ehrgeiz bei Wohnen und Verkehr."],
}
# News that passes the gate (it has an incident word) and is not an incident in the region: the extractor's hard work.
NEAR_MISS = {
    "fr": ["Le procès de l'homme accusé d'avoir tiré sur un automobiliste s'est ouvert {wd} devant la cour d'assises. "
           "Le parquet requiert vingt ans de prison.",
           "Sur un tir puissant de la tête, l'attaquant a trompé le gardien de {c} à la {age}e minute du match.",
           "Le nombre de fusillades a encore augmenté l'an dernier selon les chiffres du parquet, qui compte "
           "{age} faits pour l'ensemble de l'arrondissement."],
    "nl": ["Het proces tegen de man die in Antwerpen een agent neerstak, begon {wd} voor het hof van assisen.",
           "Met een droog schot in de verste hoek besliste de spits {wd} de wedstrijd tegen {c}."],
    "en": ["A man was stabbed in Liège on {wd} night, police said. The suspect fled on foot.",
           "The trial of the man accused of the shooting two years ago opened on {wd} in Brussels."],
    "de": ["In Lüttich ist am {wd}abend ein Mann durch Schüsse verletzt worden. Die Polizei ermittelt.",
           "Nach einem Schuss aus der Distanz ging die Mannschaft aus {c} in der {age}. Minute in Führung."],
}
LANG_WEIGHTS = {"fr": 0.45, "nl": 0.3, "en": 0.15, "de": 0.1}


def generate(n: int, incident_share: float, seed: int, near_miss_share: float = 0.0) -> list[dict]:
    rnd = random.Random(seed)
    langs = list(LANG_WEIGHTS)
    out = []
    for i in range(n):
        lang = rnd.choices(langs, weights=[LANG_WEIGHTS[x] for x in langs])[0]
        # published on Thursday 2026-03-05: incidents happen Monday to Thursday (the same news cycle)
        fill = dict(c=rnd.choice(COMMUNES), wd=rnd.choice(WEEKDAYS[lang][:4]), age=rnd.randint(17, 60),
                    h=rnd.randint(0, 23))
        draw = rnd.random()
        incident = draw < incident_share
        pool = INCIDENTS if incident else NEAR_MISS if draw < incident_share + near_miss_share else ORDINARY
        paragraphs = [rnd.choice(pool[lang]).format(**fill)]
        paragraphs += [rnd.choice(ORDINARY[lang]).format(**fill) for _ in range(rnd.randint(2, 4))]
        out.append({"id": f"bench-{i}", "incident": incident, "url": f"https://bench.example.org/{i}", "outlet": "bench.example.org",
                    "language": lang, "published": "2026-03-05",
                    "title": paragraphs[0].split(".")[0][:90], "text": "\n\n".join(paragraphs)})
    return out


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--incident-share", type=float, default=0.1)
    ap.add_argument("--near-miss-share", type=float, default=0.3,
                    help="share of ordinary news with an incident word (passes the gate, no incident)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    import spacy

    from extract import EXTRACTOR_VERSION
    from extract.api import extract_articles
    from extract.gate import passes_gate
    from extract.pipelines import LANGUAGES, get_pipeline

    arts = generate(args.n, args.incident_share, args.seed, args.near_miss_share)
    words = sum(len((a["title"] + " " + a["text"]).split()) for a in arts)
    for lang in LANGUAGES:
        get_pipeline(lang)  # load once, outside the timings
    gate_pass = sum(passes_gate(a["title"], a["text"], a["language"]) for a in arts)

    t = time.perf_counter()
    preds1 = list(extract_articles(arts, n_process=1))
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    preds2 = list(extract_articles(arts, n_process=2, batch_size=256))
    t2 = time.perf_counter() - t
    assert [p["id"] for p in preds2] == [a["id"] for a in arts]
    assert preds1 == preds2, "n_process=2 must give the same predictions"

    nlp = spacy.load("fr_core_news_sm")
    texts = [a["title"] + "\n\n" + a["text"] for a in arts]
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    t_base = time.perf_counter() - t

    result = {
        "extractor_version": EXTRACTOR_VERSION,
        "articles": len(arts), "words": words, "incident_share": args.incident_share,
        "near_miss_share": args.near_miss_share,
        "gate_pass_rate": round(gate_pass / len(arts), 4),
        "incident_articles_generated": sum(a["incident"] for a in arts),
        "in_scope_predicted": sum(p["in_scope"] for p in preds1),
        "incident_articles_found": sum(p["in_scope"] and a["incident"] for p, a in zip(preds1, arts)),
        "errors": sum(bool(p.get("error")) for p in preds1),
        "extract_n1_articles_per_s": round(rate(len(arts), t1), 1),
        "extract_n2_articles_per_s": round(rate(len(arts), t2), 1),
        "fr_core_news_sm_pipe_articles_per_s": round(rate(len(arts), t_base), 1),
        "speedup_n1": round(t_base / t1, 2),
        "speedup_n2": round(t_base / t2, 2),
    }
    for k, v in result.items():
        print(f"{k:40s} {v}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
