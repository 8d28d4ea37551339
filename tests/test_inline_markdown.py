"""mileposts.inline: only **bold**, *italic* and https links are rendered; everything else reads as typed."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from markupsafe import Markup

from mileposts.core.inline import inline, plain


def text_of(rendered: str) -> str:
    """What a reader sees: tags dropped, character references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def tags_in(rendered: str) -> list[str]:
    return re.findall(r"<(/?[a-z]+)", rendered)


def through_markdown(rendered: str) -> str:
    """The inline output put through Python-Markdown, as MkDocs does with generated pages."""
    return markdown.markdown(str(rendered), extensions=["attr_list", "md_in_html", "abbr", "def_list", "footnotes", "tables"])


def test_result_is_markup_so_jinja_does_not_escape_it_twice():
    assert isinstance(inline("Greet the customer."), Markup)


def test_script_tag_is_escaped_not_rendered():
    rendered = inline("<script>alert(1)</script>")
    assert "<script" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert text_of(rendered) == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "text",
    ['<img src=x onerror="alert(1)">', "<b>bold</b>", "<a href='https://example.org'>x</a>", "<!-- comment -->", "</p><p>"],
)
def test_any_html_is_shown_as_text(text):
    rendered = inline(text)
    assert tags_in(rendered) == []
    assert text_of(rendered) == text


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**<b>x</b>**", "[<i>x</i>](https://example.org)"],
)
def test_html_stays_text_after_markdown_processing(text):
    processed = through_markdown(inline(text))
    assert "<script" not in processed and "<img" not in processed and "<b>" not in processed and "<i>" not in processed
    assert text_of(processed) == plain(text)


def test_bold_and_italic_are_rendered():
    assert inline("Say **sorry** once, *plainly*.") == "Say <strong>sorry</strong> once, <em>plainly</em>."


def test_https_and_http_links_are_rendered():
    assert inline("Read [the guide](https://example.org/guide).") == 'Read <a href="https://example.org/guide">the guide</a>.'
    assert inline("[old](http://example.org)") == '<a href="http://example.org">old</a>'


def test_ampersand_in_link_address_is_escaped_in_the_attribute():
    assert inline("[search](https://example.org/?a=1&b=2)") == '<a href="https://example.org/?a=1&amp;b=2">search</a>'


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](data:text/html,hi)",
        "[click](//evil.example.org)",
        "[click](/relative/path)",
        '[click](https://example.org"onmouseover="alert(1))',
        "[click](vbscript:msgbox(1))",
    ],
)
def test_links_that_are_not_plain_web_addresses_are_left_as_text(text):
    rendered = inline(text)
    assert "<a" not in rendered
    assert text_of(rendered) == text
    assert "<a" not in through_markdown(rendered), "Markdown must not turn the escaped text back into a link"


@pytest.mark.parametrize(
    "text",
    [
        "snake_case and _underscores_",
        "# not a heading",
        "[not a link] and [ref][1]",
        "`not code`",
        "a | b | c",
        "~~not struck~~",
        "{: .class }",
        "back\\slash",
        "*[HTML]: not an abbreviation",
        "> not a quote",
        "Tom &amp; Jerry",
        "&copy; stays as typed",
    ],
)
def test_markdown_punctuation_is_left_literal_after_markdown_processing(text):
    processed = through_markdown(inline(text))
    assert text_of(processed).strip() == text
    assert not set(tags_in(processed)) - {"p", "/p"}, processed


@pytest.mark.parametrize("text", ["1. Listen first.", "- Listen first.", "+ Listen first.", "2) Then fix it.", "---"])
def test_text_at_the_start_of_a_quote_line_does_not_become_a_list_or_a_rule(text):
    # Quotes and glossary definitions are written at the start of a Markdown line (see scripts/mileposts/templates/).
    processed = through_markdown("> " + str(inline(text)))
    assert not {"ol", "ul", "li", "hr"} & set(tags_in(processed)), processed
    assert text_of(processed).strip() == text


def test_image_syntax_keeps_its_link_but_not_an_image():
    rendered = inline("![logo](https://example.org/logo.png)")
    assert "<img" not in rendered
    assert text_of(rendered) == "!logo"
    assert rendered.startswith("&#33;<a ")


def test_bold_inside_a_link():
    assert inline("[**Call** back](https://example.org)") == '<a href="https://example.org"><strong>Call</strong> back</a>'


def test_link_inside_bold():
    assert inline("**[Call](https://example.org) now**") == '<strong><a href="https://example.org">Call</a> now</strong>'


def test_italic_inside_bold():
    assert inline("**very *important* step**") == "<strong>very <em>important</em> step</strong>"


def test_unclosed_markers_stay_as_typed():
    assert text_of(inline("**never closed")) == "**never closed"
    assert text_of(inline("2 * 3 * 4")) == "2 * 3 * 4"


def test_quotes_and_apostrophes_survive_html_and_markdown():
    text = "Say \"sorry\" once; it's the customer's call & you're done."
    rendered = inline(text)
    assert text_of(rendered) == text
    assert text_of(through_markdown(rendered)).strip() == text


def test_non_ascii_text_is_kept():
    text = "Café, naïve, 東京 and — dashes"
    assert inline(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Say **sorry** once, *plainly*.", "Say sorry once, plainly."),
        ("Read [the guide](https://example.org).", "Read the guide."),
        ("[**Call** back](https://example.org)", "Call back"),
        ("<script>x</script> & _", "<script>x</script> & _"),
        ("[bad](javascript:x)", "[bad](javascript:x)"),
    ],
)
def test_plain_drops_the_marks_and_keeps_the_words(text, expected):
    assert plain(text) == expected


def test_plain_and_inline_agree_on_what_the_reader_sees():
    for text in ["**a** *b* [c](https://e.org) d_e #f", "it's [**x**](https://e.org) *y*", "<b>&amp;</b>"]:
        assert text_of(inline(text)) == plain(text)
