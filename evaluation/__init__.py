"""Evaluation against gold annotations (../shared/eval/SCHEMA.md): `evaluation.score` scores predictions (what
`incidents eval` prints), `evaluation.dedup` measures the resolver alone on gold mentions. Sits above extract,
resolve and the warehouse, which it drives; nothing the pipeline runs imports it."""
