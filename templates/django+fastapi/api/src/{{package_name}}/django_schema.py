"""Django's column types in SQLAlchemy's terms: the API maps Django's tables as they are."""

from sqlalchemy import BigInteger, Integer

# Django's BigAutoField: bigint on PostgreSQL, SQLite's autoincrementing integer (rowid) there.
DjangoId = BigInteger().with_variant(Integer(), "sqlite")
