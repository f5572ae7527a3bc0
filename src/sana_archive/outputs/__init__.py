"""Output formats other than pages: each returns bytes or records, never writes."""
