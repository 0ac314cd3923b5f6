"""The site's forms. Flask-WTF adds a CSRF token to each and checks it on submit."""

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, Field, PasswordField, StringField, TextAreaField
from wtforms.validators import (
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


class ItemForm(FlaskForm):
    title = StringField("Title", validators=[storable, DataRequired(), Length(max=200)])
    body = TextAreaField("Text", validators=[storable, Length(max=10_000)])
