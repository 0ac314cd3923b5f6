"""What the resources' pages and JSON APIs share (see resources.py): the signed-in user, JSON
bodies read through the same forms as the pages, and the list's filters, ordering and pages."""

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn, cast

from flask import abort, make_response, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateTimeLocalField, DecimalField, IntegerField, SelectField

from .extensions import db, login_manager
from .models import User

# The `integer` columns' range: a larger number would make the database refuse the query.
MIN_INT, MAX_INT = -(2**31), 2**31 - 1
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


def signed_in_user() -> User:
    return cast(User, current_user)


def require_page_login() -> ResponseReturnValue | None:
    """A pages blueprint's `before_request`: others go to the login page and come back."""
    if not current_user.is_authenticated:
        return cast(ResponseReturnValue, login_manager.unauthorized())
    return None


def require_api_login() -> None:
    """An API blueprint's `before_request`: a 401 in JSON, not a login page."""
    if not current_user.is_authenticated:
        abort(401)


def readable(row: Any) -> bool:
    """Whether the signed-in user may see `row`. A shared resource's row can refer to an owned
    one's, which its pages then leave unnamed; rows of other tables (users) are no secret."""
    model = type(row)
    if not hasattr(model, "readable_by"):
        return True
    visible = select(model.id).where(model.readable_by(signed_in_user()))
    return db.session.scalar(visible.where(model.id == row.id)) is not None


def utc(value: datetime) -> datetime:
    """`value` in UTC. SQLite keeps no time zone: what it returns was stored in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_value(value: object) -> object:
    """A column's value as JSON has it: a decimal as a string (JSON's numbers are floats), a date
    in ISO 8601, a time in UTC."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def choices(model: Any, *, optional: bool) -> list[tuple[object, str]]:
    """A `SelectField`'s choices: the rows of `model` that the signed-in user may see, by id and
    name, after a blank one if `optional`."""
    rows = select(model).order_by(model.id)
    if hasattr(model, "readable_by"):
        rows = rows.where(model.readable_by(signed_in_user()))
    blank: list[tuple[object, str]] = [("", "—")] if optional else []
    return blank + [(row.id, str(row)) for row in db.session.scalars(rows)]


def refuse(errors: Mapping[str, list[str]], status: int = 400) -> NoReturn:
    """Answer `status` with the errors by field, as the API's forms do."""
    abort(make_response({"errors": errors}, status))


# --- JSON bodies, read by the pages' forms -------------------------------------------------


def form_text(field: object, value: object) -> str | None:
    """`value`, from JSON or a row, as the text a browser would send in `field`; None when a value
    of its type has no place there (a number for a date, a string for a yes/no)."""
    if isinstance(field, BooleanField):
        return ("y" if value else "") if value is None or isinstance(value, bool) else None
    if value is None:
        return ""  # empty: `Optional()` lets it through as None, a required field refuses it
    if isinstance(value, bool):
        return None  # Python's True is an int: not a number here
    if isinstance(field, IntegerField | SelectField):
        return str(value) if isinstance(value, int) else None
    if isinstance(field, DecimalField):
        return str(value) if isinstance(value, int | float | str | Decimal) else None
    if isinstance(field, DateTimeLocalField):
        if isinstance(value, datetime):
            return utc(value).strftime("%Y-%m-%dT%H:%M:%S")
        if not isinstance(value, str):
            return None
        try:
            return utc(datetime.fromisoformat(value)).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return value  # the field says what is wrong with it
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def json_form[F: FlaskForm](
    form_class: Callable[..., F], current: Mapping[str, object] | None = None, **kwargs: Any
) -> F:
    """The form validated against the request's JSON object, laid over `current` (a PATCH
    changes what it sends and keeps the rest); a 422 with the errors by field if it fails."""
    body = request.get_json()  # 415 unless JSON; an object, as `security.check_json_body` made sure
    values = {**(current or {}), **body}
    # Empty at first: a field given raw JSON could fail with a TypeError, not a form error.
    form = form_class(formdata=MultiDict(), **kwargs)
    data = MultiDict[str, str]()
    errors: dict[str, list[str]] = {}
    for field in form:
        if field.name in values:
            text = form_text(field, values[field.name])
            if text is None:
                errors[field.name] = ["Not a valid value of this type."]
            else:
                data[field.name] = text
    form.process(formdata=data)
    if not form.validate() or errors:
        refuse({**form.errors, **errors}, 422)
    return form


# --- lists: filters, ordering, pages -------------------------------------------------------


def parse_int(text: str) -> int:
    number = int(text)
    if not MIN_INT <= number <= MAX_INT:
        msg = "out of range"
        raise ValueError(msg)
    return number


def parse_decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= 10**20:
        raise ValueError(text)
    return number


def parse_bool(text: str) -> bool:
    answers = {"true": True, "1": True, "false": False, "0": False}
    if text.lower() not in answers:
        raise ValueError(text)
    return answers[text.lower()]


def parse_datetime(text: str) -> datetime:
    return utc(datetime.fromisoformat(text))


def parse_text(text: str) -> str:
    if "\x00" in text:
        raise ValueError(text)  # no database column holds one
    return text


# How each query parameter of a list is read: its column, and the function that parses its text.
type Filters = Mapping[str, tuple[InstrumentedAttribute[Any], Callable[[str], object]]]
PARSERS: dict[type, Callable[[str], object]] = {
    int: parse_int,
    Decimal: parse_decimal,
    bool: parse_bool,
    date: date.fromisoformat,
    datetime: parse_datetime,
    str: parse_text,
}


def filtered[T](statement: Select[T], filters: Filters) -> Select[T]:
    """`statement` narrowed to the rows whose fields equal the query's `?field=value`s."""
    for name, (column, parse) in filters.items():
        if name not in request.args:
            continue
        try:
            value = parse(request.args[name])
        except ValueError:
            refuse({name: ["Not a valid value to filter by."]})
        statement = statement.where(column == value)
    return statement


def ordered[T](
    statement: Select[T], columns: Mapping[str, InstrumentedAttribute[Any]]
) -> Select[T]:
    """`statement` in the order of `?ordering=field` (descending with `-field`), then by id."""
    ordering = request.args.get("ordering", "id")
    column = columns.get(ordering.removeprefix("-"))
    if column is None:
        refuse({"ordering": [f"Order by one of {', '.join(columns)}, or -field."]})
    return statement.order_by(column.desc() if ordering.startswith("-") else column.asc()).order_by(
        columns["id"]
    )


def page_argument(name: str, default: int, maximum: int, minimum: int = 0) -> int:
    try:
        value = int(request.args.get(name, default))
    except ValueError:
        refuse({name: ["Not a whole number."]})
    if not minimum <= value <= maximum:
        refuse({name: [f"Between {minimum} and {maximum}."]})
    return value


def page[T](statement: Select[T], as_json: Callable[[T], dict[str, object]]) -> dict[str, object]:
    """One page of the rows, `?limit=` (20, at most 100) from `?offset=`, and how many in all."""
    limit = page_argument("limit", PAGE_SIZE, MAX_PAGE_SIZE, minimum=1)
    offset = page_argument("offset", 0, MAX_INT)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(statement.limit(limit).offset(offset))
    return {
        "items": [as_json(row) for row in rows],
        "total": total,
        "limit": limit,
        "offset": offset,
    }
