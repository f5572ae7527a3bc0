"""sana-archive: a static site generator for an archive of diplomatic statements."""

__version__ = "0.1.0"
