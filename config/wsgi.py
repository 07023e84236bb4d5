"""The WSGI application that gunicorn serves (`make serve`, bench/http_vs_bare.py).

Once the application is loaded, every view module is imported (the URL conf, which Django would
otherwise import on the first request) and what is loaded so far is taken out of the cyclic garbage
collector's sight (`gc.freeze`). Python's full collection walks every tracked object; after start-up
those are some 220,000 objects of Django, the product and its libraries, which live as long as the
process, and walking them took 0.1 s. Such a collection came about once in sixty case creates and
reads; after the freeze it walks only what requests made. With gunicorn's `preload_app`
(config/gunicorn.py) this runs once in the master, before the workers fork."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (importing the views is the point)
gc.collect()
gc.freeze()
