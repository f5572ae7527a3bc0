"""The site model: indexes over articles, URLs, and the plan of pages to render."""
