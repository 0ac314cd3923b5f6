from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def no_nul(text: str) -> str:
    # PostgreSQL cannot store the NUL character in text.
    if "\x00" in text:
        raise ValueError("must not contain the NUL character")
    return text


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(no_nul)]
Description = Annotated[str, Field(max_length=10_000), AfterValidator(no_nul)]


class ItemCreate(BaseModel):
    title: Title
    description: Description = ""


class ItemUpdate(BaseModel):
    title: Title | None = None
    description: Description | None = None


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str
    created_at: datetime
    published_at: datetime | None


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    limit: int
    offset: int


class JobAccepted(BaseModel):
    job_id: str
