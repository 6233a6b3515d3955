from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatudataConfig(AppConfig):
    name = "baruga.satudata"
    label = "satudata"
    verbose_name = _("Satu Data")
    default_auto_field = "django.db.models.BigAutoField"
