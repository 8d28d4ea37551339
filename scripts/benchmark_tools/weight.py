"""Page weight on a first visit: every response a fresh headless Chromium loads, gzipped as a server would send it.

The built site is served from a local HTTP server; the browser starts with an empty
cache, loads the page, waits until the network is idle (so the search index, which
Material fetches in the background, is counted), and every response body is gzipped
(level 6; already-compressed formats such as PNG, WOFF2 and PDF count at their size).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
COMPRESSED = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".woff", ".woff2", ".pdf", ".gz", ".zip")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as GitHub Pages and most hosts do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path) or path.lower().endswith(COMPRESSED):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def static_server(site: Path):
    """Serve the folder `site` on 127.0.0.1, gzip-compressed like a real host; yields the base URL (ending with '/')."""
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wire_bytes(url: str, body: bytes) -> int:
    """The bytes a gzip-enabled server sends for this body."""
    if urlsplit(url).path.lower().endswith(COMPRESSED):
        return len(body)
    return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))


def page_weights(site: Path, pages: dict[str, str]) -> dict:
    """For each page type (name -> site-relative URL): requests, raw bytes, gzip bytes and the heaviest files."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"Chromium not found at {CHROMIUM} (run ./scripts/install --browser)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "Playwright is not installed (run ./scripts/install)"}
    results = {}
    with static_server(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        try:
            for name, path in pages.items():
                results[name] = _weigh(browser, base, path)
        finally:
            browser.close()
    return results


def _weigh(browser, base: str, path: str) -> dict:
    context = browser.new_context(service_workers="block")  # the page itself; the worker's background precache is counted apart
    bodies: dict[str, bytes] = {}

    def record(response):
        if response.url.startswith(base) and response.status < 400 and response.url not in bodies:
            try:
                bodies[response.url] = response.body()
            except Exception:  # a response without a body (a redirect, an aborted request)
                bodies[response.url] = b""

    context.on("response", record)
    page = context.new_page()
    page.goto(base + path, wait_until="networkidle")
    time.sleep(0.5)
    page.wait_for_load_state("networkidle")
    context.close()
    files = [(url.removeprefix(base), len(body), wire_bytes(url, body)) for url, body in bodies.items()]
    files.sort(key=lambda f: -f[2])
    return {
        "url": path,
        "requests": len(files),
        "raw_bytes": sum(f[1] for f in files),
        "gzip_bytes": sum(f[2] for f in files),
        "files": [{"path": p, "raw": raw, "gzip": gz} for p, raw, gz in files],
    }
