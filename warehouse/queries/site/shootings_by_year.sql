-- The public site's home: our shootings per year beside the Brussels prosecutor's (the view `shootings_by_year`),
-- the years we read articles for or the prosecutor published a figure for.
SELECT year, shootings, prosecutor_shootings, coverage, articles, reference_source
FROM shootings_by_year
ORDER BY year DESC
