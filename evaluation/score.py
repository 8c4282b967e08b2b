"""Scoring of predictions against gold annotations (../shared/eval/SCHEMA.md); same metrics as the reference
scorer `eval/score.py`: article in-scope P/R/F1, incident P/R/F1 (typed and untyped), field accuracy over matched
pairs, pairwise dedup P/R/F1 over matched mentions, distinct shooting incidents; plus the same per language and
an error list by kind.

Matching (per article): candidate pairs must agree on type (typed match), must not name different communes, and
must not be more than 3 days apart; pairs are taken greedily by score (commune 2, date within 1 day 1, killed 0.5,
injured 0.5, type 0.25). Commune accuracy uses pairs matched on type and date only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

FIELDS = ("date_exact", "date_pm1", "commune", "killed", "injured", "weapon")


def _day(s: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


def _norm(s: Any) -> str | None:
    return (s or "").strip().lower() or None


def pairwise(labels: list[tuple[Any, Any]]) -> dict[str, Any]:
    """Pairwise precision/recall/F1 of "same incident" over (gold key, predicted id) labels of matched mentions."""
    tp = fp = fn = 0
    for (g1, p1), (g2, p2) in itertools.combinations(labels, 2):
        same_gold = g1 is not None and g1 == g2
        same_pred = p1 is not None and p1 == p2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return prf(tp, fp, fn)


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def pair_score(g: dict, p: dict, typed: bool, use_commune: bool = True) -> float | None:
    """The matching score of a gold and a predicted incident, or None when they cannot match."""
    if typed and _norm(g.get("type")) != _norm(p.get("type")):
        return None
    gc, pc = _norm(g.get("commune")), _norm(p.get("commune"))
    if use_commune and gc and pc and gc != pc:
        return None
    gd, pd = _day(g.get("date")), _day(p.get("date"))
    s = 0.0
    s += 2 if gc and gc == pc else 0
    if gd and pd:
        delta = abs((gd - pd).days)
        if delta > 3:
            return None
        s += 1 if delta <= 1 else 0
    s += 0.5 if g.get("killed") == p.get("killed") else 0
    s += 0.5 if g.get("injured") == p.get("injured") else 0
    s += 0.25 if _norm(g.get("type")) == _norm(p.get("type")) else 0
    return s


def match(golds: list[dict], preds: list[dict], typed: bool = True, use_commune: bool = True) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by descending pair score (ties in gold-then-prediction order)."""
    cands = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            s = pair_score(g, p, typed, use_commune)
            if s is not None:
                cands.append((s, i, j))
    cands.sort(key=lambda c: -c[0])
    gi: set[int] = set()
    pj: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in gi and j not in pj:
            gi.add(i)
            pj.add(j)
            pairs.append((i, j))
    return pairs


def _brief(inc: dict) -> dict[str, Any]:
    return {k: inc.get(k) for k in ("type", "date", "commune", "place", "killed", "injured", "weapon")}


def score(gold: list[dict], pred: list[dict], with_errors: bool = False) -> dict[str, Any]:
    """The metrics for `pred` against `gold` (lists of article objects); `errors` listed when asked."""
    pred_by_id = {p["id"]: p for p in pred}
    art = {"tp": 0, "fp": 0, "fn": 0}
    typed = {"tp": 0, "fp": 0, "fn": 0}
    untyped = {"tp": 0, "fp": 0, "fn": 0}
    fields = {k: [0, 0] for k in FIELDS}
    matched: list[tuple[Any, Any]] = []
    matched_articles: list[tuple[Any, Any, str]] = []
    missing = 0
    shootings_gold: set[Any] = set()
    shootings_pred: set[Any] = set()
    errors: list[dict[str, Any]] = []
    for a in gold:
        aid = a["id"]
        p = pred_by_id.get(aid)
        if p is None:
            missing += 1
            p = {"in_scope": False, "incidents": []}
        g_in = bool(a.get("in_scope"))
        p_inc = p.get("incidents") or []
        p_in = bool(p.get("in_scope", bool(p_inc)))
        art["tp"] += g_in and p_in
        art["fp"] += (not g_in) and p_in
        art["fn"] += g_in and not p_in
        if g_in != p_in:
            errors.append({"kind": "wrong in_scope", "id": aid, "gold": g_in, "pred": p_in,
                           "reason": p.get("reason") or p.get("error")})
        g_inc = a.get("incidents") or []
        for g in g_inc:
            if g.get("type") == "shooting":
                shootings_gold.add(g.get("incident_key"))
        for q in p_inc:
            if q.get("type") == "shooting":
                shootings_pred.add(q.get("incident_id") or id(q))
        for counts, is_typed in ((typed, True), (untyped, False)):
            pairs = match(g_inc, p_inc, is_typed)
            counts["tp"] += len(pairs)
            counts["fp"] += len(p_inc) - len(pairs)
            counts["fn"] += len(g_inc) - len(pairs)
            if not is_typed:
                continue
            gi = {i for i, _ in pairs}
            pj = {j for _, j in pairs}
            errors += [{"kind": "missed incident", "id": aid, "gold": _brief(g)} for i, g in enumerate(g_inc) if i not in gi]
            errors += [{"kind": "spurious incident", "id": aid, "pred": _brief(q)} for j, q in enumerate(p_inc) if j not in pj]
            for i, j in pairs:
                g, q = g_inc[i], p_inc[j]
                gd, qd = _day(g.get("date")), _day(q.get("date"))
                ok = {
                    "date_exact": gd == qd,
                    "date_pm1": (gd == qd) or (gd is not None and qd is not None and abs((gd - qd).days) <= 1),
                    "killed": g.get("killed") == q.get("killed"),
                    "injured": g.get("injured") == q.get("injured"),
                    "weapon": _norm(g.get("weapon")) == _norm(q.get("weapon")),
                }
                for k, v in ok.items():
                    fields[k][0] += v
                    fields[k][1] += 1
                for k, gk in (("date_exact", "date"), ("killed", "killed"), ("injured", "injured"), ("weapon", "weapon")):
                    if not ok[k]:
                        errors.append({"kind": f"wrong {gk}", "id": aid, "gold": g.get(gk), "pred": q.get(gk)})
                matched.append((g.get("incident_key"), q.get("incident_id")))
                matched_articles.append((g.get("incident_key"), q.get("incident_id"), aid))
            for i, j in match(g_inc, p_inc, True, use_commune=False):
                same = _norm(g_inc[i].get("commune")) == _norm(p_inc[j].get("commune"))
                fields["commune"][0] += same
                fields["commune"][1] += 1
                if not same:
                    errors.append({"kind": "wrong commune", "id": aid, "gold": g_inc[i].get("commune"),
                                   "pred": p_inc[j].get("commune")})
    out: dict[str, Any] = {
        "articles": len(gold), "missing_predictions": missing,
        "in_scope": prf(**art),
        "incidents": prf(**typed),
        "incidents_untyped": prf(**untyped),
        "fields": {k: round(v[0] / v[1], 4) if v[1] else None for k, v in fields.items()},
        "matched": len(matched),
        "dedup_pairwise": pairwise(matched),
        "shooting_incidents": {"gold": len(shootings_gold), "predicted": len(shootings_pred)},
        "distinct_incidents": distinct_incidents(gold, pred_by_id),
    }
    if with_errors:
        out["errors"] = errors
        out["resolution"] = merges_and_splits(matched_articles)
    return out


