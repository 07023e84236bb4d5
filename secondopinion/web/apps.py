from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "secondopinion.web"
    label = "web"

    def ready(self) -> None:
        from secondopinion.core import checks  # noqa: F401 (registers the deployment checks)
