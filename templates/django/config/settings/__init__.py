"""Settings by environment: `local` for development, `test` for pytest, `production` to deploy.

`DJANGO_SETTINGS_MODULE` picks one; `manage.py` defaults to `local`, the WSGI and ASGI entry points
to `production`. Each module starts from `base` and reads its values from the environment.
"""
