from django.db import migrations, models


def create_and_fill(apps, schema_editor):
    """Create GridArea unless an earlier draft of 0002 already did, then refill every coarse rollup from the
    fine ones (set-based; a draft of 0002 applied on 28 Nov 2026 left them unfilled)."""
    from baruga.stats.rollups import fill_coarse_from_fine

    model = apps.get_model("stats", "GridArea")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)
    fill_coarse_from_fine(schema_editor.connection)


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("stats", "GridArea"))


class Migration(migrations.Migration):

    dependencies = [
        ("stats", "0002_coarse_rollups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GridArea",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("month", models.DateField()),
                        ("province_id", models.IntegerField()),
                        ("lat_cell", models.IntegerField()),
                        ("lon_cell", models.IntegerField()),
                        ("n", models.IntegerField(default=0)),
                    ],
                    options={
                        "indexes": [models.Index(fields=["province_id", "month"], include=("lat_cell", "lon_cell", "n"),
                                                 name="stats_area_province_month")],
                        "constraints": [models.UniqueConstraint(fields=("month", "province_id", "lat_cell", "lon_cell"),
                                                                name="stats_area_key")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_and_fill, drop),
    ]
