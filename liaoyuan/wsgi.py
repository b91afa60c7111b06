import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
application = get_wsgi_application()

from liaoyuan.core.startup import freeze_loaded_site  # noqa: E402 - after the settings are set up

freeze_loaded_site()
