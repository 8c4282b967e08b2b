"""The bottom layer every package shares: errors, settings, the article/prediction schema and its vocabulary,
the one date parser and time zone, the one JSONL reader. Imports nothing of the project."""
