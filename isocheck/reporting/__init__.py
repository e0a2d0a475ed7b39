"""Reporting: one results document per run, and every view of it.

The flow is one way: findings -> `document` (the results document, built once and enriched once:
each finding's category, nonconformity number and waiver status, each standard's verdict) ->
writers (`jsonreport`, `markdown`, `html`, `sarif`, `oscal`, and `terminal`, the summary pytest
prints) -> `output` (where a report may be written, and writing it atomically).
`verdict` owns the verdict and its wording; `registry` holds the writers, built-in and plugins'.
No module here imports check or engine code.
"""
