"""Turn what a project needs into the framework that fits it, with the reasons."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from scaffold.frameworks import PARTS, Framework


class Need(StrEnum):
    ADMIN = "admin"
    FORMS = "forms"
    CRUD = "crud"
    CONTENT = "content"
    SERVER_RENDERED = "server-rendered"
    BIG_TEAM = "big-team"
    API_ONLY = "api-only"
    GRAPHQL = "graphql"
    WEBHOOKS = "webhooks"
    REALTIME = "realtime"
    WEBSOCKET = "websocket"
    SSE = "sse"
    ML_SERVING = "ml-serving"
    API_CONTRACT = "api-contract"
    API_DOCS = "api-docs"
    SCRIPT = "script"
    PROTOTYPE = "prototype"
    DASHBOARD = "dashboard"
    TEACHING = "teaching"
    MICROSERVICE = "microservice"
    PUBLIC_API = "public-api"


# What each need means, in a line: listed where needs are asked for, and in `recommend --help`.
DESCRIPTIONS: dict[Need, str] = {
    Need.ADMIN: "a back office where staff edit the data",
    Need.FORMS: "many HTML forms, validated and re-shown with their errors",
    Need.CRUD: "create, list, edit and delete records, mostly",
    Need.CONTENT: "a content site: pages, articles, editors",
    Need.SERVER_RENDERED: "HTML pages built on the server, not a JavaScript app",
    Need.BIG_TEAM: "many developers on one codebase",
    Need.API_ONLY: "a JSON API and no pages",
    Need.GRAPHQL: "a GraphQL endpoint",
    Need.WEBHOOKS: "receiving many webhook calls from other services",
    Need.REALTIME: "live updates pushed to the browser",
    Need.WEBSOCKET: "two-way WebSocket connections",
    Need.SSE: "server-sent events: a stream the server pushes",
    Need.ML_SERVING: "serving a machine-learning model behind an API",
    Need.API_CONTRACT: "an OpenAPI schema that clients are generated from",
    Need.API_DOCS: "interactive API documentation",
    Need.SCRIPT: "a script or small tool that grows a web interface",
    Need.PROTOTYPE: "a prototype, running as soon as possible",
    Need.DASHBOARD: "a small internal dashboard",
    Need.TEACHING: "learning or teaching how web apps work",
    Need.MICROSERVICE: "one small service among others",
    Need.PUBLIC_API: "an API that other people's programs call",
}

DECISIONS: dict[Need, tuple[Framework, str]] = {
    Need.ADMIN: (Framework.DJANGO, "Django's admin gives you a back office for your models."),
    Need.FORMS: (Framework.DJANGO, "Django forms validate, render and re-display input for you."),
    Need.CRUD: (Framework.DJANGO, "Django's models, generic views and admin cover CRUD."),
    Need.CONTENT: (Framework.DJANGO, "Content sites lean on Django's ORM, admin and templates."),
    Need.SERVER_RENDERED: (
        Framework.DJANGO,
        "Django templates with htmx serve rich server-rendered pages.",
    ),
    Need.BIG_TEAM: (Framework.DJANGO, "Django's conventions keep a big team's code alike."),
    Need.API_ONLY: (Framework.FASTAPI, "FastAPI is built for JSON APIs with typed models."),
    Need.GRAPHQL: (Framework.FASTAPI, "Async GraphQL servers (Strawberry) mount on FastAPI."),
    Need.WEBHOOKS: (Framework.FASTAPI, "FastAPI handles many slow webhook calls at once, async."),
    Need.REALTIME: (Framework.FASTAPI, "Real-time features need an async server: FastAPI is one."),
    Need.WEBSOCKET: (Framework.FASTAPI, "FastAPI speaks WebSocket natively."),
    Need.SSE: (Framework.FASTAPI, "FastAPI streams server-sent events from async generators."),
    Need.ML_SERVING: (Framework.FASTAPI, "FastAPI is the common way to serve ML models as APIs."),
    Need.API_CONTRACT: (
        Framework.FASTAPI,
        "FastAPI's OpenAPI schema is a contract any frontend can build against.",
    ),
    Need.API_DOCS: (Framework.FASTAPI, "FastAPI generates interactive API docs from the code."),
    Need.SCRIPT: (Framework.FLASK, "Flask turns a script into a web app with a few lines."),
    Need.PROTOTYPE: (Framework.FLASK, "Flask has the least to learn before a prototype runs."),
    Need.DASHBOARD: (Framework.FLASK, "Small dashboards fit Flask's templates and blueprints."),
    Need.TEACHING: (Framework.FLASK, "Flask is explicit: every moving part is visible."),
    Need.MICROSERVICE: (Framework.FLASK, "A single-purpose service stays small in Flask."),
    Need.PUBLIC_API: (Framework.FASTAPI, "A public API for other clients: typed, documented."),
}
# An admin and an API (public or async) together: Django for the one, FastAPI for the other.
BOTH = (
    "Django's admin and FastAPI's API can share one database: "
    "django+fastapi builds both in one project."
)


@dataclass(frozen=True)
class Recommendation:
    framework: Framework
    reasons: tuple[str, ...]
    scores: dict[Framework, int]


def recommend(needs: Sequence[Need]) -> Recommendation:
    """Pick the framework most of the needs point to; on a tie, the one the first need names.

    An admin together with anything FastAPI is for gets both, as django+fastapi.
    """
    if not needs:
        raise ValueError("name at least one need")
    unique = list(dict.fromkeys(needs))
    votes = Counter(DECISIONS[need][0] for need in unique)
    if Need.ADMIN in unique and votes[Framework.FASTAPI]:
        both = set(PARTS[Framework.DJANGO_FASTAPI].values())
        votes[Framework.DJANGO_FASTAPI] = votes[Framework.DJANGO] + votes[Framework.FASTAPI]
        return Recommendation(
            framework=Framework.DJANGO_FASTAPI,
            reasons=(BOTH, *(DECISIONS[n][1] for n in unique if DECISIONS[n][0] in both)),
            scores={f: votes[f] for f in Framework},
        )
    best = max(votes.values())
    framework = next(DECISIONS[n][0] for n in unique if votes[DECISIONS[n][0]] == best)
    reasons = tuple(DECISIONS[n][1] for n in unique if DECISIONS[n][0] is framework)
    return Recommendation(
        framework=framework,
        reasons=reasons,
        scores={f: votes[f] for f in Framework},
    )
