"""Allow ``python -m sana_archive``."""

from sana_archive.cli import main

raise SystemExit(main())
