"""Fetching pages politely, against a local HTTP server on 127.0.0.1 serving invented pages.

INVENTED TEST DATA: every page below was written for these tests.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from stance.fetch import Fetcher, decode_body, extract_page

ARTICLE_HTML = ("<html><head><title>Invented council story</title><meta property='og:site_name' content='Invented "
                "Gazette'><meta name='date' content='2024-05-06'></head><body><article><h1>Invented council story</h1>"
                "<p>\u201cUsers must face arrest and prison,\u201d said Ada Pike, the leader of the invented council, "
                "at a meeting on Monday evening in the town hall.</p><p>Bram Olsen said that addiction is a health "
                "issue and that the council should fund treatment for everyone who asks for it.</p></article>"
                "</body></html>")


class Handler(BaseHTTPRequestHandler):
    hits: dict = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, code, body: bytes, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent"))
        if self.path == "/article":
            self._send(200, ARTICLE_HTML.encode("utf-8"))
        elif self.path == "/missing":
            self._send(404, b"<html>not here</html>")
        elif self.path == "/slow":
            time.sleep(0.5)
            self._send(200, b"<html>late</html>")
        elif self.path == "/pdf":
            self._send(200, b"%PDF-1.4 invented", ctype="application/pdf")
        elif self.path == "/huge":
            self._send(200, b"<html>" + b"x" * 200_000 + b"</html>")
        elif self.path == "/wrong-charset":
            self._send(200, "<html><body><p>Caf\u00e9 cr\u00e8me \u2013 invented</p></body></html>".encode("cp1252"))
        elif self.path == "/flaky":
            if Handler.hits[self.path] < 3:
                self._send(503, b"busy", headers=[("Retry-After", "0")])
            else:
                self._send(200, ARTICLE_HTML.encode("utf-8"))
        elif self.path == "/plain":
            self._send(200, b"Just invented text.", ctype="text/plain; charset=utf-8")
        else:
            self._send(500, b"error")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def reset():
    Handler.hits = {}
    Handler.agents = []


def fetcher(tmp_path, **kw):
    sleeps = []
    f = Fetcher(cache_dir=tmp_path / "cache", timeout=kw.pop("timeout", 2.0), retries=kw.pop("retries", 2),
                backoff=0.001, per_host_interval=kw.pop("per_host_interval", 0.0), sleep=sleeps.append, **kw)
    return f, sleeps


def test_article_page_is_fetched_extracted_and_cached(server, tmp_path):
    f, _ = fetcher(tmp_path)
    page = f.get(server + "/article")
    assert page.ok and page.status == 200 and not page.from_cache
    ex = extract_page(page)
    assert "Users must face arrest and prison" in ex.text
    assert (ex.headline, ex.outlet, ex.date) == ("Invented council story", "Invented Gazette", "2024-05-06")
    assert Handler.agents[0].startswith("policy-stance/")
    again, _ = fetcher(tmp_path)  # a new run with the same cache fetches nothing
    assert again.get(server + "/article").from_cache and again.requests == 0
    assert Handler.hits["/article"] == 1


def test_404_is_not_retried_and_is_cached(server, tmp_path):
    f, sleeps = fetcher(tmp_path)
    page = f.get(server + "/missing")
    assert (page.ok, page.status, page.reason) == (False, 404, "HTTP 404 Not Found")
    assert Handler.hits["/missing"] == 1 and sleeps == []
    assert fetcher(tmp_path)[0].get(server + "/missing").reason == "HTTP 404 Not Found"
    assert Handler.hits["/missing"] == 1


def test_timeout_is_retried_then_reported(server, tmp_path):
    f, sleeps = fetcher(tmp_path, timeout=0.1, retries=1)
    page = f.get(server + "/slow")
    assert not page.ok and page.reason == "timed out after 0.1 s (2 attempts)"
    assert sleeps == [0.001]


def test_non_html_reply_is_refused(server, tmp_path):
    page = fetcher(tmp_path)[0].get(server + "/pdf")
    assert page.reason == "not an HTML page (content type application/pdf)"


def test_plain_text_reply_is_taken_as_it_is(server, tmp_path):
    page = fetcher(tmp_path)[0].get(server + "/plain")
    assert extract_page(page).text == "Just invented text."


def test_huge_page_hits_the_size_cap(server, tmp_path):
    page = fetcher(tmp_path, max_bytes=100_000)[0].get(server + "/huge")
    assert page.reason == "page larger than 100,000 bytes (size cap)"


def test_wrong_charset_is_decoded_and_noted(server, tmp_path):
    page = fetcher(tmp_path)[0].get(server + "/wrong-charset")
    assert page.ok and "Café crème – invented" in page.text
    assert page.note.startswith("declared charset utf-8 did not fit")


def test_retries_with_back_off_until_the_server_answers(server, tmp_path):
    f, sleeps = fetcher(tmp_path, retries=3)
    page = f.get(server + "/flaky")
    assert page.ok and Handler.hits["/flaky"] == 3
    assert sleeps == [0.001, 0.002]


def test_server_errors_are_not_cached(server, tmp_path):
    f, _ = fetcher(tmp_path, retries=0)
    assert f.get(server + "/boom").reason == "HTTP 500 Internal Server Error (1 attempt)"
    fetcher(tmp_path, retries=0)[0].get(server + "/boom")
    assert Handler.hits["/boom"] == 2


def test_per_host_rate_limit_waits_between_requests(server, tmp_path):
    f, sleeps = fetcher(tmp_path, per_host_interval=5.0)
    f.get(server + "/plain")
    f.get(server + "/pdf")
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_not_a_url(tmp_path):
    assert Fetcher(cache_dir=None).get("ftp://example.invalid/x").reason == "not an http(s) URL"


def test_decode_body_meta_charset():
    body = b"<html><head><meta charset='cp1252'></head><body>na\xefve</body></html>"
    text, note = decode_body(body, None)
    assert "naïve" in text and note == ""


def test_url_list_through_analyse(server, tmp_path, trained_model):
    from stance.analyse import AnalyseOptions, analyse

    urls = tmp_path / "pages.urls"
    urls.write_text(f"# invented pages\n{server}/article\n{server}/missing\n{server}/pdf\n", encoding="utf-8")
    f, _ = fetcher(tmp_path)
    res = analyse([urls], tmp_path / "out", trained_model, AnalyseOptions(n_boot=10), fetcher=f)
    assert (res.n_articles, res.n_used, res.skipped) == (3, 1, {"unfetchable": 2})
    import pandas as pd

    arts = pd.read_csv(tmp_path / "out" / "articles.csv", keep_default_na=False)
    assert arts["reason"].tolist() == ["", "unfetchable: HTTP 404 Not Found",
                                       "unfetchable: not an HTML page (content type application/pdf)"]
    assert arts.loc[0, "outlet"] == "Invented Gazette"


def test_url_input_without_extractor_says_how_to_install(tmp_path, trained_model, monkeypatch, runner, user_error):
    import sys

    from stance.cli import app

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    urls = tmp_path / "pages.urls"
    urls.write_text("http://127.0.0.1:9/x\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse", str(urls), "--out", str(tmp_path / "o"), "--model", str(trained_model)])
    assert user_error(res) == ("stance: a .urls input needs trafilatura to turn pages into text; install the extractor "
                               "with: pip install 'policy-stance[fetch]'")
    assert not (tmp_path / "o").exists()
