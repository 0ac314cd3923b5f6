"""Celery, configured from the Flask app, with tasks that run inside its app context."""

from typing import Any

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task[Any, Any]):
        # A task reaches the database through the app, in the worker as in the web process.
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app: Celery = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    # `shared_task` tasks bind to the app made last: the one this Flask app uses.
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
