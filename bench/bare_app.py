"""The bare Django app bench/http_vs_bare.py serves beside the product: one model Item(name,
created_at), a JSON view that creates one (POST /items) and one that reads one by id (GET
/items/{id}), Django's startproject middleware, no authentication. Written into a temp dir at run
time."""

import textwrap
from pathlib import Path

BARE_FILES = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baresite.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
    """,
    "baresite/__init__.py": "",
    "baresite/settings.py": """
        import os

        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        DEBUG = False
        ALLOWED_HOSTS = ["127.0.0.1"]
        INSTALLED_APPS = [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "items",
        ]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ]
        ROOT_URLCONF = "baresite.urls"
        WSGI_APPLICATION = "baresite.wsgi.application"
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": os.environ["BARE_DB_NAME"],
                "USER": os.environ["BARE_DB_USER"],
                "HOST": os.environ["BARE_DB_HOST"],
                "PORT": os.environ["BARE_DB_PORT"],
                "CONN_MAX_AGE": int(os.environ["BARE_CONN_MAX_AGE"]),
            }
        }
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        USE_TZ = True
        TIME_ZONE = "Europe/Amsterdam"
    """,
    "baresite/urls.py": """
        from django.urls import path

        from items import views

        urlpatterns = [
            path("items", views.create),
            path("items/<int:item_id>", views.read),
        ]
    """,
    "baresite/wsgi.py": """
        import gc
        import os

        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baresite.settings")
        application = get_wsgi_application()
        # As the product's config/wsgi.py does: the views imported and what start-up loaded frozen.
        get_resolver().url_patterns
        gc.collect()
        gc.freeze()
    """,
    "items/__init__.py": "",
    "items/models.py": """
        from django.db import models


        class Item(models.Model):
            name = models.CharField(max_length=200)
            created_at = models.DateTimeField(auto_now_add=True)
    """,
    "items/migrations/__init__.py": "",
    "items/migrations/0001_initial.py": """
        from django.db import migrations, models


        class Migration(migrations.Migration):
            initial = True
            dependencies = []
            operations = [
                migrations.CreateModel(
                    name="Item",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                        ("name", models.CharField(max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                ),
            ]
    """,
    "items/views.py": """
        import json

        from django.http import Http404, JsonResponse
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.http import require_GET, require_POST

        from items.models import Item


        def as_json(item):
            return {"id": item.pk, "name": item.name, "created_at": item.created_at.isoformat()}


        @csrf_exempt
        @require_POST
        def create(request):
            try:
                name = str(json.loads(request.body)["name"])[:200]
            except (ValueError, KeyError, TypeError):
                return JsonResponse({"detail": "name is required"}, status=422)
            return JsonResponse(as_json(Item.objects.create(name=name)), status=201)


        @require_GET
        def read(request, item_id):
            try:
                return JsonResponse(as_json(Item.objects.get(pk=item_id)))
            except Item.DoesNotExist:
                raise Http404
    """,
}


def write_bare_app(directory: Path) -> None:
    for name, text in BARE_FILES.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip())
