"""The export's Markdown reading: blocks (headings, paragraphs, lists, quotes, rules) and
inline runs (emphasis, code, links), as writers' drafts use them."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.export import ExportOptions, render_document
from app.core.export.markdown import parse_markdown, suggested_title
from app.core.export.markdown_inline import parse_inline
from app.core.export.model import BlockKind, Run
from tests.core.test_export import SAMPLE


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in parse_markdown(text)]


# --- blocks --------------------------------------------------------------------------------


def test_blocks_of_a_draft():
    blocks = parse_markdown(SAMPLE)
    assert [(b.kind, b.level, b.ordered, b.depth, b.number, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, False, 0, 0, "Title with style"),
        (BlockKind.PARAGRAPH, 0, False, 0, 0, "First paragraph with bold, code and a link."),
        (BlockKind.PARAGRAPH, 0, False, 0, 0, "Second line is its own paragraph."),
        (BlockKind.HEADING, 2, False, 0, 0, "Lists"),
        (BlockKind.LIST_ITEM, 0, False, 0, 0, "apple"),
        (BlockKind.LIST_ITEM, 0, False, 0, 0, "pear"),
        (BlockKind.LIST_ITEM, 0, False, 1, 0, "nested"),
        (BlockKind.LIST_ITEM, 0, True, 0, 1, "one"),
        (BlockKind.LIST_ITEM, 0, True, 0, 2, "two"),
        (BlockKind.QUOTE, 0, False, 0, 0, "quoted"),
        (BlockKind.RULE, 0, False, 0, 0, ""),
        (BlockKind.HEADING, 3, False, 0, 0, "Done *literally*"),
    ]


def test_headings():
    assert kinds("## Closed ##\n#hashtag\n####### seven\nSetext\n===\nTwo\n---\n") == [
        ("heading", "Closed"), ("paragraph", "#hashtag"), ("paragraph", "####### seven"),
        ("heading", "Setext"), ("heading", "Two"),
    ]
    levels = [b.level for b in parse_markdown("# a\n## b\n### c\nd\n---\n")]
    assert levels == [1, 2, 3, 2]
    # A rule after a blank line stays a rule.
    assert kinds("Text\n\n---\n") == [("paragraph", "Text"), ("rule", "")]


def test_lists_nest_and_number_like_commonmark():
    blocks = parse_markdown("3. three\n1. four\n   - inner\n     more of inner\n5) new list\n")
    assert [(b.number, b.depth, b.ordered, b.text) for b in blocks] == [
        (3, 0, True, "three"), (4, 0, True, "four"), (0, 1, False, "inner\nmore of inner"),
        (5, 0, True, "new list"),
    ]
    # A paragraph ends a list; the next list starts where its first number says.
    assert [b.number for b in parse_markdown("1. a\n2. b\nText\n2. c\n")] == [1, 2, 0, 2]
    assert [b.depth for b in parse_markdown("* a\n\t* b\n\t\t* c\n * d\n")] == [0, 1, 2, 0]


def test_quotes_are_flattened_and_blank_quote_lines_dropped():
    assert kinds("> one\n>\n> > two\n>\n") == [("quote", "one"), ("quote", "two")]


@pytest.mark.parametrize(("source", "expected"), [
    ("*it* **bold** ***both***", [("it", "i"), (" ", ""), ("bold", "b"), (" ", ""),
                                  ("both", "bi")]),
    ("_it_ __bold__", [("it", "i"), (" ", ""), ("bold", "b")]),
    ("snake_case_name and 2 * 3 * 4", [("snake_case_name and 2 * 3 * 4", "")]),
    ("**unclosed and *half", [("**unclosed and *half", "")]),
    ("\\*not\\* \\_either\\_", [("*not* _either_", "")]),
    ("`a *b* c` d", [("a *b* c", "c"), (" d", "")]),
    ("*a **b** c*", [("a ", "i"), ("b", "bi"), (" c", "i")]),
    ("![alt text](x.png)", [("alt text", "")]),
])
def test_inline_emphasis(source, expected):
    def marks(run: Run) -> str:
        return "b" * run.bold + "i" * run.italic + "c" * run.code

    assert [(r.text, marks(r)) for r in parse_inline(source)] == expected


def test_links():
    runs = parse_inline('See [the *map*](https://e.org/a_(b) "Title"), <https://x.org> and '
                        "https://e.org/tides. or www.e.org!")
    assert [(r.text, r.link, r.italic) for r in runs if r.link] == [
        ("the ", "https://e.org/a_(b)", False), ("map", "https://e.org/a_(b)", True),
        ("https://x.org", "https://x.org", False),
        ("https://e.org/tides", "https://e.org/tides", False),
        ("www.e.org", "http://www.e.org", False),
    ]
    assert parse_inline("[not a link] (x)") == (Run("[not a link] (x)"),)


def test_suggested_title():
    assert suggested_title("\n# The *Harbour* #\n\n# Later\n") == "The Harbour"
    assert suggested_title("## Only a subheading\n") == ""
    assert suggested_title("\n" * 200 + "# Too far down\n") == ""


@given(st.lists(st.text(alphabet=string.ascii_letters + "äéñ東京 ", min_size=0, max_size=30),
                max_size=12))
def test_unmarked_lines_become_paragraphs_exactly(lines):
    text = "\n".join(lines)
    expected = [line.strip() for line in lines if line.strip()]
    rendered = render_document(text, "txt", ExportOptions()).decode("utf-8")
    assert rendered == ("\n\n".join(expected) + "\n" if expected else "")


@given(st.text(max_size=200))
def test_any_text_parses_and_every_format_renders(text):
    for fmt in ("txt", "md", "html"):
        assert isinstance(render_document(text, fmt, ExportOptions()), bytes)
