"""`PublicInformation.search_text`: title and summary as normalised search terms (baruga/lib/textnorm.py),
filled for existing entries in batches and, on PostgreSQL, indexed (GIN on to_tsvector('simple', …))."""

from django.db import migrations, models

from baruga.lib.textsearch import GIN_INDEX_SQL, stored_text

BATCH = 2000
INDEX = "ppid_dip_search_text"


def backfill(apps, schema_editor):
    PublicInformation = apps.get_model("ppid", "PublicInformation")
    last = 0
    while True:
        rows = list(PublicInformation.objects.filter(pk__gt=last).order_by("pk").only("pk", "title", "summary")[:BATCH])
        if not rows:
            break
        for row in rows:
            row.search_text = stored_text(row.title, row.summary)
        PublicInformation.objects.bulk_update(rows, ["search_text"], batch_size=500)
        last = rows[-1].pk


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN_INDEX_SQL.format(name=INDEX, table="ppid_publicinformation"))


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('ppid', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='publicinformation',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, unindex, elidable=False),
    ]
