"""A resource's fields, as `scaffold add resource` takes them: NAME:TYPE[:ARG][:MODIFIER]..."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scaffold.errors import ScaffoldError
from scaffold.names import MAX_MODULE, ResourceNames, python_clash


class FieldType(StrEnum):
    STR = "str"
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    EMAIL = "email"
    URL = "url"
    REF = "ref"


class Modifier(StrEnum):
    OPTIONAL = "optional"
    UNIQUE = "unique"
    INDEX = "index"


# The types that take a length (`str:120`), and theirs when none is given: Django's defaults.
DEFAULT_LENGTHS = {FieldType.STR: 200, FieldType.EMAIL: 254, FieldType.URL: 200}
_MAX_LENGTH = 10_000
# Columns every resource has already, or that its code uses for itself.
_TAKEN = frozenset({"id", "pk", "owner", "owner_id", "created_at", "updated_at", "ordering"})
# Names the generated code or its frameworks give a meaning: the list's paging parameters, the
# datetime module's alias, what models.py imports, Django's model methods and manager, DRF's
# serializer attributes and query parameters, SQLAlchemy's declarative attributes, pydantic's
# BaseModel methods.
_MEANT = frozenset(
    {
        "limit", "offset", "page", "dt", "models", "settings", "reverse",
        "objects", "clean", "save", "delete", "full_clean", "get_absolute_url",
        "data", "errors", "context", "instance", "source", "parent", "fields", "initial",
        "partial", "required", "default", "validators", "label",
        "metadata", "registry",
        "json", "copy", "dict", "schema", "schema_json", "validate", "construct", "parse_obj",
        "parse_raw", "parse_file", "from_orm", "update_forward_refs",
    }
)  # fmt: skip
# The user model, which `ref:user` names; its table is `users` in every stack.
USER = ResourceNames("User", "user", "users", "users")


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    length: int | None = None
    optional: bool = False
    unique: bool = False
    index: bool = False
    ref: ResourceNames | None = None

    def answer(self) -> dict[str, object]:
        """The field as the resource sub-template reads it (templates/resource/README.md)."""
        ref = self.ref
        return {
            "name": self.name,
            "type": str(self.type),
            "length": self.length,
            "optional": self.optional,
            "unique": self.unique,
            "index": self.index,
            "ref": None
            if ref is None
            else {"class": ref.cls, "singular": ref.singular, "module": ref.module},
        }


def parse_fields(specs: Sequence[str], resources: Mapping[str, ResourceNames]) -> tuple[Field, ...]:
    """Parse the fields; `resources` are those a `ref:` may name, by lowercase class name."""
    if not specs:
        raise ScaffoldError("give the resource at least one field, such as name:str")
    fields = tuple(parse_field(spec, resources) for spec in specs)
    seen: set[str] = set()
    for field in fields:
        # A ref's column is NAME_id: `author:ref:user` and `author_id:int` would collide.
        columns = {field.name, f"{field.name}_id"} if field.type == FieldType.REF else {field.name}
        if clash := columns & seen:
            raise ScaffoldError(
                f"the field '{field.name}' is given twice ({', '.join(sorted(clash))})"
            )
        seen |= columns
    return fields


def parse_field(spec: str, resources: Mapping[str, ResourceNames]) -> Field:
    name, _, rest = spec.partition(":")
    if not rest:
        raise ScaffoldError(
            f"'{spec}' is not NAME:TYPE: give each field a type, such as {spec}:str"
        )
    _check_name(name, spec)
    kind, *parts = rest.split(":")
    try:
        field_type = FieldType(kind)
    except ValueError:
        raise ScaffoldError(
            f"unknown type '{kind}' in '{spec}': use one of {', '.join(FieldType)}"
        ) from None
    length, ref = DEFAULT_LENGTHS.get(field_type), None
    if field_type in DEFAULT_LENGTHS and parts and parts[0].isdigit():
        length = int(parts.pop(0))
        if not 1 <= length <= _MAX_LENGTH:
            raise ScaffoldError(f"the length in '{spec}' must be between 1 and {_MAX_LENGTH}")
    if field_type == FieldType.REF:
        if not parts or not parts[0]:
            raise ScaffoldError(
                f"'{spec}' names no resource: write {name}:ref:user or {name}:ref:OTHER"
            )
        ref = _referenced(parts.pop(0), spec, resources)
    modifiers = set()
    for part in parts:
        try:
            modifiers.add(Modifier(part))
        except ValueError:
            raise ScaffoldError(
                f"unknown modifier '{part}' in '{spec}': use {', '.join(Modifier)}"
            ) from None
    return Field(
        name,
        field_type,
        length,
        optional=Modifier.OPTIONAL in modifiers,
        unique=Modifier.UNIQUE in modifiers,
        index=Modifier.INDEX in modifiers,
        ref=ref,
    )


def _check_name(name: str, spec: str) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name.endswith("_") or "__" in name:
        raise ScaffoldError(
            f"'{name}' in '{spec}' is not a field name: use lowercase snake_case (unit_price)"
        )
    if name in _TAKEN:
        raise ScaffoldError(f"every resource has '{name}' already: pick another field name")
    if name in _MEANT or name.startswith("model_"):
        raise ScaffoldError(f"the generated code uses '{name}' already: pick another field name")
    if len(name) > MAX_MODULE:
        raise ScaffoldError(f"the field name '{name}' is longer than {MAX_MODULE} characters")
    if reason := python_clash(name):
        raise ScaffoldError(f"the field name '{name}' is {reason}: pick another")


def _referenced(target: str, spec: str, resources: Mapping[str, ResourceNames]) -> ResourceNames:
    key = target.replace("_", "").replace("-", "").lower()
    if key == "user":
        return USER
    if key in resources:
        return resources[key]
    known = ", ".join(["user", *(names.cls for names in resources.values())])
    raise ScaffoldError(f"'{spec}' refers to '{target}', which is not a resource here ({known})")
