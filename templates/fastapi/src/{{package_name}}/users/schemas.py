from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class UserCreate(BaseModel):
    email: EmailStr
    # Argon2 hashes any length; the cap only keeps hashing time bounded.
    password: str = Field(min_length=8, max_length=128)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    # Validated on the way in; a plain string on the way out costs less.
    email: str
    created_at: datetime
