"""Baruga's own data, published (issue item 8, first part): the complaint statistics of each jurisdiction
as a dataset of its walidata's OPD (the Diskominfo), refreshed by the clock sweep once a day.

One dataset per jurisdiction, `statistik-pengaduan-<code>`, with one CSV resource: reports received per
month, category, channel and OPD, and how many of them are finished. A refresh whose table is unchanged
writes nothing; a changed one is a new version of the resource (the old ones kept), so harvesters see a
new `metadata_modified`. Everything goes through `actions` as the SYSTEM actor (audited as such).
Not done yet: PPID annual figures and the program indicators as datasets.
"""

import csv
import datetime as dt
import hashlib
import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from baruga.directory.models import Agency, Jurisdiction
from baruga.satudata import actions, permissions
from baruga.satudata.models import Dataset, State
from baruga.satudata.workflow import PRINCIPLE_KEYS

logger = logging.getLogger(__name__)
SYSTEM = permissions.SYSTEM


def dataset_name(jurisdiction):
    return "statistik-pengaduan-" + jurisdiction.code.replace(".", "-")


def steward_agency(jurisdiction):
    """The walidata's own OPD: the jurisdiction's Diskominfo (None if it has none)."""
    return (Agency.objects.filter(jurisdiction=jurisdiction, is_active=True)
            .filter(Q(short_name__istartswith="Diskominfo") | Q(name__icontains="Komunikasi")).order_by("pk").first())


def complaint_table(jurisdiction):
    from baruga.complaints.models import Report

    rows = (Report.objects.filter(jurisdiction=jurisdiction).annotate(bulan=TruncMonth("created_at"))
            .values("bulan", "category__name", "channel", "agency__name")
            .annotate(jumlah=Count("pk"), selesai=Count("pk", filter=Q(state="finished")))
            .order_by("bulan", "category__name", "channel", "agency__name"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["bulan", "kategori", "kanal", "opd", "jumlah_laporan", "selesai"])
    for r in rows:
        month = r["bulan"].date().isoformat() if hasattr(r["bulan"], "date") else str(r["bulan"])
        writer.writerow([month, r["category__name"] or "", r["channel"], r["agency__name"] or "",
                         r["jumlah"], r["selesai"]])
    return out.getvalue().encode("utf-8")


def publish_complaint_statistics(jurisdiction):
    """Create or refresh the jurisdiction's complaint statistics dataset; returns it (None: no Diskominfo)."""
    agency = steward_agency(jurisdiction)
    if agency is None:
        return None
    raw = complaint_table(jurisdiction)
    name = dataset_name(jurisdiction)
    upload = SimpleUploadedFile(f"{name}.csv", raw)
    dataset = Dataset.objects.filter(name=name).first()
    if dataset is None:
        data = {
            "name": name, "title": f"Statistik Pengaduan Masyarakat {jurisdiction.name}",
            "notes": "Laporan pengaduan dan aspirasi yang diterima lewat Baruga per bulan, kategori, kanal dan OPD, "
                     "beserta jumlah yang selesai. Diperbarui otomatis setiap hari.",
            "konsep": "Pengaduan: laporan masyarakat tentang pelayanan publik (Perpres 76/2013).",
            "definisi": "Jumlah laporan yang diterima pada bulan itu; selesai: yang sudah berstatus selesai.",
            "klasifikasi": "Kategori pengaduan Baruga; kanal; OPD penanggung jawab", "ukuran": "Jumlah",
            "satuan": "Laporan", "frequency": "monthly", "region_code": jurisdiction.code,
            "source": "Baruga", "collection_method": "administrative", "license_id": "cc-by-4.0",
            "access_level": "open", "groups": ["komunikasi-informatika"], "tags": ["pengaduan", "pelayanan publik"],
        }
        dataset = actions.create_dataset(SYSTEM, agency=agency, data=data)
        actions.add_resource(SYSTEM, dataset, name="Laporan per bulan, kategori, kanal dan OPD", upload=upload)
        actions.submit(SYSTEM, dataset)
        actions.publish(SYSTEM, dataset, checklist={k: True for k in PRINCIPLE_KEYS})
        dataset.refresh_from_db()
        return dataset
    if dataset.state != State.PUBLISHED:
        return dataset  # withdrawn or deleted by the walidata: left alone
    resource = dataset.resources.filter(is_deleted=False).first()
    if resource is not None and resource.hash == hashlib.sha256(raw).hexdigest():
        return dataset
    if resource is None:
        actions.add_resource(SYSTEM, dataset, name="Laporan per bulan, kategori, kanal dan OPD", upload=upload)
    else:
        actions.update_resource(SYSTEM, resource, upload=upload)
    return dataset


def refresh_all(now=None):
    """Daily: every active jurisdiction with a Diskominfo whose dataset was not refreshed today
    (two queries when everything is up to date)."""
    now = now or timezone.now()
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    fresh = set(Dataset.objects.filter(name__startswith="statistik-pengaduan-", metadata_modified__gte=start)
                .values_list("name", flat=True))
    candidates = (Jurisdiction.objects.filter(is_active=True, is_external=False).exclude(level="national")
                  .filter(Q(agencies__short_name__istartswith="Diskominfo") | Q(agencies__name__icontains="Komunikasi"),
                          agencies__is_active=True).distinct())
    done = 0
    for jurisdiction in candidates:
        if dataset_name(jurisdiction) in fresh:
            continue
        try:
            if publish_complaint_statistics(jurisdiction) is not None:
                done += 1
        except Exception:  # one jurisdiction's failure must not stop the others or the sweep
            logger.exception("satudata: complaint statistics of %s not published", jurisdiction.code)
    return done
