"""The site's forms. Flask-WTF adds a CSRF token to each and checks it on submit."""

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, DateTimeLocalField, Field, PasswordField, StringField
from wtforms.validators import (
    URL,
    DataRequired,
    EqualTo,
    Length,
    Regexp,
    StopValidation,
    ValidationError,
)

from .extensions import db
from .models import User


def storable(form: FlaskForm, field: Field) -> None:
    """Stop at what no column or password hash can take: a value that is not text (a JSON body
    can send any), a NUL character, or half of a UTF-16 surrogate pair. It comes first in each
    text field's validators, so that the later ones never pass such a value to a query."""
    value = field.data
    if value is None:
        return
    if not isinstance(value, str):
        raise StopValidation("Not a valid string.")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise StopValidation("This text holds an unpaired surrogate.") from None
    if "\x00" in value:
        raise StopValidation("This text holds a NUL character.")


def numeric(digits: int, places: int) -> Callable[[FlaskForm, Field], None]:
    """A validator for a `Numeric(digits, places)` column: a finite number that fits it."""

    def validate(form: FlaskForm, field: Field) -> None:
        value = field.data
        if not isinstance(value, Decimal):
            return
        if not value.is_finite():
            raise StopValidation("Not a valid decimal value.")
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise StopValidation(f"Use at most {places} decimal places.")
        if abs(value) >= 10 ** (digits - places):
            raise StopValidation(f"Use at most {digits - places} digits before the point.")

    return validate


def blank_as_none(value: str | None) -> str | None:
    """A filter for an optional text field: left empty, it stores NULL, not an empty string."""
    return value or None


def web_address(form: FlaskForm, field: StringField) -> None:
    """A URL that a link can follow: http or https, never `javascript:` or the like."""
    URL()(form, field)
    if not str(field.data).lower().startswith(("http://", "https://")):
        raise ValidationError("Use an http:// or https:// address.")


def optional_id(value: object) -> int | None:
    """A `SelectField`'s coerce for a row's id: none chosen (an empty value) is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(value)
    return int(value)


class UTCDateTimeField(DateTimeLocalField):
    """A date and time in UTC. The column keeps a time zone; the browser's input has none, so it
    shows and sends UTC."""

    def process_data(self, value: Any) -> None:
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        super().process_data(value)

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.replace(tzinfo=UTC)


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            storable,
            DataRequired(),
            Length(min=3, max=80),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, dots, dashes, underscores."),
        ],
    )
    password = PasswordField(
        "Password", validators=[storable, DataRequired(), Length(min=8, max=128)]
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[storable, EqualTo("password", message="The passwords differ.")],
    )

    def validate_username(self, field: StringField) -> None:
        if db.session.scalar(select(User.id).where(User.username == field.data)) is not None:
            raise ValidationError("This username is taken.")


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[storable, DataRequired()])
    password = PasswordField("Password", validators=[storable, DataRequired()])
    remember = BooleanField("Remember me")
