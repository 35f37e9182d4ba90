"""The listed-corpus format: ids, the split rule, verification, loading. Invented test pages."""

import hashlib

import pytest
from typer.testing import CliRunner

from listings import write_listing
from stance.cli import app
from stance.errors import DataFileError, InputError, MissingFileError
from stance.pagecorpus import (half, load_listing, load_units, normalise_url,
                               page_id_for, verify)

# Invented test pages (not real news).
PAGES = {
    "https://www.example-news.test/drugs/story-one/?utm=x#top":
        'Cllr Ann Vale said: "We will fund the new clinic."\n\nShe added that arrests were down.',
    "http://example-gazette.test/a/b":
        "A spokesperson for Northvale Police said the force had seized 2kg.",
}


def spans_of(text):
    if text.startswith("Cllr"):
        return [("We will fund the new clinic.", "direct", "Ann Vale", "councillor", "person"),
                ("arrests were down", "indirect", "Ann Vale", "councillor", "person")]
    return [("the force had seized 2kg", "indirect", "Northvale Police", "spokesperson", "organisation")]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    write_listing(folder, folder / "texts", {url: (text, spans_of(text)) for url, text in PAGES.items()})
    return folder


def test_url_normal_form_and_page_id():
    assert normalise_url("https://WWW.Example.test/A/b/?q=1#f") == "example.test/a/b"
    assert page_id_for("https://www.example.test/a/") == page_id_for("http://example.test/a?x=2")
    assert page_id_for("https://example.test/a") == "n" + hashlib.sha256(b"example.test/a").hexdigest()[:11]


def test_split_rule_is_fixed_and_roughly_half():
    ids = [page_id_for(f"https://example.test/{i}") for i in range(400)]
    halves = [half(i) for i in ids]
    assert set(halves) == {"tuning", "test"}
    assert 160 < halves.count("tuning") < 240
    assert [half(i) for i in ids] == halves  # a pure function of the id


def test_intact_corpus_verifies_and_loads_with_text(corpus):
    listing = load_listing(corpus)
    result = verify(listing, corpus / "texts")
    assert result.ok and result.lines()[-1].startswith("2 of 2 pages present, 0 changed; 3 units, 0 moved")
    table = load_units(listing, corpus / "texts")
    assert list(table["text"]) == ["We will fund the new clinic.", "arrests were down", "the force had seized 2kg"]
    assert set(table["half"]) <= {"tuning", "test"}


def test_missing_changed_and_moved_pages_are_named(corpus):
    listing = load_listing(corpus)
    first, second = (page_id_for(u) for u in PAGES)
    (corpus / "texts" / f"{second}.txt").unlink()
    text = PAGES[next(iter(PAGES))]
    (corpus / "texts" / f"{first}.txt").write_text("Update. " + text.replace("arrests were down", "x"),
                                                   encoding="utf-8")
    result = verify(listing, corpus / "texts")
    assert not result.ok
    assert result.missing == [second] and result.changed == [first]
    assert result.moved == {f"{first}-01": (8 + 21, 8 + 21 + 28)}
    assert result.lost == [f"{first}-02"]
    with pytest.raises(InputError, match="corpus verify"):
        load_units(listing, corpus / "texts")


def test_cli_verify_exit_codes(corpus):
    runner = CliRunner()
    ok = runner.invoke(app, ["corpus", "verify", str(corpus)])
    assert ok.exit_code == 0 and "2 of 2 pages present" in ok.output
    (corpus / "texts" / f"{page_id_for(next(iter(PAGES)))}.txt").write_text("gone", encoding="utf-8")
    bad = runner.invoke(app, ["corpus", "verify", str(corpus)])
    assert bad.exit_code == 1 and "changed page" in bad.output and "rebuild" in bad.output
    nothing = runner.invoke(app, ["corpus", "verify", str(corpus / "nope")])
    assert nothing.exit_code == 2 and "no pages.csv here" in nothing.output


def test_listing_errors_name_file_and_line(corpus):
    rows = (corpus / "quotes.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",person,", ",robot,")
    (corpus / "quotes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2: speaker_type 'robot' is not one of person"):
        load_listing(corpus)
    with pytest.raises(MissingFileError, match="no pages.csv here"):
        load_listing(corpus / "absent")


def test_agree_on_a_listed_corpus_with_and_without_texts(corpus, tmp_path):
    from stance.agreement import agree_files

    (corpus.parent / "codebook.md").write_text("Codebook version: 9.9\n", encoding="utf-8")
    ids = [r.split(",")[0] for r in (corpus / "quotes.csv").read_text(encoding="utf-8").splitlines()[1:]]
    files = []
    for coder, labels in (("ann", ["1", "none", "none"]), ("bob", ["1", "-1", "none"])):
        path = tmp_path / f"{coder}.csv"
        rows = ["quote_id,label,note,annotator,timestamp,codebook_version"]
        rows += [f"{q},{lab},,{coder},2026-11-30T07:00:00+00:00,9.9" for q, lab in zip(ids, labels)]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files.append(path)
    with_texts = agree_files(files, corpus)
    assert with_texts.codebook_version == "9.9"
    import shutil

    shutil.rmtree(corpus / "texts")
    without = agree_files(files, corpus)
    assert without.alpha == with_texts.alpha


def test_quote_texts_reads_free_standing_quote_tables(tmp_path):
    from stance.pagecorpus import quote_texts

    path = tmp_path / "quotes.csv"
    path.write_text("quote_id,text,source\ninv-1,We will fund the clinic.,invented\n", encoding="utf-8")
    assert quote_texts(path) == (["inv-1"], {"inv-1": "We will fund the clinic."})
