"""Inline Markdown: emphasis, strong emphasis, code spans, links, autolinks and escapes.

Close to CommonMark where writers notice it: `*` and `_` follow the flanking rules (so
snake_case_words and 2 * 3 * 4 stay as typed), `***both***` nests, unmatched markers stay as
text, and a backslash keeps a marker literal. Bare web addresses become links, as on GitHub.
Not handled (they stay as text): raw HTML, entities, reference-style links, footnotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from app.core.export.model import Run

_SPECIAL = re.compile(r"[\\`*_\[!<\n]|(?<![^\s*_~(])(?=https?://|www\.)")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_EMAIL = re.compile(r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)>")
_TICKS = re.compile(r"`+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_URL_TRAILING = "?!.,:;*_~'\""


class _Node:
    """A piece of text, or a run of `*`/`_` that may become emphasis."""

    __slots__ = ("active", "bold", "can_close", "can_open", "code", "count", "delim", "italic",
                 "link", "size", "text")

    def __init__(self, text: str = "", *, code: bool = False, link: str = "") -> None:
        self.text = text
        self.code = code
        self.link = link
        self.bold = 0
        self.italic = 0
        self.delim = ""
        self.count = self.size = 0
        self.can_open = self.can_close = False
        self.active = True


def parse_inline(text: str) -> tuple[Run, ...]:
    """The runs of one block's text; "\\n" in `text` is kept as a line break."""
    return _to_runs(_parse_nodes(text, in_link=False))


def _parse_nodes(text: str, in_link: bool) -> list[_Node]:
    nodes: list[_Node] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            nodes.append(_Node("".join(buffer)))
            buffer.clear()

    pos = 0
    length = len(text)
    while pos < length:
        found = _SPECIAL.search(text, pos)
        if found is None:
            buffer.append(text[pos:])
            break
        at = found.start()
        buffer.append(text[pos:at])
        char = text[at] if found.group() else ""  # "": a bare web address starts here
        if not char:
            url = _bare_url(text, at)
            if in_link or not url:
                buffer.append(text[at])
                pos = at + 1
                continue
            flush()
            nodes.append(_Node(url, link=url if "://" in url else f"http://{url}"))
            pos = at + len(url)
        elif char == "\\":
            following = text[at + 1 : at + 2]
            if following in _ASCII_PUNCTUATION:
                buffer.append(following)
                pos = at + 2
            elif following == "\n":  # a backslash at a line's end: a hard break
                buffer.append("\n")
                pos = at + 2
            else:
                buffer.append("\\")
                pos = at + 1
        elif char == "\n":
            # Trailing spaces before a break would show as stray spaces in most formats.
            if buffer:
                buffer[-1] = buffer[-1].rstrip(" ")
            buffer.append("\n")
            pos = at + 1
            while pos < length and text[pos] == " ":
                pos += 1
        elif char == "`":
            pos = _code_span(text, at, nodes, buffer, flush)
        elif char in "*_":
            flush()
            pos = _delimiter_run(text, at, nodes)
        elif char in "[!":
            is_image = char == "!"
            start = at + 1 if is_image else at
            if is_image and text[start : start + 1] != "[":
                buffer.append("!")
                pos = at + 1
                continue
            link = _link(text, start)
            if link is None or (in_link and not is_image):
                buffer.append(text[at : start + 1])
                pos = start + 1
                continue
            label, target, pos = link
            flush()
            inner = _parse_nodes(label, in_link=True)
            _resolve_emphasis(inner)
            for node in inner:
                if node.delim:  # unmatched markers inside the label are text
                    node.text, node.delim = node.delim * node.count, ""
                if not is_image:
                    node.link = node.link or target
            nodes.extend(inner)
        elif char == "<":
            auto = _AUTOLINK.match(text, at) or _EMAIL.match(text, at)
            if auto is None or in_link:
                buffer.append("<")
                pos = at + 1
                continue
            flush()
            address = auto.group(1)
            target = address if auto.re is _AUTOLINK else f"mailto:{address}"
            nodes.append(_Node(address, link=target))
            pos = auto.end()
    flush()
    if not in_link:
        _resolve_emphasis(nodes)
    return nodes


def _code_span(
    text: str, at: int, nodes: list[_Node], buffer: list[str], flush: Callable[[], None]
) -> int:
    ticks = _TICKS.match(text, at).end() - at  # type: ignore[union-attr]
    closing = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)")
    end = closing.search(text, at + ticks)
    if end is None:
        buffer.append("`" * ticks)
        return at + ticks
    content = text[at + ticks : end.start()].replace("\n", " ")
    if len(content) > 2 and content[0] == content[-1] == " " and content.strip():
        content = content[1:-1]
    flush()
    nodes.append(_Node(content, code=True))
    return end.end()


