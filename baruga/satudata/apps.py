from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SatudataConfig(AppConfig):
    name = "baruga.satudata"
    label = "satudata"
    verbose_name = _("Satu Data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from baruga.satudata.receivers import ensure_reference_rows

        post_migrate.connect(ensure_reference_rows, sender=self, dispatch_uid="satudata_reference_rows")
        from baruga.satudata import datastore  # noqa: F401  (drops a datastore table with its DatastoreTable)
