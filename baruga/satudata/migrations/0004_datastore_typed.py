"""The datastore's rows move from one JSON row per line (DatastoreRow) to a typed table per resource
(`sd_ds_<pk>`, see baruga.satudata.datastore): every loaded table is copied over, then DatastoreRow goes.
Not reversible (the old layout is not rebuilt)."""

from django.db import migrations, models

from baruga.satudata.datastore import create_storage


def to_typed_tables(apps, schema_editor):
    DatastoreTable = apps.get_model("satudata", "DatastoreTable")
    DatastoreRow = apps.get_model("satudata", "DatastoreRow")
    for table in DatastoreTable.objects.order_by("pk"):
        ids = [f["id"] for f in table.fields]
        # Read all rows first: the connection cannot run a query while it COPYs.
        rows = [[data.get(i) for i in ids] for data in
                DatastoreRow.objects.filter(table=table).order_by("row_number").values_list("data", flat=True)]
        table.storage = create_storage(table.pk, table.fields, rows)
        table.row_count = len(rows)
        table.save(update_fields=["storage", "row_count"])


class Migration(migrations.Migration):

    dependencies = [
        ("satudata", "0003_datastore_loading"),
    ]

    operations = [
        migrations.AddField(
            model_name="datastoretable",
            name="storage",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(to_typed_tables, migrations.RunPython.noop),
        migrations.DeleteModel(name="DatastoreRow"),
    ]
