"""Data-subject requests (UU 27/2022): a citizen asks for erasure, an administrator decides."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_ppid_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="PrivacyRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("erasure", "Penghapusan data pribadi")], default="erasure",
                                          max_length=12, verbose_name="jenis")),
                ("note", models.TextField(blank=True, verbose_name="keterangan pemohon")),
                ("status", models.CharField(choices=[("pending", "Menunggu keputusan"), ("done", "Dilaksanakan"),
                                                     ("refused", "Ditolak")],
                                            default="pending", max_length=10, verbose_name="status")),
                ("outcome", models.TextField(blank=True, verbose_name="keterangan keputusan")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="diajukan")),
                ("handled_at", models.DateTimeField(blank=True, null=True, verbose_name="diputuskan")),
                ("handled_by", models.ForeignKey(blank=True, null=True,
                                                 on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="diputuskan oleh")),
                ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                           related_name="privacy_requests", to=settings.AUTH_USER_MODEL,
                                           verbose_name="pengguna")),
            ],
            options={
                "verbose_name": "permintaan subjek data",
                "verbose_name_plural": "permintaan subjek data",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("kind__in", ["erasure"])),
                                           name="privacyrequest_kind_valid"),
                    models.CheckConstraint(condition=models.Q(("status__in", ["pending", "done", "refused"])),
                                           name="privacyrequest_status_valid"),
                    models.UniqueConstraint(condition=models.Q(("status", "pending")), fields=("user", "kind"),
                                            name="privacyrequest_one_pending"),
                ],
            },
        ),
    ]
