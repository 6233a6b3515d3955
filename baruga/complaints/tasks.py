"""Background work of the complaint service (run by the worker: `manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from baruga.complaints.models import Report


@task()
def send_receipt_email(report_id):
    """Tell the reporter, by e-mail, that the report arrived and how to track it.

    The guest's private link is never e-mailed from here: only its hash is stored, and the
    task row would otherwise keep the secret in clear.
    """
    report = Report.objects.select_related("contact", "jurisdiction").filter(pk=report_id).first()
    contact = getattr(report, "contact", None) if report else None
    if report is None or not contact or not contact.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Laporan %(id)s sudah diterima") % {"id": report.tracking_id}
        body = _(
            "Terima kasih. Laporan Anda \u201c%(title)s\u201d sudah kami terima dengan nomor pelacakan %(id)s.\n"
            "Laporan diverifikasi oleh admin %(jurisdiction)s paling lambat %(due)s.\n\n"
            "Pantau perkembangannya di %(url)s"
        ) % {
            "title": report.title, "id": report.tracking_id, "jurisdiction": report.jurisdiction.name,
            "due": timezone.localtime(report.due_at).strftime("%d-%m-%Y %H:%M") if report.due_at else "-",
            "url": settings.SITE_URL + reverse("complaints:track", args=[report.tracking_id]),
        }
    send_mail(subject, body, None, [contact.email])
    return True
