"""Reading articles: encodings, BOM, newlines, folders."""

import pytest

from stance.corpus import article_files, decode_article, load_articles, read_article
from stance.errors import InputError, MissingFileError


def test_bom_is_dropped_and_crlf_kept(tmp_path):
    f = tmp_path / "a1.txt"
    f.write_bytes("\ufeffHe said: \"Hi.\"\r\nEnd".encode("utf-8"))
    art = read_article(f)
    assert art.doc_id == "a1"
    assert art.text == "He said: \"Hi.\"\r\nEnd"


def test_invalid_utf8_names_the_encoding_option(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"caf\xe9 society")
    with pytest.raises(InputError, match=r"bad.txt: byte 3 is not valid utf-8; .*--encoding"):
        read_article(f)
    assert read_article(f, encoding="cp1252").text == "café society"


def test_unknown_encoding_is_a_clear_error():
    with pytest.raises(InputError, match="encoding 'klingon' is not known"):
        decode_article(b"x", encoding="klingon")


def test_folders_expand_sorted_and_missing_paths_fail(tmp_path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "notes.md").write_text("skip me")
    assert [p.name for p in article_files([tmp_path])] == ["a.txt", "b.txt"]
    with pytest.raises(MissingFileError, match="no such file or folder"):
        article_files([tmp_path / "nope"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MissingFileError, match="holds no .txt"):
        article_files([empty])


def test_duplicate_doc_ids_are_refused(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(sub)
    with pytest.raises(InputError, match="share the doc_id 'same'"):
        load_articles([tmp_path])
