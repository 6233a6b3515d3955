from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_reference_rows(sender, using="default", **kwargs):
    """The licences and topics (`reference`), also after a flush (tests with `transactional_db`/`live_server`
    empty every table, then send post_migrate): missing rows are added, edited ones left alone."""
    from baruga.satudata.models import Group, License
    from baruga.satudata.reference import GROUPS, LICENSES, group_id

    if not License.objects.using(using).exists():
        License.objects.using(using).bulk_create(
            [License(id=i, title=t, url=u, is_open=o, position=n) for n, (i, t, u, o) in enumerate(LICENSES)],
            ignore_conflicts=True)
    if not Group.objects.using(using).exists():
        Group.objects.using(using).bulk_create(
            [Group(id=group_id(name), name=name, title=title, position=n) for n, (name, title) in enumerate(GROUPS)],
            ignore_conflicts=True)


class SatudataConfig(AppConfig):
    name = "baruga.satudata"
    label = "satudata"
    verbose_name = _("Satu Data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(ensure_reference_rows, sender=self, dispatch_uid="satudata_reference_rows")
        from baruga.satudata import datastore  # noqa: F401  (drops a datastore table with its DatastoreTable)
