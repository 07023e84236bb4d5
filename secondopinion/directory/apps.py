from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "secondopinion.directory"
    label = "directory"

    def ready(self) -> None:
        # Identity verified through an OpenID Connect provider's BSN claim (directory/oidc.py).
        from secondopinion.directory.oidc import connect

        connect()
