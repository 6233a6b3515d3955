from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "baruga.clocks"
    label = "clocks"

    def ready(self):
        from baruga.clocks import checks  # noqa: F401  (registers the system checks)
        from django.db.models.signals import post_delete, post_save

        from baruga.clocks.models import CalendarDay, ClockPolicy
        from baruga.lib import refcache

        # Deadlines are computed from these through the reference cache: any change moves its version.
        for model in (CalendarDay, ClockPolicy):
            for signal in (post_save, post_delete):
                signal.connect(refcache.changed, sender=model, dispatch_uid=f"refcache.{model.__name__}.{signal}")
