import pytest
from httpx import AsyncClient


async def create(client: AsyncClient, auth: dict[str, str], title: str = "First") -> int:
    response = await client.post("/items", json={"title": title}, headers=auth)
    assert response.status_code == 201, response.text
    item_id: int = response.json()["id"]
    return item_id


async def test_create_then_read_an_item(client: AsyncClient, auth: dict[str, str]) -> None:
    """A created item reads back with its fields, unpublished."""
    response = await client.post(
        "/items", json={"title": "Lamp", "description": "Brass"}, headers=auth
    )
    read = await client.get(f"/items/{response.json()['id']}", headers=auth)

    assert response.status_code == 201
    assert read.status_code == 200
    assert read.json() | {"id": 0, "created_at": ""} == {
        "id": 0,
        "title": "Lamp",
        "description": "Brass",
        "created_at": "",
        "published_at": None,
    }


async def test_list_is_paginated_newest_first(client: AsyncClient, auth: dict[str, str]) -> None:
    """Listing returns one page, newest first, with the total."""
    for title in ("a", "b", "c"):
        await create(client, auth, title)

    response = await client.get("/items", params={"limit": 2, "offset": 1}, headers=auth)

    assert response.status_code == 200
    page = response.json()
    assert [item["title"] for item in page["items"]] == ["b", "a"]
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)


async def test_list_shows_only_your_items(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    """Another user's items never appear in your list."""
    await create(client, other_auth)

    response = await client.get("/items", headers=auth)

    assert response.json()["total"] == 0


async def test_update_changes_the_given_fields(client: AsyncClient, auth: dict[str, str]) -> None:
    """PATCH changes the fields it is given and keeps the others."""
    item_id = await create(client, auth)
    await client.patch(f"/items/{item_id}", json={"description": "New"}, headers=auth)

    item = (await client.get(f"/items/{item_id}", headers=auth)).json()

    assert (item["title"], item["description"]) == ("First", "New")


async def test_delete_removes_the_item(client: AsyncClient, auth: dict[str, str]) -> None:
    """DELETE answers 204, then the item is gone."""
    item_id = await create(client, auth)

    deleted = await client.delete(f"/items/{item_id}", headers=auth)
    read = await client.get(f"/items/{item_id}", headers=auth)

    assert (deleted.status_code, read.status_code) == (204, 404)


@pytest.mark.parametrize(
    ("method", "body"),
    [("GET", None), ("PATCH", {"title": "Mine now"}), ("DELETE", None), ("POST", None)],
    ids=["read", "update", "delete", "publish"],
)
async def test_others_items_are_not_found(
    client: AsyncClient,
    auth: dict[str, str],
    other_auth: dict[str, str],
    method: str,
    body: dict[str, str] | None,
) -> None:
    """Another user's item answers 404 to every operation, as if it did not exist."""
    item_id = await create(client, other_auth)
    url = f"/items/{item_id}/publish" if method == "POST" else f"/items/{item_id}"

    response = await client.request(method, url, json=body, headers=auth)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"title": ""}, {"title": "x" * 201}, {"title": "a\x00b"}],
    ids=["no-title", "empty-title", "long-title", "nul-character"],
)
async def test_create_validates_its_input(
    client: AsyncClient, auth: dict[str, str], body: dict[str, str]
) -> None:
    """Invalid items are refused with 422."""
    response = await client.post("/items", json=body, headers=auth)

    assert response.status_code == 422


async def test_a_title_with_a_lone_surrogate_is_a_client_error(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    """Half of a surrogate pair, which JSON can spell but no column can hold, gets a 400."""
    headers = auth | {"Content-Type": "application/json"}

    response = await client.post("/items", content='{"title": "\\ud800"}', headers=headers)

    assert response.status_code == 400


async def test_items_require_a_token(client: AsyncClient) -> None:
    """Without a token, the items answer 401."""
    response = await client.get("/items")

    assert response.status_code == 401
