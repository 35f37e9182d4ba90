"""Fetch news pages politely and turn them into article text and metadata.

:class:`Fetcher` gets a URL with the standard library (no extra HTTP dependency): a clear
user agent, a timeout per request and a deadline for the whole body, retries with exponential
back-off on timeouts, connection errors, 429 and 5xx (a ``Retry-After`` is honoured, capped),
a minimum interval between two requests to one host, a size cap, and an on-disk cache keyed by
the URL's sha256 so that a re-run fetches nothing twice (pages and permanent failures such as
404 are cached; timeouts and server errors are not, so a re-run tries them again).

A reply is decoded with its declared charset, then the charset of its ``<meta>`` tag, then
Windows-1252, then a detected one (``charset_normalizer``, which the extractor brings), and never
fails: a wrong declaration is noted. :func:`extract_page` turns HTML into text, headline, date, outlet and
canonical URL with trafilatura (optional extra ``policy-stance[fetch]``); plain-text replies are
taken as they are; anything else (PDF, images, JSON) is refused with its content type.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import InputError
from .tables import atomic_path

USER_AGENT = f"policy-stance/{__version__} (research tool; stance analysis of news quotes)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
INSTALL_HINT = "install the extractor with: pip install 'policy-stance[fetch]'"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Page:
    """One fetched URL: its decoded body, or the reason there is none."""

    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    text: str | None = None
    reason: str = ""
    note: str = ""
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return self.text is not None and not self.reason


def decode_body(body: bytes, declared: str | None) -> tuple[str, str]:
    """Text of a reply and a note when the declared charset did not fit.

    Order: the ``Content-Type`` charset, the ``<meta>`` charset, Windows-1252, a detected one
    (charset_normalizer), then latin-1 (which never fails).
    """
    tried = []
    meta = _META_CHARSET.search(body[:4096])
    candidates = [declared, meta.group(1).decode("ascii", "replace") if meta else None]
    for enc in candidates:
        if not enc or enc.lower() in tried:
            continue
        tried.append(enc.lower())
        try:
            return body.decode(enc), ("" if enc == candidates[0] or not declared else
                                      f"declared charset {declared} did not fit; decoded as {enc}")
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        # Windows-1252 mislabelled as UTF-8 is by far the commonest mistake of English-language
        # sites; it is tried before a statistical guess, which misreads short Western texts.
        return body.decode("cp1252"), f"declared charset {declared or '(none)'} did not fit; decoded as cp1252"
    except UnicodeDecodeError:
        pass
    try:
        # lazy: optional (it comes with trafilatura's dependencies); without it latin-1 is the fallback
        from charset_normalizer import from_bytes

        best = from_bytes(body).best()
    except ImportError:
        best = None
    if best is not None:
        return str(best), f"declared charset {declared or '(none)'} did not fit; detected {best.encoding}"
    return body.decode("latin-1"), f"declared charset {declared or '(none)'} did not fit; read as latin-1"


class Fetcher:
    """A polite HTTP client with retries, per-host rate limit, size cap and disk cache.

    Parameters
    ----------
    cache_dir : path-like or None
        Where pages are cached (None: no cache).
    timeout : float
        Seconds per connection attempt, and the deadline for reading one body.
    retries : int
        Further attempts after a timeout, a connection error, 429 or 5xx.
    backoff : float
        First wait before a retry, in seconds; doubled each time.
    per_host_interval : float
        Minimum seconds between two requests to the same host.
    max_bytes : int
        Largest body read; a bigger page is refused.
    max_retry_after : float
        Longest ``Retry-After`` honoured, in seconds.
    sleep : callable
        ``time.sleep``; tests pass their own.
    """

    def __init__(self, cache_dir=None, timeout: float = 20.0, retries: int = 3, backoff: float = 1.0,
                 per_host_interval: float = 1.0, max_bytes: int = 5_000_000, max_retry_after: float = 60.0,
                 user_agent: str = USER_AGENT, sleep: Callable[[float], None] = time.sleep):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.per_host_interval, self.max_bytes, self.max_retry_after = per_host_interval, max_bytes, max_retry_after
        self.user_agent, self.sleep = user_agent, sleep
        self._last: dict[str, float] = {}
        self.requests = 0  # network requests made (not cache hits)

    # ---------------------------------------------------------------- cache

    def _cache_files(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"

    def _from_cache(self, url: str) -> Page | None:
        files = self._cache_files(url)
        if files is None or not files[0].is_file():
            return None
        try:
            meta = json.loads(files[0].read_text(encoding="utf-8"))
            body = files[1].read_bytes() if files[1].is_file() else None
        except (OSError, ValueError):
            return None  # a damaged cache entry is fetched again
        if meta.get("url") != url:
            return None
        return self._page(url, meta.get("final_url", url), meta.get("status"), meta.get("content_type", ""),
                          meta.get("charset"), body, meta.get("reason", ""), from_cache=True)

    def _to_cache(self, url: str, meta: dict, body: bytes | None) -> None:
        files = self._cache_files(url)
        if files is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if body is not None:
            with atomic_path(files[1]) as tmp:
                tmp.write_bytes(body)
        with atomic_path(files[0]) as tmp:  # the index entry last: it vouches for the body
            tmp.write_text(json.dumps({"url": url, **meta}, sort_keys=True), encoding="utf-8")

    # ---------------------------------------------------------------- network

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.per_host_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def _request(self, url: str):
        """One attempt: (status, final_url, content_type, charset, body) or an exception."""
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                   "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"})
        self.requests += 1
        deadline = time.monotonic() + self.timeout
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            chunks, size = [], 0
            while True:
                block = resp.read(65536)
                if not block:
                    break
                size += len(block)
                if size > self.max_bytes:
                    raise _TooBig()
                chunks.append(block)
                if time.monotonic() > deadline:
                    raise socket.timeout("body not read within the timeout")
            ctype = resp.headers.get_content_type() or ""
            return resp.status, resp.geturl(), ctype, resp.headers.get_content_charset(), b"".join(chunks)

    def get(self, url: str) -> Page:
        """Fetch one URL (or take it from the cache); never raises for a network problem."""
        url = url.strip()
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return Page(url, reason="not an http(s) URL")
        cached = self._from_cache(url)
        if cached is not None:
            return cached
        reason, retry_after = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self._retry_wait(attempt, retry_after))
            self._wait_for_host(parts.netloc)
            try:
                status, final, ctype, charset, body = self._request(url)
            except _TooBig:
                meta = {"status": 200, "reason": f"page larger than {self.max_bytes:,} bytes (size cap)"}
                self._to_cache(url, meta, None)
                return Page(url, status=200, reason=meta["reason"])
            except urllib.error.HTTPError as exc:
                reason = f"HTTP {exc.code} {exc.reason}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if exc.code in RETRY_STATUS:
                    continue
                self._to_cache(url, {"status": exc.code, "reason": reason}, None)
                return Page(url, status=exc.code, reason=reason)
            except (socket.timeout, TimeoutError):
                reason, retry_after = f"timed out after {self.timeout:g} s", None
                continue
            except (urllib.error.URLError, OSError) as exc:
                why = getattr(exc, "reason", exc)
                reason, retry_after = f"connection failed ({why})", None
                if isinstance(why, (socket.timeout, TimeoutError)):
                    reason = f"timed out after {self.timeout:g} s"
                continue
            meta = {"status": status, "final_url": final, "content_type": ctype, "charset": charset}
            self._to_cache(url, meta, body)
            return self._page(url, final, status, ctype, charset, body, "")
        tries = self.retries + 1
        return Page(url, reason=f"{reason} ({tries} attempt{'s' if tries > 1 else ''})")

    def _retry_wait(self, attempt: int, retry_after: str | None) -> float:
        """Exponential back-off, or the server's Retry-After (in seconds, capped) if longer."""
        wait = self.backoff * 2 ** (attempt - 1)
        if retry_after:
            try:
                wait = max(wait, min(float(retry_after), self.max_retry_after))
            except ValueError:
                pass
        return wait

    def _page(self, url, final, status, ctype, charset, body, reason, from_cache: bool = False) -> Page:
        if reason or body is None:
            return Page(url, final or url, status, ctype, None, reason or "no body", from_cache=from_cache)
        if ctype not in HTML_TYPES + TEXT_TYPES:
            return Page(url, final, status, ctype, None, f"not an HTML page (content type {ctype or 'unknown'})",
                        from_cache=from_cache)
        text, note = decode_body(body, charset)
        return Page(url, final, status, ctype, text, "", note, from_cache)


