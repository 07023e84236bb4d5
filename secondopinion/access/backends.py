"""The authentication backends: Django's and django-allauth's, except that the user of a session is read
with who they are in the directory (access/identity.py `user_with_identity`) in one query, instead of
the user first and the identity again when the page asks what the user may do."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from secondopinion.access.identity import user_with_identity


class IdentityBackend(ModelBackend):
    """Passwords as Django's ModelBackend checks them (staff and practitioners log in at /login/)."""

    def get_user(self, user_id: Any) -> Any:
        user = user_with_identity(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class IdentityAccountBackend(AuthenticationBackend):
    """Patients' accounts as django-allauth checks them (e-mail or username, /account/)."""

    def get_user(self, user_id: Any) -> Any:
        user = user_with_identity(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
