"""Where documents are kept: the "documents" entry of STORAGES, chosen by TM_DOCUMENT_STORAGE.

`filesystem` (the default) keeps them under MEDIA_ROOT/documents (var/media unless TM_MEDIA_ROOT
says otherwise); `s3` keeps them in an S3-compatible bucket through django-storages: TM_S3_BUCKET,
TM_S3_ENDPOINT_URL (empty for AWS itself), TM_S3_REGION, and the keys AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY (left to boto3's own chain when unset). Read by config/settings.py, so it
imports no models.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str


def documents_storage(media_root: Path) -> dict[str, Any]:
    choice = env_str("TM_DOCUMENT_STORAGE", "filesystem").strip().lower()
    if choice == "filesystem":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            # Not under any served URL: a document leaves only through the access-checked download view.
            "OPTIONS": {"location": str(media_root), "file_permissions_mode": 0o600},
        }
    if choice == "s3":
        bucket = env_str("TM_S3_BUCKET", "")
        if not bucket:
            raise ImproperlyConfigured("TM_DOCUMENT_STORAGE=s3 needs TM_S3_BUCKET.")
        options: dict[str, Any] = {
            "bucket_name": bucket,
            "endpoint_url": env_str("TM_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("TM_S3_REGION", "") or None,
            # Never public: a file leaves only through the download view, which logs it.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }
        for option, variable in (
            ("access_key", "AWS_ACCESS_KEY_ID"),
            ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ):
            value = env_str(variable, "")
            if value:
                options[option] = value
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(f"TM_DOCUMENT_STORAGE must be filesystem or s3, not {choice!r}.")
