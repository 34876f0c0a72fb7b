"""User text to HTML: Markdown through a maintained sanitiser (nh3), so no script or handler reaches a page."""

from __future__ import annotations

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}


def markdown_html(text: str) -> SafeString:
    html = md.markdown(text, extensions=[], output_format="html")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"},
                      link_rel="noopener nofollow ugc")  # fmt: skip
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
