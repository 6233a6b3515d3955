from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "baruga.directory"
    label = "directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction
        from baruga.lib import refcache

        # Every filing reads these through the reference cache: any change moves its version.
        for model in (Jurisdiction, Category, CategoryRoute, Agency, District):
            for signal in (post_save, post_delete):
                signal.connect(refcache.changed, sender=model, dispatch_uid=f"refcache.{model.__name__}.{signal}")
