"""django-allauth's settings for patient accounts (config/settings.py imports them): self-registration
with a verified e-mail address, password reset, e-mail change, rate limits, and one OpenID Connect
provider (DigiD through a broker) when TM_OIDC_SERVER_URL and TM_OIDC_CLIENT_ID are set."""

from config.env import env_str

ACCOUNT_ADAPTER = "secondopinion.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Tweede Mening: "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's rate limits (on by default; written out so they are visible and tunable).
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "confirm_email": "1/180s/key",
}
SOCIALACCOUNT_ADAPTER = "allauth.socialaccount.adapter.DefaultSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
# One OpenID Connect provider, only when configured (what happens after its login: identity verification).
if env_str("TM_OIDC_SERVER_URL", "") and env_str("TM_OIDC_CLIENT_ID", ""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env_str("TM_OIDC_PROVIDER_ID", "digid"),
                "name": env_str("TM_OIDC_NAME", "DigiD"),
                "client_id": env_str("TM_OIDC_CLIENT_ID", ""),
                "secret": env_str("TM_OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": env_str("TM_OIDC_SERVER_URL", "")},
            }
        ],
    }
