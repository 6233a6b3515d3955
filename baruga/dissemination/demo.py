"""Demo data for dissemination (`manage.py seed_dissemination_demo`, run by `make run` after `seed_demo`).

Two logins of the province's communications unit (password `complaints.demo.PASSWORD`), four media
partners with this year's contracts (one verification ending within the reminder window), six
published releases of several OPDs with placements and reach, one awaiting approval and one approved
for tomorrow. Runs once: nothing happens when a media partner already exists.
"""

import datetime as dt
import io

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from baruga.accounts.models import Membership, Role, User
from baruga.complaints.demo import PASSWORD, PROVINCE, issue_enrolment_codes
from baruga.directory.models import Agency, Jurisdiction
from baruga.dissemination import actions
from baruga.dissemination.models import MediaPartner, Publication

USERS = [("humas.sulsel", "Nurhaedah", "Lestari", Role.HUMAS),
         ("kepala.humas.sulsel", "Andi", "Arwin", Role.HUMAS_HEAD)]

PARTNERS = [
    dict(name="Harian Fajar", kind="cetak", legal_entity="PT Media Fajar", registration_number="8120001110011",
         website="https://fajar.example.id", verification="faktual", verified_on=dt.date(2024, 2, 12),
         contact_name="Redaksi Fajar", contact_email="redaksi@fajar.example.id", quota=40, value=120_000_000),
    dict(name="Tribun Timur Online", kind="online", legal_entity="PT Tribun Timur Media",
         registration_number="8120001110022", website="https://tribuntimur.example.id", verification="faktual",
         verified_on=dt.date(2023, 9, 4), quota=60, value=90_000_000),
    dict(name="Celebes TV", kind="televisi", legal_entity="PT Celebes Televisi", registration_number="8120001110033",
         website="https://celebestv.example.id", verification="administratif", verified_on=dt.date(2025, 5, 20),
         expires_in_days=20, quota=12, value=150_000_000),
    dict(name="RRI Makassar (Pro 1)", kind="radio", legal_entity="LPP Radio Republik Indonesia",
         registration_number="LPP-RRI-MKS", website="https://rri.example.id", verification="faktual",
         verified_on=dt.date(2022, 11, 1), quota=24, value=36_000_000),
]

RELEASES = [
    ("Dinas Bina Marga dan Bina Konstruksi", "siaran_pers", "Perbaikan ruas jalan provinsi Maros–Bone dimulai",
     "Dinas Bina Marga memulai perbaikan 12 km ruas jalan provinsi Maros–Bone yang rusak akibat banjir.",
     24),
    ("Dinas Kesehatan", "berita", "Vaksinasi campak gratis di 24 kabupaten/kota",
     "Dinas Kesehatan Provinsi Sulawesi Selatan menggelar vaksinasi campak gratis untuk anak usia 9 bulan sampai "
     "5 tahun.", 18),
    ("Dinas Komunikasi, Informatika, Statistik dan Persandian", "infografis", "Capaian layanan pengaduan triwulan III",
     "Infografis capaian layanan pengaduan Baruga: laporan masuk, diselesaikan dan kepuasan warga.", 12),
    ("Badan Penanggulangan Bencana Daerah", "siaran_pers", "Siaga banjir: BPBD siapkan 40 posko di pesisir",
     "BPBD Sulawesi Selatan menyiapkan 40 posko siaga banjir menghadapi puncak musim hujan.", 7),
    ("Dinas Pendidikan", "video", "Video: pendaftaran beasiswa pendidikan tinggi dibuka",
     "Pendaftaran beasiswa pendidikan tinggi bagi lulusan SMA/SMK berprestasi dibuka sampai akhir bulan.", 4),
    (None, "unggahan_medsos", "Jadwal layanan informasi publik selama libur akhir tahun",
     "PPID Provinsi Sulawesi Selatan tetap melayani permohonan informasi secara daring selama libur akhir tahun.", 2),
]

BODY = ("{summary}\n\nKegiatan ini merupakan bagian dari program kerja pemerintah provinsi tahun {year}. "
        "Warga dapat menyampaikan pertanyaan dan pengaduan melalui Baruga atau pusat panggilan 112.\n\n"
        "Informasi lebih lanjut dapat diperoleh melalui unit komunikasi publik pada jam kerja.")


