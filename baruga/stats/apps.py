from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "baruga.stats"
    label = "stats"
    verbose_name = "Statistik"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from baruga.stats import receivers  # noqa: F401  (a deleted report leaves the rollups)
