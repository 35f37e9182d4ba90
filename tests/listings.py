"""Write tiny invented listed corpora (pages.csv, quotes.csv, texts) for tests."""

import csv
import hashlib

from stance.pagecorpus import PAGE_COLUMNS, UNIT_COLUMNS, page_id_for


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_listing(folder, texts, pages):
    """``pages``: url -> (text, [(span, kind, speaker, role, speaker_type), ...]) in text order."""
    folder.mkdir(parents=True, exist_ok=True)
    texts.mkdir(parents=True, exist_ok=True)
    with open(folder / "pages.csv", "w", newline="", encoding="utf-8") as pf, \
            open(folder / "quotes.csv", "w", newline="", encoding="utf-8") as qf:
        pw, qw = csv.writer(pf), csv.writer(qf)
        pw.writerow(PAGE_COLUMNS)
        qw.writerow(UNIT_COLUMNS)
        for url, (text, units) in pages.items():
            pid = page_id_for(url)
            (texts / f"{pid}.txt").write_bytes(text.encode("utf-8"))
            pw.writerow([pid, url, "Example", "2020-01-02", "", "q", "2026-11-30", sha(text), len(text), 0])
            for i, (span, kind, speaker, role, stype) in enumerate(units, 1):
                start = text.index(span)
                qw.writerow([f"{pid}-{i:02d}", pid, start, start + len(span), kind, speaker, role, stype, sha(span)])
