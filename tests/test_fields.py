import pytest

from scaffold.errors import ScaffoldError
from scaffold.fields import USER, Field, FieldType, parse_field, parse_fields
from scaffold.names import resource_names

PRODUCT = resource_names("Product")
RESOURCES = {"product": PRODUCT}


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ("name:str", Field("name", FieldType.STR, 200)),
        ("name:str:120", Field("name", FieldType.STR, 120)),
        ("body:text", Field("body", FieldType.TEXT)),
        ("count:int", Field("count", FieldType.INT)),
        ("price:decimal", Field("price", FieldType.DECIMAL)),
        ("in_stock:bool", Field("in_stock", FieldType.BOOL)),
        ("due:date", Field("due", FieldType.DATE)),
        ("starts_at:datetime", Field("starts_at", FieldType.DATETIME)),
        ("contact:email", Field("contact", FieldType.EMAIL, 254)),
        ("site:url", Field("site", FieldType.URL, 200)),
        ("site:url:500", Field("site", FieldType.URL, 500)),
        ("author:ref:user", Field("author", FieldType.REF, ref=USER)),
        ("product:ref:Product", Field("product", FieldType.REF, ref=PRODUCT)),
        ("product:ref:product", Field("product", FieldType.REF, ref=PRODUCT)),
        ("notes:text:optional", Field("notes", FieldType.TEXT, optional=True)),
        ("sku:str:40:unique:index", Field("sku", FieldType.STR, 40, unique=True, index=True)),
        ("order:int", Field("order", FieldType.INT)),  # an SQL keyword: the ORMs quote it
        ("group:str:optional", Field("group", FieldType.STR, 200, optional=True)),
    ],
)
def test_parse_field(spec: str, field: Field) -> None:
    """Every type and modifier parses, with Django's default lengths where none is given."""
    assert parse_field(spec, RESOURCES) == field


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([], "at least one field"),
        (["name"], "is not NAME:TYPE"),
        (["name:string"], "unknown type 'string'"),
        (["name:str:huge"], "unknown modifier 'huge'"),
        (["name:str:0"], "between 1 and"),
        (["name:str:100000"], "between 1 and"),
        (["owner2:ref"], "names no resource"),
        (["thing:ref:Gadget"], "'Gadget', which is not a resource here"),
        (["Name:str"], "is not a field name"),
        (["1st:str"], "is not a field name"),
        (["unit__price:decimal"], "is not a field name"),
        (["class:str"], "a Python keyword"),
        (["type:str"], "a Python builtin"),
        (["id:int"], "has 'id' already"),
        (["owner:ref:user"], "has 'owner' already"),
        (["limit:int"], "uses 'limit' already"),
        (["metadata:text"], "uses 'metadata' already"),
        (["json:text"], "uses 'json' already"),
        (["label:str"], "uses 'label' already"),
        (["save:bool"], "uses 'save' already"),
        (["model_name:str"], "uses 'model_name' already"),
        (["a_very_long_field_name_indeed_yes:str"], "longer than 28 characters"),
        (["name:str", "name:text"], "given twice"),
        (["author:ref:user", "author_id:int"], "given twice"),
    ],
)
def test_parse_fields_refuses(specs: list[str], message: str) -> None:
    """Bad field specs are refused with a line that says what is wrong."""
    with pytest.raises(ScaffoldError, match=message):
        parse_fields(specs, RESOURCES)


def test_field_answer_is_the_sub_template_contract() -> None:
    """A field reaches the template with every key present (templates/resource/README.md)."""
    answer = parse_field("product:ref:Product:optional", RESOURCES).answer()

    assert answer == {
        "name": "product",
        "type": "ref",
        "length": None,
        "optional": True,
        "unique": False,
        "index": False,
        "ref": {"class": "Product", "singular": "product", "module": "products"},
    }
