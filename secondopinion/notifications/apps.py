from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "secondopinion.notifications"
    label = "notifications"
    verbose_name = "Notifications"
