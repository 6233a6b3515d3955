from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "baruga.intake"
    label = "intake"
    verbose_name = "WhatsApp/SMS"
