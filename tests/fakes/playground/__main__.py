"""``python -m tests.fakes.playground [--script FILE]``."""

from tests.fakes.playground.cli import main

raise SystemExit(main())
