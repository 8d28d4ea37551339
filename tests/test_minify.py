"""Our stylesheets and scripts reach readers without their comments (scripts/mileposts/site/minify.py), and still work."""

from __future__ import annotations

import re
from pathlib import Path

from mileposts.site.minify import is_own_asset, minified, minify_css, minify_js

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"


def test_css_loses_comments_and_indentation_but_no_rule():
    css = '/* a comment\n * over lines */\n.a {\n  content: "\\2192"; /* inline */\n  color: red;\n}\n\n\n'
    css += "@media print {\n  .b { x: 1; }\n}\n"
    out = minify_css(css)
    assert "comment" not in out and "inline" not in out and "\n\n" not in out and not re.search(r"(?m)^\s", out)
    assert '.a {\ncontent: "\\2192";\ncolor: red;\n}\n@media print {\n' in out


def test_js_keeps_every_line_of_code_and_the_comments_inside_code_lines():
    js = '  /* Explain\n   * at length. */\n  var a = "http://x/*y";  // why\n  // whole line\n  return a\n  /* one */ + 1;\n'
    out = minify_js(js)
    assert out == 'var a = "http://x/*y";  // why\nreturn a\n/* one */ + 1;\n'


def test_only_our_own_top_level_assets_are_minified():
    assert is_own_asset("assets/mileposts.js") and is_own_asset("assets/print.css")
    for path in ("assets/vendor/iframe-worker/shim.js", "assets/javascripts/bundle.js", "assets/icon.png", "index.html", "sw.js"):
        assert not is_own_asset(path) and minified(path, "/* x */") is None


def test_the_published_assets_have_no_comment_lines_and_are_much_smaller(built_site):
    for source in sorted(ASSETS.glob("*.*")):
        if source.suffix not in (".css", ".js"):
            continue
        published = (built_site / "assets" / source.name).read_text(encoding="utf-8")
        assert not re.search(r"(?m)^\s*(/\*|//)", published), source.name
        assert not re.search(r"(?m)^\s", published), source.name
        assert len(published) < 0.9 * len(source.read_text(encoding="utf-8")), source.name