def _majority_type(types: list[str]) -> str:
    counts: dict[str, int] = {}
    for t in types:
        counts[t] = counts.get(t, 0) + 1
    return max(sorted(counts), key=lambda t: counts[t])


def distinct_incidents(gold: list[dict], pred_by_id: dict[str, dict]) -> dict[str, Any]:
    """Distinct real incidents (gold keys) against distinct predicted incidents (ids), overall and per type (an
    incident's type: the type most of its reports give)."""
    gold_types: dict[Any, list[str]] = {}
    pred_types: dict[Any, list[str]] = {}
    for a in gold:
        for g in a.get("incidents") or []:
            gold_types.setdefault(g.get("incident_key"), []).append(g.get("type") or "other")
        for q in (pred_by_id.get(a["id"]) or {}).get("incidents") or []:
            pred_types.setdefault(q.get("incident_id") or id(q), []).append(q.get("type") or "other")
    by_type: dict[str, dict[str, int]] = {}
    for side, table in (("gold", gold_types), ("predicted", pred_types)):
        for types in table.values():
            row = by_type.setdefault(_majority_type(types), {"gold": 0, "predicted": 0})
            row[side] += 1
    return {"gold": len(gold_types), "predicted": len(pred_types),
            "by_type": {t: by_type[t] for t in sorted(by_type)}}


def merges_and_splits(matched: list[tuple[Any, Any, str]]) -> dict[str, list[dict[str, Any]]]:
    """Over matched mentions (gold key, predicted id, article id): `splits`, real incidents spread over several
    predicted ids, and `merges`, predicted ids that gather several real incidents, each with the article ids."""
    by_key: dict[Any, dict[Any, list[str]]] = {}
    by_id: dict[Any, dict[Any, list[str]]] = {}
    for key, pid, aid in matched:
        if key is None or pid is None:
            continue
        by_key.setdefault(key, {}).setdefault(pid, []).append(aid)
        by_id.setdefault(pid, {}).setdefault(key, []).append(aid)
    splits = [{"incident_key": key, "predicted": {str(p): sorted(a) for p, a in ids.items()}}
              for key, ids in sorted(by_key.items(), key=lambda kv: str(kv[0])) if len(ids) > 1]
    merges = [{"incident_id": str(pid), "gold": {str(k): sorted(a) for k, a in keys.items()}}
              for pid, keys in sorted(by_id.items(), key=lambda kv: str(kv[0])) if len(keys) > 1]
    return {"splits": splits, "merges": merges}


GATE_REASON = "no incident keyword"


def gate_recall(gold: list[dict], pred: list[dict]) -> dict[str, Any]:
    """How many gold in-scope articles passed the relevance gate (predictions whose `reason` is not the gate's)."""
    by_id = {p["id"]: p for p in pred}
    pos = [a for a in gold if a.get("in_scope")]
    neg = [a for a in gold if not a.get("in_scope")]
    passed = lambda a: (by_id.get(a["id"]) or {}).get("reason") != GATE_REASON  # noqa: E731
    n_pos = sum(passed(a) for a in pos)
    return {"in_scope_passed": n_pos, "in_scope_total": len(pos),
            "recall": round(n_pos / len(pos), 4) if pos else None,
            "out_of_scope_passed": sum(passed(a) for a in neg), "out_of_scope_total": len(neg)}


def evaluate(gold: list[dict], pred: list[dict], with_errors: bool = False) -> dict[str, Any]:
    """`score` overall plus `by_language` (gold articles grouped by their `language`) and the gate's recall."""
    report = score(gold, pred, with_errors=with_errors)
    report["gate"] = gate_recall(gold, pred)
    langs = sorted({a.get("language") or "?" for a in gold})
    report["by_language"] = {
        lang: score([a for a in gold if (a.get("language") or "?") == lang], pred) for lang in langs
    }
    return report
