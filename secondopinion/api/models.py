import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from secondopinion.api.scopes import SCOPES, scopes_for
from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a system. Only its SHA-256 is stored; it expires and can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8, help_text="The first characters, to recognise a token by.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(
        default=list, blank=True, help_text="What the token may be used for, e.g. cases:read."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(
        cls, *, user: models.Model, name: str = "", scopes: list[str] | None = None
    ) -> tuple["ApiToken", str]:
        """Create a token with the chosen scopes (by default every scope the user's roles can use);
        the secret is returned once and never stored."""
        allowed = scopes_for(user)  # type: ignore[arg-type]
        chosen = set(allowed if scopes is None else scopes)
        unknown = sorted(chosen - set(SCOPES))
        if unknown:
            raise InvalidInput(
                Text(
                    f"Onbekende scope: {', '.join(unknown)}. Kies uit: {', '.join(SCOPES)}.",
                    f"Unknown scope: {', '.join(unknown)}. Choose from: {', '.join(SCOPES)}.",
                ),
                field="scopes",
            )
        beyond = sorted(chosen - allowed)
        if beyond:
            raise InvalidInput(
                Text(
                    f"Uw rollen geven geen recht op: {', '.join(beyond)}.",
                    f"Your roles do not allow: {', '.join(beyond)}.",
                ),
                field="scopes",
            )
        if not chosen:
            raise InvalidInput(
                Text("Kies ten minste één scope.", "Choose at least one scope."), field="scopes"
            )
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            scopes=sorted(chosen),
            prefix=secret[:8],
            key_hash=token_hash(secret),
            expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
        )
        return token, secret

    def allows(self, scope: str | None) -> bool:
        """Whether the token may be used where `scope` is needed. A scope the user's roles cannot use
        at all is left to those roles to refuse (a stranger gets 404, as everywhere): a scope only
        narrows what the roles allow. An endpoint that declares no scope is open only to a token that
        was not narrowed: one holding every scope its user's roles can use."""
        held = set(self.scopes or ())
        if scope is None:
            return held >= scopes_for(self.user)
        return scope in held or scope not in scopes_for(self.user)

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active


class IdempotentRequest(models.Model):
    """A create sent with an Idempotency-Key (api/idempotency.py): the key, per user, the request it
    came with (as a SHA-256 of its fields) and what that request made, so the same request sent again
    answers with the same case instead of making a second one. Holds no patient data of its own."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    operation = models.CharField(max_length=60)
    digest = models.CharField(max_length=64)
    case = models.ForeignKey(
        "cases.SecondOpinionCase", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]
        indexes = [models.Index(fields=["user", "created_at"], name="idempotency_key_age")]

    def __str__(self) -> str:
        return f"{self.operation} {self.key[:12]} ({self.user_id})"
