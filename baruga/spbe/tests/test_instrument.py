"""The instrument is data: PermenPANRB 59/2020's structure and weights, and a second instrument as a file."""

import json
from decimal import Decimal

import pytest

from baruga.spbe import instrument as instruments


def test_the_shipped_instrument_has_4_domains_8_aspects_47_indicators(spbe_instrument):
    assert len(spbe_instrument.domains) == 4
    assert len(spbe_instrument.aspects) == 8
    assert len(spbe_instrument.indicators) == 47
    assert [i.number for i in spbe_instrument.indicators] == list(range(1, 48))
    assert "Nomor 59 Tahun 2020" in spbe_instrument.source


def test_weights_sum_to_100_percent_and_each_domain_to_its_share(spbe_instrument):
    assert spbe_instrument.total_weight == Decimal("100")
    shares = {d.name: sum((i.weight for i in d.indicators), Decimal(0)) for d in spbe_instrument.domains}
    assert shares == {"Kebijakan Internal SPBE": Decimal("13"), "Tata Kelola SPBE": Decimal("25"),
                      "Manajemen SPBE": Decimal("16.5"), "Layanan SPBE": Decimal("45.5")}


def test_every_indicator_has_a_criterion_for_each_of_the_five_named_levels(spbe_instrument):
    assert [name for _n, name in spbe_instrument.levels] == [
        "Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"]
    for indicator in spbe_instrument.indicators:
        assert [level for level, _text in indicator.criteria] == [1, 2, 3, 4, 5]
        assert all(text.strip() for _level, text in indicator.criteria)


def _tiny(code="ipd-2025", valid_from=2025, weights=("60", "40")):
    return {
        "code": code, "name": "Indeks Pemerintah Digital (contoh)", "source": "contoh", "valid_from": valid_from,
        "levels": [{"level": n, "name": f"L{n}"} for n in range(1, 6)],
        "predikat": [{"name": "Baik", "min": "3"}, {"name": "Kurang", "min": "0"}],
        "domains": [{"code": "D1", "name": "Domain", "weight": "100", "aspects": [{"code": "A1", "name": "Aspek",
                     "indicators": [{"code": f"X{n}", "number": n, "name": f"Indikator {n}", "weight": w,
                                     "criteria": [{"level": lv, "text": f"kriteria {lv}"} for lv in range(1, 6)]}
                                    for n, w in enumerate(weights, 1)]}]}],
    }


def test_a_second_instrument_is_a_file_not_code(tmp_path):
    (tmp_path / "ipd.json").write_text(json.dumps(_tiny()), encoding="utf-8")
    loaded = instruments.load_directory(tmp_path)
    assert list(loaded) == ["ipd-2025"]
    assert loaded["ipd-2025"].indicator("X1").weight == Decimal("60")


@pytest.mark.parametrize("weights", [("60", "30"), ("60", "-40"), ("abc", "40")])
def test_an_instrument_whose_weights_do_not_add_up_is_refused(tmp_path, weights):
    (tmp_path / "bad.json").write_text(json.dumps(_tiny(weights=weights)), encoding="utf-8")
    with pytest.raises(instruments.InstrumentError):
        instruments.load_directory(tmp_path)


def test_the_newest_instrument_valid_in_a_year_is_used(monkeypatch, spbe_instrument):
    second = instruments.parse(_tiny(valid_from=2027))
    monkeypatch.setattr(instruments, "_registry", lambda: {spbe_instrument.code: spbe_instrument,
                                                          second.code: second})
    assert instruments.current_for(2026) is spbe_instrument
    assert instruments.current_for(2027) is second
