"""Text and attribute values for XML (feeds, sitemap), as ``xml.sax.saxutils`` writes them.

Written here because importing ``xml.sax.saxutils`` pulls in ``urllib.request`` and
``http.client``: about 12 ms of every build that draws a feed or the sitemap, for two
functions of a few lines. ``tests/outputs/test_xmltext.py`` holds them to the library's.
"""

from __future__ import annotations

_ATTRIBUTE_CONTROLS = (("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def escape(data: str) -> str:
    """``&``, ``<`` and ``>`` as entities: text safe between tags."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value, quoted: in double quotes unless it holds one and no single quote
    (then in single quotes); newlines and tabs as character references, so a parser
    normalizing attribute whitespace keeps them."""
    data = escape(data)
    for char, reference in _ATTRIBUTE_CONTROLS:
        data = data.replace(char, reference)
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"' + data.replace('"', "&quot;") + '"'
