"""The resources this project serves, one package each: `scaffold add resource` adds a line here.

create_app registers each one's blueprints, which also loads its models for Flask-Migrate and
its tasks (if any) for the Celery worker.
"""

RESOURCES: list[str] = []
