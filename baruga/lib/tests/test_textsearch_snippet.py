"""Search snippets: an escaped excerpt with the matching words in <mark>."""

from baruga.lib.textsearch import query_terms, snippet, stored_text


def test_the_words_matching_the_query_are_marked_in_their_written_form():
    text = "Jalan rusak parah, sudah 3 bulan tidak diperbaiki."
    assert snippet(text, "jln perbaikan") == ("<mark>Jalan</mark> rusak parah, sudah 3 bulan tidak "
                                              "<mark>diperbaiki</mark>.")


def test_everything_but_the_marks_is_escaped():
    text = 'Got <script>alert("x")</script> di jalan & selokan'
    assert snippet(text, "selokan") == ("Got &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; di jalan &amp; "
                                        "<mark>selokan</mark>")


def test_a_long_text_is_cut_around_the_first_match():
    text = "awal " * 100 + "banjir di pasar " + "akhir " * 100
    out = snippet(text, "banjir", length=60)
    assert out.startswith("…") and out.endswith("…") and "<mark>banjir</mark> di pasar" in out
    assert len(out) < 90


def test_without_a_match_the_start_of_the_text():
    assert snippet("Lampu jalan padam", "banjir") == "Lampu jalan padam"


def test_query_terms_are_distinct_and_stop_words_leave_nothing():
    assert query_terms("jln rusak jalan") == ["jalan", "rusak"]
    assert query_terms("yang dan di") == []


def test_stored_text_counts_the_title_twice():
    assert stored_text("Jln rusak", "gak diperbaiki") == "jalan rusak jalan rusak tidak baik"
