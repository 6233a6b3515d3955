"""The DIP search uses the normalised terms too: abbreviations, word forms, ranking, escaped snippets."""

import pytest
from django.utils import timezone

from baruga.ppid import selectors
from baruga.ppid.models import PublicInformation


def _item(ppid, title, summary="", **extra):
    return PublicInformation.objects.create(
        jurisdiction=ppid.makassar, agency=ppid.pupr, title=title, summary=summary, category="berkala",
        last_updated_on=timezone.localdate(), **extra)


@pytest.fixture
def entries(ppid):
    return {
        "budget": _item(ppid, "Anggaran perbaikan jalan kabupaten thn 2026",
                        "Rincian anggaran perbaikan jalan dan jembatan."),
        "roads": _item(ppid, "Daftar ruas jalan", "Ruas jalan yang diperbaiki tahun 2025 dan 2026."),
        "health": _item(ppid, "Jadwal pelayanan puskesmas", "Jam buka layanan <b>puskesmas</b> keliling."),
        "hidden": _item(ppid, "Draf perbaikan jalan", is_published=False),
    }


def _titles(q):
    return [item.title for item in selectors.public_register(q=q)]


def test_abbreviations_and_word_forms_find_the_entry(entries):
    assert _titles("jln diperbaiki thn 2026") == ["Anggaran perbaikan jalan kabupaten thn 2026",
                                                   "Daftar ruas jalan"]
    assert _titles("kab") == ["Anggaran perbaikan jalan kabupaten thn 2026"]


def test_the_most_relevant_entry_comes_first(entries):
    # "perbaikan" is in the budget's title (counted twice) and summary; once in the roads' summary.
    assert _titles("perbaikan") == ["Anggaran perbaikan jalan kabupaten thn 2026", "Daftar ruas jalan"]
    assert _titles("") == ["Anggaran perbaikan jalan kabupaten thn 2026", "Daftar ruas jalan",
                           "Jadwal pelayanan puskesmas"]


def test_stop_words_alone_find_nothing_and_unpublished_entries_stay_hidden(entries):
    assert _titles("yang dan di") == []
    assert "Draf perbaikan jalan" not in _titles("perbaikan jalan")


def test_the_search_text_follows_an_edit(entries):
    item = entries["health"]
    item.title = "Vaksinasi anak"
    item.save(update_fields=["title"])
    assert _titles("vaksinasi") == ["Vaksinasi anak"]
    assert _titles("jadwal") == []


def test_the_page_marks_the_matches_and_escapes_the_summary(client, entries):
    page = client.get("/ppid/dip/", {"q": "layanan puskesmas"}).content.decode()
    assert "<mark>pelayanan</mark> <mark>puskesmas</mark>" in page
    assert "&lt;b&gt;<mark>puskesmas</mark>&lt;/b&gt;" in page and "<b>puskesmas" not in page