def _proof(name, label, caption="Bukti tayang (demo)"):
    image = Image.new("RGB", (480, 300), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 480, 40), fill=(11, 83, 148))
    draw.text((12, 12), label[:60], fill=(255, 255, 255))
    draw.text((12, 70), caption, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def seed():
    if MediaPartner.objects.exists():
        return None
    province = Jurisdiction.objects.get(code=PROVINCE)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        users = {}
        password = make_password(PASSWORD)
        for username, first, last, role in USERS:
            user, _created = User.objects.get_or_create(username=username, defaults=dict(
                first_name=first, last_name=last, email=f"{username}@example.org", password=password))
            Membership.objects.get_or_create(user=user, role=role, jurisdiction=province)
            users[role] = user
        humas, head = users[Role.HUMAS], users[Role.HUMAS_HEAD]
        partners = []
        for spec in PARTNERS:
            spec = dict(spec)
            quota, value, expires = spec.pop("quota"), spec.pop("value"), spec.pop("expires_in_days", None)
            spec["verification_valid_until"] = today + dt.timedelta(days=expires) if expires else None
            evidence = _proof("verifikasi.png", f"Dewan Pers: {spec['name']}", "Sertifikat verifikasi (demo)")
            partner = actions.create_partner(actor=humas, jurisdiction=province,
                                             data=actions.PartnerInput(**spec, evidence=evidence))
            actions.add_contract(actor=humas, partner=partner, year=today.year,
                                 number=f"{len(partners) + 1:03d}/DISKOMINFO-SP/{today.year}",
                                 starts_on=dt.date(today.year, 1, 1), ends_on=dt.date(today.year, 12, 31),
                                 value=value, quota=quota)
            partners.append(partner)
        opd_author = User.objects.filter(username="opd.binamarga").first()
        for index, (agency_name, kind, title, summary, days_ago) in enumerate(RELEASES):
            agency = Agency.objects.filter(jurisdiction=province, name=agency_name).first() if agency_name else None
            author = opd_author if agency is not None and agency.name.startswith("Dinas Bina Marga") and opd_author \
                else humas
            publication = actions.create_publication(actor=author, jurisdiction=province, data=actions.PublicationInput(
                kind=kind, title=title, summary=summary, body=BODY.format(summary=summary, year=today.year),
                agency=agency,
                files=[_proof("infografis.png", title, "Infografis (demo)")] if kind == "infografis" else []))
            actions.submit(actor=author, publication=publication)
            actions.approve(actor=head, publication=publication)
            actions.publish(actor=humas, publication=publication)
            # Demo history: spread the releases over the last weeks (seed data only).
            published_at = now - dt.timedelta(days=min(days_ago, today.timetuple().tm_yday - 1), hours=index)
            Publication.objects.filter(pk=publication.pk).update(published_at=published_at, approved_at=published_at)
            publication.refresh_from_db()
            placed_on = timezone.localtime(published_at).date()
            for n, partner in enumerate(partners[: 2 + index % 3]):
                actions.record_placement(
                    actor=humas, publication=publication, partner=partner,
                    url=f"{partner.website}/{placed_on:%Y/%m/%d}/{publication.slug}", placed_on=placed_on,
                    proof=_proof("bukti.png", f"{partner.name}: {title}"),
                    views=(index + 1) * 1500 + n * 700 if partner.kind in ("online", "cetak") else None,
                    impressions=(index + 2) * 4000 + n * 900, engagement=(index + 1) * 35 + n * 11)
            actions.record_placement(actor=humas, publication=publication, own_channel="Situs resmi sulselprov.go.id",
                                     url=f"https://sulselprov.example.go.id/berita/{publication.slug}",
                                     placed_on=placed_on, views=800 + index * 230)
        waiting = actions.create_publication(actor=humas, jurisdiction=province, data=actions.PublicationInput(
            kind="siaran_pers", title="Gubernur resmikan Mal Pelayanan Publik Maros",
            summary="Mal Pelayanan Publik Maros melayani 126 jenis layanan dari 18 instansi dalam satu gedung.",
            body=BODY.format(summary="Mal Pelayanan Publik Maros diresmikan pekan ini.", year=today.year)))
        actions.submit(actor=humas, publication=waiting)
        scheduled = actions.create_publication(actor=humas, jurisdiction=province, data=actions.PublicationInput(
            kind="berita", title="Festival budaya Toraja digelar akhir pekan",
            summary="Festival budaya Toraja menampilkan 30 sanggar seni dari seluruh Sulawesi Selatan.",
            body=BODY.format(summary="Festival budaya Toraja digelar akhir pekan ini.", year=today.year)))
        actions.submit(actor=humas, publication=scheduled)
        actions.approve(actor=head, publication=scheduled, scheduled_at=now + dt.timedelta(days=1))
    return {"users": [u.username for u in users.values()], "partners": len(partners),
            "enrolment_codes": issue_enrolment_codes(users.values())}
