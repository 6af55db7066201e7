"""`python -m workshop.cli`: the `workshop` command."""

from workshop.cli import main

raise SystemExit(main())