class _TooBig(Exception):
    pass


@dataclass(frozen=True)
class Extracted:
    """Article text and metadata taken from a page."""

    text: str
    headline: str = ""
    date: str = ""
    outlet: str = ""
    url: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def extract_page(page: Page) -> Extracted:
    """Turn a fetched page into article text and metadata (trafilatura for HTML).

    Raises
    ------
    InputError
        If the page is HTML and trafilatura is not installed (the message says how).
    """
    if page.content_type in TEXT_TYPES:
        return Extracted(text=page.text or "", url=page.final_url or page.url)
    try:
        # lazy: trafilatura is the optional fetch extra, and slow to import; only HTML pages need it
        import trafilatura
    except ImportError:
        raise InputError(f"fetching URLs needs trafilatura to turn pages into text; {INSTALL_HINT}") from None
    doc = trafilatura.bare_extraction(page.text or "", url=page.final_url or page.url, with_metadata=True,
                                      include_comments=False, include_tables=False)
    if doc is None:
        return Extracted(text="", url=page.final_url or page.url)
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return Extracted(text=get("text") or "", headline=get("title") or "", date=get("date") or "",
                     outlet=get("sitename") or "", url=get("url") or page.final_url or page.url)


def require_extractor() -> None:
    """Fail early, before any output exists, when URLs are given without trafilatura."""
    try:
        # lazy: checks for the optional fetch extra; a module-level import would make it required
        import trafilatura  # noqa: F401
    except ImportError:
        raise InputError(f"a .urls input needs trafilatura to turn pages into text; {INSTALL_HINT}") from None
