from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "baruga.security"
    label = "security"

    def ready(self):
        from baruga.security import checks  # noqa: F401  (registers the system checks)
        from baruga.security import receivers  # noqa: F401  (detection: sign-ins, lock-outs, privileges)
