"""Allow ``python -m sana_archive``."""

from sana_archive.cli import run

run()
