from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


class Readiness(Health):
    # "disabled" when no REDIS_URL is set: jobs then run inline.
    redis: Literal["ok", "disabled"]
