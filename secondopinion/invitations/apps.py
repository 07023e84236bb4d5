from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "secondopinion.invitations"
    label = "invitations"
    verbose_name = "invitations"