def _is_space(char: str) -> bool:
    return not char or char.isspace()


def _is_punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _delimiter_run(text: str, at: int, nodes: list[_Node]) -> int:
    char = text[at]
    end = at
    while end < len(text) and text[end] == char:
        end += 1
    before = text[at - 1] if at > 0 else ""
    after = text[end] if end < len(text) else ""
    left = not _is_space(after) and (
        not _is_punctuation(after) or _is_space(before) or _is_punctuation(before)
    )
    right = not _is_space(before) and (
        not _is_punctuation(before) or _is_space(after) or _is_punctuation(after)
    )
    node = _Node()
    node.delim = char
    node.count = node.size = end - at
    if char == "*":
        node.can_open, node.can_close = left, right
    else:  # "_" inside a word (snake_case) is never emphasis
        node.can_open = left and (not right or _is_punctuation(before))
        node.can_close = right and (not left or _is_punctuation(after))
    nodes.append(node)
    return end


def _resolve_emphasis(nodes: list[_Node]) -> None:
    """CommonMark's delimiter matching: each closer takes the nearest fitting opener."""
    index = 0
    while index < len(nodes):
        closer = nodes[index]
        if not (closer.delim and closer.can_close and closer.active and closer.count):
            index += 1
            continue
        opener_at = _find_opener(nodes, index)
        if opener_at is None:
            index += 1
            continue
        opener = nodes[opener_at]
        used = 2 if opener.count >= 2 and closer.count >= 2 else 1
        opener.count -= used
        closer.count -= used
        for node in nodes[opener_at + 1 : index]:
            if used == 2:
                node.bold += 1
            else:
                node.italic += 1
            if node.delim:  # markers inside a matched pair can no longer pair outside it
                node.active = False
        if not closer.count:
            index += 1


def _find_opener(nodes: list[_Node], closer_at: int) -> int | None:
    closer = nodes[closer_at]
    for at in range(closer_at - 1, -1, -1):
        opener = nodes[at]
        if not (opener.delim == closer.delim and opener.can_open and opener.active
                and opener.count):
            continue
        # The "rule of three": *foo**bar* is emphasis around foo**bar, not a strong pair.
        both_ways = opener.can_close or closer.can_open
        if both_ways and (opener.size + closer.size) % 3 == 0 and (
            opener.size % 3 or closer.size % 3
        ):
            continue
        return at
    return None


def _link(text: str, at: int) -> tuple[str, str, int] | None:
    """`[label](target "title")` starting at `at`: (label, target, end) or None."""
    depth = 0
    pos = at
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        pos += 1
    else:
        return None
    label_end = pos
    if text[label_end + 1 : label_end + 2] != "(":
        return None
    pos = label_end + 2
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if text[pos : pos + 1] == "<":
        close = text.find(">", pos)
        if close < 0:
            return None
        target, pos = text[pos + 1 : close], close + 1
    else:
        start, parens = pos, 0
        while pos < len(text) and not text[pos].isspace():
            if text[pos] == "(":
                parens += 1
            elif text[pos] == ")":
                if parens == 0:
                    break
                parens -= 1
            pos += 1
        target = text[start:pos]
    title = re.compile(r"""[ \t]*(?:"[^"]*"|'[^']*'|\([^)]*\))?[ \t]*\)""").match(text, pos)
    if title is None:
        return None
    return text[at + 1 : label_end], target, title.end()


def _bare_url(text: str, at: int) -> str:
    found = _BARE_URL.match(text, at)
    if found is None:
        return ""
    url = found.group()
    while url and (url[-1] in _URL_TRAILING or (url[-1] == ")" and
                                                  url.count(")") > url.count("("))):
        url = url[:-1]
    return url if len(url) > len("www.") + 1 else ""


def _to_runs(nodes: list[_Node]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for node in nodes:
        text = node.delim * node.count if node.delim else node.text
        if not text:
            continue
        run = Run(text, bold=node.bold > 0, italic=node.italic > 0, code=node.code,
                  link=node.link)
        last = runs[-1] if runs else None
        if last and (last.bold, last.italic, last.code, last.link) == (
            run.bold, run.italic, run.code, run.link
        ):
            runs[-1] = Run(last.text + text, run.bold, run.italic, run.code, run.link)
        else:
            runs.append(run)
    return tuple(runs)
