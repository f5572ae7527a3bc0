"""Reading content files: discovery, front matter, and layering over inference."""
