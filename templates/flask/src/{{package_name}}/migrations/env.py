"""Alembic's entry point for `flask db`: migrates the app's database to the models."""

from logging.config import fileConfig

from alembic import context
from flask import current_app

# Flask-Migrate hands over the app's extension; Alembic loads this file outside the package.
migrate = current_app.extensions["migrate"]
db = migrate.db

if context.config.config_file_name is not None:
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)


def run_migrations() -> None:
    options = migrate.configure_args
    if context.is_offline_mode():
        # `flask db upgrade --sql`: print the SQL instead of running it.
        url = db.engine.url.render_as_string(hide_password=False)
        context.configure(url=url, target_metadata=db.metadata, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=db.metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
