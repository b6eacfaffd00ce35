"""``python -m tests.fakes.playground [--script FILE]``."""

from tests.fakes.playground.main import main

raise SystemExit(main())
