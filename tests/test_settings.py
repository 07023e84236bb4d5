from django.conf import settings as django_settings

from config import settings as production


def test_passwords_are_hashed_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_dutch_is_the_default_language_and_english_is_offered():
    assert django_settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in django_settings.LANGUAGES] == ["nl", "en"]


def test_the_content_security_policy_allows_no_third_party_sources():
    for sources in production.SECURE_CSP.values():
        assert all(not str(source).startswith("http") for source in sources)
