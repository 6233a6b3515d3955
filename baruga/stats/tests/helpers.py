"""Drive reports through the real actions for the statistics tests."""

import datetime as dt
import random
from decimal import Decimal

import time_machine
from django.utils import timezone

from baruga.complaints import actions
from baruga.complaints.models import ArchiveReason, Channel, Kind, Report, State
from baruga.complaints.permissions import SYSTEM


def wita(*args):
    return dt.datetime(*args, tzinfo=timezone.get_default_timezone())


def at(moment):
    return time_machine.travel(moment, tick=False)


def file(cast, *, when, location=None, category=None, kind=Kind.COMPLAINT, channel=Channel.WEB, lat=None, lon=None):
    with at(when):
        report, _secret = actions.submit_report(
            reporter=cast.ayu, kind=kind, title="Jalan rusak", channel=channel,
            body="Jalan berlubang besar di depan sekolah, membahayakan pengendara setiap hari.",
            location=location or cast.makassar, category=category,
            latitude=None if lat is None else Decimal(lat),
            longitude=None if lat is None or lon is None else Decimal(lon),
        )
    return report


def admin_of(cast, report):
    return {cast.makassar.pk: cast.citra, cast.gowa.pk: cast.dewi, cast.province.pk: cast.budi}[report.jurisdiction_id]


def agency_staff(cast, report):
    return {cast.pupr.pk: cast.eko, cast.disdik.pk: cast.gita, cast.pupr_gowa.pk: cast.joko}[report.agency_id]


def agencies_for(cast, report):
    return {cast.makassar.pk: [cast.pupr, cast.disdik], cast.gowa.pk: [cast.pupr_gowa]}.get(report.jurisdiction_id, [])


def step(cast, report, rng):
    """One random feasible action on `report`; returns its name or None if nothing applies."""
    report = Report.objects.get(pk=report.pk)
    s = report.state
    options = []
    if s == State.SUBMITTED and report.jurisdiction_id != cast.province.pk:
        options += ["verify", "verify", "transfer", "archive", "request_info"]
    if s == State.NEEDS_INFO:
        options += ["complete", "archive"]
    if s == State.VERIFIED and agencies_for(cast, report):
        options += ["dispatch", "dispatch", "archive"]
    if s == State.DISPATCHED:
        options += ["accept", "respond", "hand_back"]
    if s == State.IN_PROGRESS:
        options += ["respond", "respond"]
    if s == State.RESPONDED:
        options += ["rate", "reopen", "finish"]
    if s == State.FINISHED and report.rating is None:
        options += ["rate"]
    if not options:
        return None
    name = rng.choice(options)
    admin = admin_of(cast, report)
    if name == "verify":
        categories = [cast.city_road, None]
        actions.verify(actor=admin, report=report, title=report.title, category=rng.choice(categories))
    elif name == "transfer":
        target = cast.gowa if report.jurisdiction_id == cast.makassar.pk else cast.makassar
        actions.transfer(actor=admin, report=report, to_jurisdiction=target, reason="Bukan wewenang kami.")
    elif name == "archive":
        actions.archive(actor=admin, report=report, reason=ArchiveReason.UNCLEAR)
    elif name == "request_info":
        actions.request_info(actor=admin, report=report, reason="Mohon lampirkan foto.")
    elif name == "complete":
        actions.complete(actor=cast.ayu, report=report, text="Foto sudah saya kirim lewat pos.")
    elif name == "dispatch":
        actions.dispatch(actor=admin, report=report, agency=rng.choice(agencies_for(cast, report)))
    elif name == "accept":
        actions.accept(actor=agency_staff(cast, report), report=report)
    elif name == "respond":
        actions.respond(actor=agency_staff(cast, report), report=report, body="Sudah kami perbaiki minggu ini.")
    elif name == "hand_back":
        actions.hand_back(actor=agency_staff(cast, report), report=report, reason="Bukan urusan OPD kami.")
    elif name == "rate":
        actions.rate(actor=cast.ayu, report=report, rating=rng.randint(1, 5))
    elif name == "reopen":
        actions.reopen(actor=cast.ayu, report=report, text="Belum diperbaiki sama sekali.")
    elif name == "finish":
        actions.finish(actor=SYSTEM, report=report)
    return name


def random_workflows(cast, *, reports=12, steps=60, seed=7, start=None):
    """File `reports` reports over a few months and move them at random, time advancing."""
    rng = random.Random(seed)
    now = start or wita(2026, 1, 5, 9)
    filed = []
    for i in range(reports):
        now += dt.timedelta(hours=rng.randint(3, 60))
        location = rng.choice([cast.makassar, cast.gowa])
        filed.append(file(cast, when=now, location=location, category=rng.choice([cast.city_road, None]),
                          kind=rng.choice(list(Kind.values)), channel=rng.choice([Channel.WEB, Channel.API]),
                          lat=rng.choice([None, "-5.135000", "-5.147665", "-5.2"]),
                          lon=rng.choice(["119.412345", "119.425000"])))
    for _ in range(steps):
        now += dt.timedelta(hours=rng.randint(1, 80))
        with at(now):
            step(cast, rng.choice(filed), rng)
    return filed
