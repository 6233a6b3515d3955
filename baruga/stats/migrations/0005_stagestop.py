"""Completed stages by the month they ended (`StageStop`) and when each ended (`StageSnapshot.stopped_at`),
for the staff on-time performance page.

Existing data is filled here, set-based: the stop moment is copied from the clock, then `StageStop` is
grouped from the snapshots by the local month of that moment (the same month bounds `rollups.rebuild`
uses, through the `MonthSpan` helper table, which every rebuild/verify refills anyway). A snapshot whose
clock no longer exists (deleted outside the application) cannot be dated and is dropped; `verify_stats`
then names what the other rollups still count for it, and `rebuild_stats` repairs that.
"""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def fill(apps, schema_editor):
    connection = schema_editor.connection
    StageSnapshot, StageStop, MonthSpan = (apps.get_model("stats", name) for name in ("StageSnapshot", "StageStop",
                                                                                        "MonthSpan"))
    q = connection.ops.quote_name
    snapshot, stop, span = (q(m._meta.db_table) for m in (StageSnapshot, StageStop, MonthSpan))
    clock = q(apps.get_model("clocks", "Clock")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"UPDATE {snapshot} s SET stopped_at = c.stopped_at FROM {clock} c WHERE c.id = s.clock_id")
        else:
            cursor.execute(f"UPDATE {snapshot} SET stopped_at = (SELECT c.stopped_at FROM {clock} c "
                           f"WHERE c.id = {snapshot}.clock_id)")
        cursor.execute(f"DELETE FROM {snapshot} WHERE stopped_at IS NULL")
    first = StageSnapshot.objects.order_by("stopped_at").values_list("stopped_at", flat=True).first()
    last = StageSnapshot.objects.order_by("-stopped_at").values_list("stopped_at", flat=True).first()
    if first is None:
        return
    # MonthSpan is a helper that every rebuild/verify refills for its own span: here, the months of the stops.
    MonthSpan.objects.all().delete()
    tz = timezone.get_default_timezone()
    month, end, spans = month_of(first), month_of(last), []
    while month <= end:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        spans.append(MonthSpan(month=month, start_at=dt.datetime.combine(month, dt.time.min, tzinfo=tz),
                               end_at=dt.datetime.combine(following, dt.time.min, tzinfo=tz)))
        month = following
    MonthSpan.objects.bulk_create(spans)
    dims = "x.month, x.jurisdiction_id, x.agency_id, x.stage, x.outcome, x.days"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {stop} (month, jurisdiction_id, agency_id, stage, outcome, days, n) "
            f"SELECT {dims}, COUNT(*) FROM (SELECT (SELECT m.month FROM {span} m WHERE m.start_at <= st.stopped_at "
            f"ORDER BY m.start_at DESC LIMIT 1) AS month, st.jurisdiction_id, st.agency_id, st.stage, st.outcome, "
            f"st.days FROM {snapshot} st) x GROUP BY {dims}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("clocks", "0002_escalation"),
        ("stats", "0004_category_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="stagesnapshot",
            name="stopped_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.CreateModel(
            name="StageStop",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                ("jurisdiction_id", models.IntegerField()),
                ("agency_id", models.IntegerField(default=0)),
                ("stage", models.CharField(max_length=16)),
                ("outcome", models.CharField(max_length=10)),
                ("days", models.IntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(
                    fields=("month", "jurisdiction_id", "agency_id", "stage", "outcome", "days"),
                    name="stats_stop_key")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="stagesnapshot",
            name="stopped_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="stagesnapshot",
            index=models.Index(fields=["stopped_at"], include=("jurisdiction_id", "agency_id", "stage", "outcome",
                                                               "days"), name="stats_stagesnap_stopped"),
        ),
        migrations.AddIndex(
            model_name="stagestop",
            index=models.Index(fields=["month", "jurisdiction_id"], include=("agency_id", "stage", "outcome", "days",
                                                                            "n"), name="stats_stop_month"),
        ),
    ]
