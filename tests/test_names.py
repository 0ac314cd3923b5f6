import pytest

from scaffold.errors import ScaffoldError
from scaffold.names import ResourceNames, resource_names


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Product", ResourceNames("Product", "product", "products", "products")),
        ("product", ResourceNames("Product", "product", "products", "products")),
        ("OrderLine", ResourceNames("OrderLine", "order_line", "order_lines", "order-lines")),
        ("order_line", ResourceNames("OrderLine", "order_line", "order_lines", "order-lines")),
        ("order-line", ResourceNames("OrderLine", "order_line", "order_lines", "order-lines")),
        ("Category", ResourceNames("Category", "category", "categories", "categories")),
        ("Address", ResourceNames("Address", "address", "addresses", "addresses")),
        ("Day", ResourceNames("Day", "day", "days", "days")),
        (
            "HTTPRequest",
            ResourceNames("HttpRequest", "http_request", "http_requests", "http-requests"),
        ),
    ],
)
def test_resource_names(typed: str, names: ResourceNames) -> None:
    """A resource's class, variable, module and URL names follow from what was typed."""
    assert resource_names(typed) == names


@pytest.mark.parametrize(
    "typed", ["", "1Product", "order line", "order__line", "product_", "Prödukt"]
)
def test_resource_names_refuse_what_is_no_name(typed: str) -> None:
    """What can't become a class name is refused, saying what would."""
    with pytest.raises(ScaffoldError, match="is not a resource name"):
        resource_names(typed)


def test_a_table_name_must_fit_postgres_identifiers() -> None:
    """ix_<table>_<column> stays within PostgreSQL's 63 bytes."""
    with pytest.raises(ScaffoldError, match="keep it to 28"):
        resource_names("VeryLongResourceNameForTheShop")
