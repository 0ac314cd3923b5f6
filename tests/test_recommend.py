import pytest

from scaffold.frameworks import Framework
from scaffold.recommend import DECISIONS, Need, recommend


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        pytest.param([Need.ADMIN, Need.FORMS], Framework.DJANGO, id="admin-and-forms"),
        pytest.param([Need.CONTENT], Framework.DJANGO, id="content-site"),
        pytest.param([Need.API_ONLY, Need.API_DOCS], Framework.FASTAPI, id="api-with-docs"),
        pytest.param([Need.WEBSOCKET], Framework.FASTAPI, id="websocket"),
        pytest.param([Need.ML_SERVING], Framework.FASTAPI, id="ml-serving"),
        pytest.param([Need.PROTOTYPE], Framework.FLASK, id="prototype"),
        pytest.param([Need.TEACHING, Need.DASHBOARD], Framework.FLASK, id="teaching-dashboard"),
        pytest.param([Need.FORMS, Need.WEBHOOKS, Need.SSE], Framework.FASTAPI, id="majority"),
        pytest.param([Need.ADMIN, Need.PUBLIC_API], Framework.DJANGO_FASTAPI, id="admin-and-api"),
        pytest.param([Need.SSE, Need.CRUD, Need.ADMIN], Framework.DJANGO_FASTAPI, id="admin-async"),
    ],
)
def test_recommends_the_framework_most_needs_point_to(
    needs: list[Need], expected: Framework
) -> None:
    """The framework named by most of the needs is recommended."""
    assert recommend(needs).framework is expected


def test_a_tie_goes_to_the_framework_of_the_first_need() -> None:
    """On a tie, the need the user named first decides."""
    assert recommend([Need.SCRIPT, Need.ADMIN]).framework is Framework.FLASK
    assert recommend([Need.ADMIN, Need.SCRIPT]).framework is Framework.DJANGO


def test_a_need_named_twice_counts_once() -> None:
    """Repeating a need does not outvote other needs."""
    result = recommend([Need.FORMS, Need.FORMS, Need.WEBHOOKS, Need.SSE])

    assert result.framework is Framework.FASTAPI
    assert result.scores[Framework.DJANGO] == 1


def test_reasons_are_those_of_the_recommended_framework() -> None:
    """Each reason given belongs to a need that points to the recommendation."""
    result = recommend([Need.ADMIN, Need.CRUD, Need.PROTOTYPE])

    assert result.reasons == (DECISIONS[Need.ADMIN][1], DECISIONS[Need.CRUD][1])


def test_an_admin_with_an_api_gives_both_with_their_reasons() -> None:
    """Admin plus a public API: django+fastapi, for Django's reasons and FastAPI's."""
    result = recommend([Need.ADMIN, Need.PUBLIC_API, Need.PROTOTYPE])

    assert result.framework is Framework.DJANGO_FASTAPI
    assert result.reasons[1:] == (DECISIONS[Need.ADMIN][1], DECISIONS[Need.PUBLIC_API][1])
    assert result.scores[Framework.DJANGO_FASTAPI] == 2


def test_every_need_has_a_decision() -> None:
    """The decision table covers every need the CLI offers."""
    assert set(DECISIONS) == set(Need)


def test_no_needs_is_refused() -> None:
    """Without a need there is nothing to recommend."""
    with pytest.raises(ValueError, match="at least one need"):
        recommend([])
