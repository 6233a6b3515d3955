"""Run inside a Baruga instance's own process by the live federation tests (test_live.py).

    python -c "from baruga.federation.tests import live_script; live_script.main()" COMMAND [ARGS]

Every command prints one JSON line. The instance is chosen by the environment (DATABASE_URL …).
"""

import json
import os
import sys


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")
    import django

    django.setup()


def setup(kind):
    from baruga.accounts.models import Membership, Role, User
    from baruga.directory.models import Agency, Category, Jurisdiction, Level

    def jur(code, name, level, parent=None, external=False):
        return Jurisdiction.objects.create(code=code, name=name, level=level, parent=parent, is_external=external)

    national = jur("00", "Pemerintah Pusat", Level.NATIONAL, external=kind != "national")
    roads = Category.objects.create(slug="jalan", name="Jalan dan Jembatan")
    Category.objects.create(slug="jalan-kota", name="Jalan kabupaten/kota", parent=roads, authority="regency")
    Category.objects.create(slug="jalan-provinsi", name="Jalan provinsi", parent=roads, authority="province")
    Category.objects.create(slug="jalan-nasional", name="Jalan nasional", parent=roads, authority="national")
    User.objects.create_user(username="warga", password="rahasia-sekali-123", email="warga@contoh.id",
                             first_name="Warga")

    def staff(username, role, **scope):
        user = User.objects.create_user(username=username, password="rahasia-sekali-123",
                                        email=f"{username}@contoh.id", first_name=username)
        Membership.objects.create(user=user, role=role, **scope)

    if kind == "province":
        province = jur("73", "Provinsi Sulawesi Selatan", Level.PROVINCE, national)
        makassar = jur("73.71", "Kota Makassar", Level.CITY, province)
        jur("73.06", "Kabupaten Gowa", Level.REGENCY, province, external=True)
        staff("admin.p", Role.ADMIN, jurisdiction=province)
        staff("admin.mks", Role.ADMIN, jurisdiction=makassar)
        staff("opd.p", Role.SUBADMIN, agency=Agency.objects.create(jurisdiction=province, name="Dinas Bina Marga"))
    elif kind == "regency":
        province = jur("73", "Provinsi Sulawesi Selatan", Level.PROVINCE, national, external=True)
        gowa = jur("73.06", "Kabupaten Gowa", Level.REGENCY, province)
        staff("admin.r", Role.ADMIN, jurisdiction=gowa)
        staff("opd.r", Role.SUBADMIN, agency=Agency.objects.create(jurisdiction=gowa, name="Dinas PUPR Gowa"))
    else:
        staff("admin.n", Role.ADMIN, jurisdiction=national)
        staff("opd.n", Role.SUBADMIN, agency=Agency.objects.create(jurisdiction=national, name="Kementerian PUPR"))
    from baruga.federation import signing

    me = signing.identity()
    signing.current_key()
    return {"instance_id": str(me.instance_id), "name": me.name}


def _admin_of(jurisdiction):
    from baruga.accounts.models import Membership, Role

    return Membership.objects.filter(role=Role.ADMIN, jurisdiction=jurisdiction).select_related("user").first().user


def file_transfer(count, location_code, category_slug, to_code):
    """File `count` reports as the citizen and have the receiving admin transfer them to `to_code`."""
    from baruga.accounts.models import User
    from baruga.complaints import actions
    from baruga.complaints.models import Kind
    from baruga.directory.models import Category, Jurisdiction

    citizen = User.objects.get(username="warga")
    location = Jurisdiction.objects.get(code=location_code)
    category = Category.objects.filter(slug=category_slug).first()
    target = Jurisdiction.objects.get(code=to_code)
    ids = []
    for i in range(int(count)):
        report, _ = actions.submit_report(
            reporter=citizen, kind=Kind.COMPLAINT, title=f"Jalan rusak nomor {i}",
            body=f"Jalan berlubang besar nomor {i}, sudah lama tidak diperbaiki dan membahayakan pengendara.",
            location=location, category=category, contact_name="Warga Pelapor", contact_email="pelapor@contoh.id",
            contact_phone="081234567890",
        )
        actions.transfer(actor=_admin_of(report.jurisdiction), report=report, to_jurisdiction=target,
                         reason="Bukan kewenangan kami.")
        ids.append(report.tracking_id)
    return ids


