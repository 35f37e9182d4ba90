"""Patterns of news writing behind the recall work of issue 12 (tuning half of the real-news
corpus): date stamps, headline attributions, organisations and unnamed sources as speakers.
Every text here is invented."""

from stance.segment import segment_text


def units(text):
    return [(q.kind, q.speaker, q.text) for q in segment_text(text)]


def test_a_date_stamp_at_the_head_of_the_first_line_is_not_part_of_the_article():
    text = (" date 2024-03-02 Cllr Ada Pike, chair of the Northvale health board, responds to a report "
            "on drug deaths in the county\n\n“Every death is a tragedy and the board will act.\n\n"
            "“We must fund treatment properly.”\n")
    assert units(text) == [
        ("direct", "Ada Pike", "Every death is a tragedy and the board will act."),
        ("direct", "Ada Pike", "We must fund treatment properly."),
    ]
    # a line that is only a date stamp is still furniture
    assert units("date 2024-03-02\n\nIvo Brack said the scheme had worked well.\n") == [
        ("indirect", "Ivo Brack", "the scheme had worked well")]
