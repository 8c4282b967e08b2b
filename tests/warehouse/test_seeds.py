"""Reference tables come from data files (seeds), not from migrations, and follow the files on the next connection."""

from __future__ import annotations

from pathlib import Path

from gazetteer import commune_names
from warehouse import seeds
from warehouse.db import connect


def test_fresh_warehouse_has_the_19_communes_and_the_prosecutor_counts(db_path: Path) -> None:
    con = connect(db_path)
    try:
        assert sorted(r[0] for r in con.execute("SELECT commune FROM communes").fetchall()) == sorted(commune_names())
        counts = dict(con.execute("SELECT year, shootings FROM reference_shooting_counts").fetchall())
        assert {2022: 56, 2023: 62, 2024: 89}.items() <= counts.items()
        assert con.execute("SELECT postcode FROM communes WHERE commune = 'Anderlecht'").fetchall() == [(1070,)]
    finally:
        con.close()


def test_a_new_year_in_the_seed_reaches_an_existing_warehouse(db_path: Path, monkeypatch) -> None:
    connect(db_path).close()
    extra = (*seeds.reference_shooting_rows(), (2025, 100, "test figure"))
    patched = tuple(seeds.Seed(s.table, s.columns, (lambda: extra) if s.table == "reference_shooting_counts"
                               else s.rows) for s in seeds.SEEDS)
    monkeypatch.setattr(seeds, "SEEDS", patched)
    con = connect(db_path)
    try:
        assert con.execute("SELECT shootings FROM reference_shooting_counts WHERE year = 2025").fetchall() == [(100,)]
        assert seeds.sync_seeds(con) == []  # in sync: nothing rewritten
    finally:
        con.close()


def test_no_migration_inserts_reference_rows() -> None:
    root = Path(seeds.__file__).resolve().parent / "migrations"
    for sql in root.glob("*.sql"):
        text = sql.read_text(encoding="utf-8").lower()
        assert "insert into communes" not in text and "insert into reference_shooting_counts" not in text, sql.name
