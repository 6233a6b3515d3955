"""Satu Data's signal receivers, connected in `SatudataConfig.ready()`."""

from baruga.satudata.models import Group, License
from baruga.satudata.reference import GROUPS, LICENSES, group_id


def ensure_reference_rows(sender, using="default", **kwargs):
    """The licences and topics (`reference`), also after a flush (tests with `transactional_db`/`live_server`
    empty every table, then send post_migrate): missing rows are added, edited ones left alone."""
    if not License.objects.using(using).exists():
        License.objects.using(using).bulk_create(
            [License(id=i, title=t, url=u, is_open=o, position=n) for n, (i, t, u, o) in enumerate(LICENSES)],
            ignore_conflicts=True)
    if not Group.objects.using(using).exists():
        Group.objects.using(using).bulk_create(
            [Group(id=group_id(name), name=name, title=title, position=n) for n, (name, title) in enumerate(GROUPS)],
            ignore_conflicts=True)
