"""Which API key filed which report through Open311, and the token the client may exchange for its id."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    report = models.OneToOneField("complaints.Report", on_delete=models.CASCADE, related_name="open311_submission")
    api_key = models.ForeignKey("apikeys.ApiKey", on_delete=models.PROTECT, related_name="open311_submissions")
    # GeoReport v2 `token`: random, handed only to the client that filed; exchanged at tokens/<token>.
    token = models.CharField(max_length=36, unique=True)
    service_code = models.CharField(max_length=50)
    account_id = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kiriman Open311")
        verbose_name_plural = _("kiriman Open311")