def act(steps, *tracking_ids):
    """Move federated reports here through `steps` (comma-separated: verify,dispatch,accept,respond,finish,
    transfer:<code>); no ids means every report that came in by federation."""
    from baruga.accounts.models import Membership, Role
    from baruga.complaints import actions
    from baruga.complaints.models import Report
    from baruga.directory.models import Agency, Jurisdiction

    reports = Report.objects.filter(channel="federation").order_by("id")
    if tracking_ids:
        reports = reports.filter(tracking_id__in=tracking_ids)
    done = 0
    for report in reports:
        admin = _admin_of(report.jurisdiction)
        agency = Agency.objects.filter(jurisdiction=report.jurisdiction).first()
        for step in steps.split(","):
            report.refresh_from_db()
            if step == "verify":
                actions.verify(actor=admin, report=report, title=report.title, category=report.category)
            elif step == "dispatch":
                actions.dispatch(actor=admin, report=report, agency=agency)
            elif step == "respond":
                opd = Membership.objects.filter(role=Role.SUBADMIN, agency=agency).first().user
                actions.respond(actor=opd, report=report, body=f"Sudah ditangani: {report.title}.")
            elif step == "finish":
                actions.finish(actor=admin, report=report)
            elif step.startswith("transfer:"):
                actions.transfer(actor=admin, report=report, reason="Kewenangan pemerintah pusat.",
                                 to_jurisdiction=Jurisdiction.objects.get(code=step.split(":", 1)[1]))
        done += 1
    return done


def unmap(code):
    from baruga.federation.models import PeerJurisdiction

    return PeerJurisdiction.objects.filter(jurisdiction__code=code).delete()[0]


def send_first(count):
    """Deliberately out of order: POST the newest `count` pending third updates (seq 3) before their seq 2."""
    from django.utils import timezone

    from baruga.federation import delivery
    from baruga.federation.models import OutboxMessage, OutboxStatus

    newest = list(OutboxMessage.objects.filter(status=OutboxStatus.PENDING, type="status", sequence__gte=3)
                  .select_related("peer").order_by("-id")[: int(count)])
    answers = {}
    for message in newest:
        answer = delivery.post(message).get("status")
        answers[answer] = answers.get(answer, 0) + 1
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    return answers


def repost(count):
    """Deliberately duplicate: POST `count` messages already delivered once again."""
    from baruga.federation import delivery
    from baruga.federation.models import OutboxMessage, OutboxStatus

    answers = {}
    for message in OutboxMessage.objects.filter(status=OutboxStatus.SENT).select_related("peer").order_by("?")[
            : int(count)]:
        answer = delivery.post(message).get("status")
        answers[answer] = answers.get(answer, 0) + 1
    return answers


def dump():
    from django.db.models import Count

    from baruga.complaints.models import Report, ReportEvent
    from baruga.federation.models import FederatedReport, InboxMessage, OutboxMessage

    def grouped(qs, *fields):
        return {"/".join(str(row[f]) for f in fields): row["n"] for row in qs.values(*fields).annotate(n=Count("id"))}

    links = [
        {"report": l.report.tracking_id, "state": l.report.state, "channel": l.report.channel,
         "direction": l.direction, "ref": l.ref, "remote_state": l.remote_state,
         "remote_tracking_id": l.remote_tracking_id, "last_sequence": l.last_sequence,
         "origin_tracking_id": l.origin_tracking_id}
        for l in FederatedReport.objects.select_related("report").order_by("id")
    ]
    return {
        "reports": Report.objects.count(),
        "reports_by_state": grouped(Report.objects.all(), "channel", "state"),
        "events": grouped(ReportEvent.objects.all(), "action"),
        "outbox": grouped(OutboxMessage.objects.all(), "type", "status"),
        "inbox": grouped(InboxMessage.objects.all(), "type", "status"),
        "inbox_ids": sorted(str(m) for m in InboxMessage.objects.values_list("message_id", flat=True)),
        "outbox_ids": sorted(str(m) for m in OutboxMessage.objects.values_list("message_id", flat=True)),
        "links": links,
    }


def deliver(seconds="120"):
    """The command, in this instance's process: `manage.py federation_deliver --until-idle SECONDS`."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("federation_deliver", "--until-idle", str(seconds), stdout=out)
    return out.getvalue().strip()


def pair_offer():
    from baruga.federation import pairing

    return pairing.offer()


def pair_accept(url, code):
    from baruga.federation import pairing

    try:
        peer = pairing.accept(url, code)
    except pairing.PairingError as exc:
        return {"error": str(exc)}
    return {"peer": peer.name, "routes": sorted(f"{r.jurisdiction.code}>{r.remote_code}"
                                                for r in peer.jurisdictions.select_related("jurisdiction"))}


def configure(**values):
    from django.conf import settings

    for name, value in values.items():
        setattr(settings, name, value)
    return sorted(values)


def serve():
    """Answer one JSON command per stdin line ([name, *args] or [name, {kwargs}]) until stdin closes."""
    from django.db import close_old_connections

    for line in sys.stdin:
        name, *args = json.loads(line)
        try:
            if args and isinstance(args[0], dict):
                result = {"ok": globals()[name](**args[0])}
            else:
                result = {"ok": globals()[name](*args)}
        except Exception as exc:  # reported to the test, which fails with it
            import traceback

            result = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        close_old_connections()
        sys.stdout.write("RESULT " + json.dumps(result) + "\n")
        sys.stdout.flush()


def main():
    _setup_django()
    command, *args = sys.argv[1:]
    if command == "serve":
        return serve()
    result = globals()[command](*args)
    sys.stdout.write("\nRESULT " + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
