"""Content: the YAML files a trainer edits, read into frozen dataclasses and validated.

Shared readers sit in `base` and `reader`; each wing has its own module: `keynote` (with
`settings` and `exercises`), `live`, and `coaching` (read by `coaching_files`). `check` runs
them all for `workshop validate`; `trainer` copies a set for a trainer to edit.
"""
