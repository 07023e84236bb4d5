from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "secondopinion.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # Identity verified through an OpenID Connect provider's BSN claim (directory/oidc.py).
        from secondopinion.directory.oidc import connect

        connect()
