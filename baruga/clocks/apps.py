from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "baruga.clocks"
    label = "clocks"

    def ready(self):
        from baruga.clocks import checks  # noqa: F401  (registers the system checks)
