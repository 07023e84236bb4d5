"""TM_DOCUMENT_STORAGE chooses where documents live: the filesystem by default, or S3 (no network)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from secondopinion.documents.storage import documents_storage


def test_the_default_is_the_filesystem_under_media_root(monkeypatch, tmp_path):
    monkeypatch.delenv("TM_DOCUMENT_STORAGE", raising=False)

    config = documents_storage(tmp_path)

    assert config["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["OPTIONS"]["location"] == str(tmp_path)


def test_the_s3_choice_configures_a_private_s3_bucket(monkeypatch, tmp_path, settings):
    monkeypatch.setenv("TM_DOCUMENT_STORAGE", "s3")
    monkeypatch.setenv("TM_S3_BUCKET", "tm-documenten")
    monkeypatch.setenv("TM_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("TM_S3_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")

    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(tmp_path)}
    storage = storages["documents"]

    from storages.backends.s3 import S3Storage

    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "tm-documenten"
    assert storage.endpoint_url == "http://127.0.0.1:9000"
    assert storage.region_name == "eu-west-1"
    assert storage.default_acl == "private"
    assert storage.file_overwrite is False


def test_s3_without_a_bucket_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TM_DOCUMENT_STORAGE", "s3")
    monkeypatch.delenv("TM_S3_BUCKET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="TM_S3_BUCKET"):
        documents_storage(tmp_path)


def test_an_unknown_storage_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TM_DOCUMENT_STORAGE", "ftp")

    with pytest.raises(ImproperlyConfigured, match="filesystem or s3"):
        documents_storage(tmp_path)
