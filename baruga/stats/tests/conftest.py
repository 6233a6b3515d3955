import types

import pytest

from baruga.complaints import actions
from baruga.complaints.models import Channel
from baruga.stats.tests.helpers import at, file, wita

FEB = {"since": "2026-02", "until": "2026-02"}


@pytest.fixture
def known(cast):
    """Five reports of February 2026 with known outcomes (see test_figures for the expected numbers)."""
    k = types.SimpleNamespace()
    # R1: Makassar, PUPR; verification 0 working days on time, follow-up 1 day on time, rated 5.
    k.r1 = file(cast, when=wita(2026, 2, 2, 9), category=cast.city_road, lat="-5.135000", lon="119.412000")
    with at(wita(2026, 2, 3, 10)):
        actions.verify(actor=cast.citra, report=k.r1, title=k.r1.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=k.r1, agency=cast.pupr)
    with at(wita(2026, 2, 4, 17)):
        actions.respond(actor=cast.eko, report=k.r1, body="Sudah kami tambal kemarin sore.")
    with at(wita(2026, 2, 5, 9)):
        actions.rate(actor=cast.ayu, report=k.r1, rating=5)
    # R2: Makassar, PUPR; verification 4 days late, follow-up 5 days late, rated 2.
    k.r2 = file(cast, when=wita(2026, 2, 2, 9, 30), category=cast.city_road, lat="-5.135000", lon="119.412000")
    with at(wita(2026, 2, 6, 17)):
        actions.verify(actor=cast.citra, report=k.r2, title=k.r2.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=k.r2, agency=cast.pupr)
    with at(wita(2026, 2, 13, 17)):
        actions.respond(actor=cast.eko, report=k.r2, body="Sudah kami perbaiki seluruhnya.")
    with at(wita(2026, 2, 13, 18)):
        actions.rate(actor=cast.ayu, report=k.r2, rating=2)
    # R3: Makassar, Disdik; verification on time, still dispatched (open).
    k.r3 = file(cast, when=wita(2026, 2, 3, 9), category=cast.city_road)
    with at(wita(2026, 2, 3, 11)):
        actions.verify(actor=cast.citra, report=k.r3, title=k.r3.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=k.r3, agency=cast.disdik)
    # R4: no category: received by the province, still submitted; filed through the API.
    k.r4 = file(cast, when=wita(2026, 2, 4, 9), channel=Channel.API)
    # R5: Gowa, archived.
    k.r5 = file(cast, when=wita(2026, 2, 2, 8), location=cast.gowa, category=cast.city_road)
    with at(wita(2026, 2, 2, 10)):
        actions.archive(actor=cast.dewi, report=k.r5, reason="unclear")
    return k
