"""Simple HTML (the gateway's `moTa`) to safe Markdown (pure): structure kept
(paragraphs, line breaks, lists, emphasis, http(s) links), every tag and
attribute dropped (images too), script and style content dropped, and what
remains escaped so that no markup from outside reaches a page."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
_BLOCK = {"p", "div", "section", "article", "blockquote", "table", "tr", "h1", "h2", "h3",
          "h4", "h5", "h6", "ul", "ol"}


def _escape(text: str) -> str:
    """Text as text: no HTML, and no Markdown image (a gateway's `![](…)`
    would make every visitor's browser fetch a URL from outside)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("![", "!\\["))


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.lists: list[list] = []   # [kind, counter]
        self.link: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag in _BLOCK:
            self.out.append("\n\n")
            if tag in ("ul", "ol"):
                self.lists.append([tag, 0])
            elif tag.startswith("h"):
                self.out.append("## ")
        elif tag == "br":
            self.out.append("  \n")
        elif tag == "li":
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            self.out.append("\n" + ("%d. " % kind[1] if kind[0] == "ol" else "- "))
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if re.match(r"^https?://[^\s()<>]+$", href) else None
            if self.link:
                self.out.append("[")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag in _BLOCK:
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "a" and self.link:
            self.out.append(f"]({self.link})")
            self.link = None

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(_escape(re.sub(r"\s+", " ", data)))


def to_markdown(html: str | None) -> str:
    if not html:
        return ""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    text = "".join(converter.out)
    text = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.strip(" ") if not line.endswith("  ") else line.lstrip(" ")
                     for line in text.strip().split("\n"))
