"""The e-mail anchor of the audit trail (`AUDIT_ANCHORS` has `email`, docs/audit.md): signed checkpoints
mailed to the audit officers through the outbox. `baruga.audit` sits below this app and calls it by
name (`settings.AUDIT_EMAIL_ANCHOR`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext as _

from baruga.audit.anchors import anchor_line
from baruga.notifications.models import ChannelName, Language
from baruga.notifications.outbox import queue_message


def audit_officers():
    """Active holders of `audit.view_auditentry`, directly, through a group, or as superusers."""
    permission = Permission.objects.filter(content_type__app_label="audit", codename="view_auditentry").first()
    condition = Q(is_superuser=True)
    if permission is not None:
        condition |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return get_user_model().objects.filter(condition, is_active=True).exclude(email="").distinct()


def email_officers(checkpoint):
    """The e-mail anchor: the period's first checkpoint to every audit officer with an e-mail address."""
    # One mail per officer and period: the outbox's dedupe key drops the period's later checkpoints.
    period = int(checkpoint.created_at.timestamp() // (max(settings.AUDIT_ANCHOR_EMAIL_HOURS, 1) * 3600))
    subject = _("Titik periksa audit seq %(seq)s") % {"seq": checkpoint.seq}
    body = _(
        "Titik periksa rantai audit Baruga yang baru. Simpan e-mail ini tanpa mengubahnya: bila jejak audit "
        "dihapus atau ditulis ulang, baris di bawah ini menunjukkannya (bandingkan dengan `manage.py "
        "audit_verify --anchor BERKAS`).\n\n%(line)s\n"
    ) % {"line": anchor_line(checkpoint)}
    for officer in audit_officers():
        queue_message(channel=ChannelName.EMAIL, to_address=officer.email, subject=subject, body=body,
                      language=Language.ID, dedupe_key=f"audit-anchor:{period}:{officer.pk}")
