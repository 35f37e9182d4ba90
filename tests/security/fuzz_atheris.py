"""Coverage-guided fuzzing of the readers and the segmenter with atheris (libFuzzer).

Not collected by pytest (the name does not start with ``test_``); ``test_hostile_atheris.py``
runs it briefly when atheris is installed. By hand, for as long as you like::

    pip install atheris
    python tests/security/fuzz_atheris.py -atheris_runs=200000            # all targets in turn
    python tests/security/fuzz_atheris.py -max_total_time=600 -max_len=4096

The first input byte picks the target: ``read_table`` on CSV, JSON lines or Parquet,
``load_quotes``, ``load_stance``, the coder-file loader, ``decode_article`` with a chosen
codec, and ``segment_text``. Any exception other than :class:`stance.errors.StanceError`, or
a StanceError whose message is not one printable line, is a crash that atheris reports with
the input that caused it (saved as ``crash-*``).
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from stance.coderfiles import load_annotations
    from stance.corpus import decode_article
    from stance.errors import StanceError
    from stance.labels import load_quotes, load_stance
    from stance.segment import segment_text
    from stance.tables import read_table

FOLDER = tempfile.mkdtemp(prefix="stance-atheris-")
CODECS = ("utf-8", "cp1252", "utf-16", "shift_jis", "idna", "punycode", "rot13", "base64", "utf-8-sig")
HEADERS = (b"text,label\n", b"quote_id,doc_id,start,end,kind,speaker,speaker_role,text\n", b"quote_id,label,note\n",
           b"quote_id,label,note,annotator,timestamp,codebook_version\n")


def _file(data: bytes, suffix: str) -> str:
    path = os.path.join(FOLDER, "input" + suffix)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def _segment(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for q in segment_text(text, "fuzz"):
        if not (0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text):
            raise AssertionError(f"bad offsets {q.start}-{q.end}")


def one_input(data: bytes) -> None:
    if not data:
        return
    target, body = data[0] % 9, data[1:]
    try:
        if target == 0:
            read_table(_file(HEADERS[0] + body, ".csv"), ["text"])
        elif target == 1:
            read_table(_file(body, ".jsonl"), ["text"])
        elif target == 2:
            read_table(_file(body, ".parquet"), ["text"])
        elif target == 3:
            load_quotes(_file(HEADERS[1] + body, ".csv"))
        elif target == 4:
            load_stance(_file(HEADERS[2] + body, ".csv"))
        elif target == 5:
            load_annotations(_file(HEADERS[3] + body, ".csv"))
        elif target == 6:
            decode_article(body[1:], "fuzz.txt", CODECS[body[0] % len(CODECS)] if body else "utf-8")
        else:
            _segment(body)
    except StanceError as exc:
        message = str(exc)
        if not message.isprintable() or len(message) > 2000:
            raise AssertionError(f"message is not one printable line: {message!r}") from None


def main(argv: list[str]) -> None:
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
