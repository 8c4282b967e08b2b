-- Shootings per year found by the pipeline, beside the Brussels prosecutor's published counts
-- (reference_shooting_counts): `coverage` = ours / theirs. `articles` = articles published that year in the
-- warehouse, so a year the pipeline never read shows as such rather than as a quiet year.
CREATE OR REPLACE VIEW shootings_by_year AS
WITH ours AS (
    SELECT year(date) AS year, count(*) AS shootings, sum(killed) AS killed, sum(injured) AS injured
    FROM active_incidents
    WHERE type = 'shooting' AND date IS NOT NULL
    GROUP BY year(date)
),
read AS (
    SELECT year(published_date) AS year, count(*) AS articles
    FROM articles
    WHERE published_date IS NOT NULL
    GROUP BY year(published_date)
),
years AS (
    SELECT year FROM ours UNION SELECT year FROM reference_shooting_counts
)
SELECT
    CAST(y.year AS INTEGER)                              AS year,
    coalesce(o.shootings, 0)                             AS shootings,
    CAST(coalesce(o.killed, 0) AS BIGINT)                AS killed,
    CAST(coalesce(o.injured, 0) AS BIGINT)               AS injured,
    r.shootings                                          AS prosecutor_shootings,
    round(coalesce(o.shootings, 0) / r.shootings, 3)     AS coverage,
    coalesce(a.articles, 0)                              AS articles,
    r.source                                             AS reference_source
FROM years y
LEFT JOIN ours o ON o.year = y.year
LEFT JOIN reference_shooting_counts r ON r.year = y.year
LEFT JOIN read a ON a.year = y.year
ORDER BY y.year;
