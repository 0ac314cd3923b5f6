"""`scaffold add resource` and `scaffold remove resource`: grow a generated project by a model
with its migration, API, pages, admin and tests, or take one out.

A resource's files come from the template's resource sub-template (templates/resource/), with
their own answers file in .copier/resources/, so `scaffold update` improves them as it does the
project. The project finds its resources in one list (registry.py); adding one writes new files
and one line there. Whatever is refused is refused before anything is written.
"""

import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex

import yaml

from scaffold.errors import ScaffoldError
from scaffold.fields import Field, parse_fields
from scaffold.frameworks import RESOURCE_LAYOUTS, Framework, ResourceLayout
from scaffold.names import ResourceNames, python_clash, resource_names
from scaffold.readme import next_steps
from scaffold.registry import registered, with_resource, without_resource
from scaffold.releases import shipped_build
from scaffold.rendering import render
from scaffold.revisions import drop_revision, head
from scaffold.template import ANSWERS_FILE, RESOURCE_ANSWERS, read_answers

# The example every new project starts with (`scaffold new --no-example` leaves it out): one
# model with a background job, the same in every stack, made as any other resource is, so
# `scaffold remove resource Item` takes it out.
EXAMPLE = ("Item", ("title:str", "description:text:optional"))

# The column a resource's job fills in (templates/resource/README.md).
_JOB_STAMP = "processed_at"
# Django's migrate leaves the tables of an app that is no longer installed.
_DJANGO_TABLE_NOTE = (
    "Django keeps the tables of an uninstalled app: where a database has {0}'s, run"
    " `uv run manage.py migrate {0} zero` from the commit before this removal"
)
# Names a resource can't take: the apps, URL roots and Django app labels every project has, the
# user's relations in Django (a resource's rows are `user.<module>`), beside whatever its
# package already holds (checked on disk).
_RESERVED = frozenset(
    {
        "account", "accounts", "admin", "api", "auth", "config", "contenttypes", "docs",
        "emailaddress", "groups", "logentry", "user_permissions", "permissions",
        "health", "media", "messages", "migrations", "openapi", "ready", "resources",
        "sessions", "site", "site_api", "sites", "socialaccount", "static", "staticfiles",
        "templates", "tests", "user", "users",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Project:
    root: Path
    framework: Framework
    package: str

    @classmethod
    def at(cls, root: Path) -> "Project":
        if not (root / ANSWERS_FILE).is_file():
            raise ScaffoldError(
                f"{root} has no {ANSWERS_FILE}: run this in a project scaffold generated"
                " (or point --path at one)"
            )
        answers = read_answers(root)
        try:
            return cls(root, Framework(str(answers["framework"])), str(answers["package_name"]))
        except (KeyError, ValueError):
            raise ScaffoldError(
                f"{root / ANSWERS_FILE} names no framework scaffold knows"
            ) from None

    @property
    def layout(self) -> ResourceLayout:
        return RESOURCE_LAYOUTS[self.framework]

    @property
    def packages(self) -> tuple[Path, ...]:
        return tuple(self.root / p.format(package=self.package) for p in self.layout.packages)

    @property
    def registries(self) -> tuple[Path, ...]:
        return tuple(package / "resources.py" for package in self.packages)

    @property
    def revisions(self) -> Path | None:
        folder = self.layout.revisions
        return None if folder is None else self.root / folder.format(package=self.package)

    def resources(self) -> dict[str, "Resource"]:
        """The project's resources, by module name, from their answers files."""
        found = {}
        for path in sorted((self.root / RESOURCE_ANSWERS).glob("*.yml")):
            resource = Resource.read(path)
            found[resource.names.module] = resource
        return found


@dataclass(frozen=True)
class Resource:
    names: ResourceNames
    answers: dict[str, object]

    @classmethod
    def read(cls, path: Path) -> "Resource":
        answers = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names = ResourceNames(
            str(answers["resource"]),
            str(answers["resource_singular"]),
            str(answers["resource_module"]),
            str(answers["resource_path"]),
        )
        return cls(names, answers)

    def refers_to(self, module: str) -> bool:
        fields = self.answers.get("fields")
        return any(
            isinstance(field, dict) and (field.get("ref") or {}).get("module") == module
            for field in (fields if isinstance(fields, list) else [])
        )


@dataclass(frozen=True)
class Changed:
    """What an add or a remove did, relative to the project's root."""

    names: ResourceNames
    written: tuple[str, ...]  # files created (add) or the new revision (remove)
    edited: tuple[str, ...]  # the registries
    deleted: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def add_resource(
    root: Path, name: str, field_specs: Sequence[str], *, owned: bool = True, job: bool = False
) -> Changed:
    project = Project.at(root)
    names = resource_names(name)
    existing = project.resources()
    _check_free(project, names, existing)
    fields = parse_fields(field_specs, {r.names.cls.lower(): r.names for r in existing.values()})
    if job and any(field.name == _JOB_STAMP for field in fields):
        raise ScaffoldError(f"--job adds '{_JOB_STAMP}' itself: name the field otherwise")
    registries = {path: with_resource(path, names.module) for path in project.registries}
    answers = resource_answers(project, names, fields, owned=owned, job=job)
    with _rendered(answers, _answers_file(names)) as staging:
        files = sorted(
            path.relative_to(staging) for path in staging.rglob("*") if not path.is_dir()
        )
        if taken := [str(file) for file in files if (root / file).exists()]:
            raise ScaffoldError(
                f"{', '.join(taken[:3])} already exist{'s' if len(taken) == 1 else ''}:"
                " nothing was written"
            )
        for file in files:
            (root / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(staging / file, root / file, follow_symlinks=False)
    for path, text in registries.items():
        path.write_text(text, encoding="utf-8")
    return Changed(
        names,
        written=tuple(map(str, files)),
        edited=tuple(str(path.relative_to(root)) for path in registries),
        next_steps=next_steps(root),
    )


def add_example(root: Path) -> Changed:
    name, fields = EXAMPLE
    return add_resource(root, name, fields, job=True)


def remove_resource(root: Path, name: str) -> Changed:
    project = Project.at(root)
    names = resource_names(name)
    existing = project.resources()
    resource = existing.get(names.module)
    if resource is None:
        known = ", ".join(r.names.cls for r in existing.values()) or "none"
        raise ScaffoldError(f"this project has no resource {names.cls} (its resources: {known})")
    if referrers := [r.names.cls for r in existing.values() if r.refers_to(names.module)]:
        raise ScaffoldError(
            f"{', '.join(referrers)} refer{'s' if len(referrers) == 1 else ''} to {names.cls}:"
            " remove those references (or resources) first; nothing was changed"
        )
    registries = {path: without_resource(path, names.module) for path in project.registries}
    answers_file = _answers_file(names)
    with _rendered(dict(resource.answers), answers_file) as staging:
        rendered = [path.relative_to(staging) for path in staging.rglob("*") if not path.is_dir()]
    revision_file, revision_text = None, None
    if (revisions := project.revisions) is not None:
        created_by = str(resource.answers.get("revision"))
        revision = token_hex(6)
        revision_text = drop_revision(
            revisions,
            table=names.module,
            created_by=created_by,
            revision=revision,
            title=f"Remove {names.module} (scaffold remove resource {names.cls})",
        )
        revision_file = revisions / f"{revision}_remove_{names.module}.py"
        # The revision that created the table stays: databases upgrade through it, then drop it.
        rendered = [f for f in rendered if (root / f).parent != revisions]
    deleted = []
    for file in sorted(rendered):
        path = root / file
        if path.is_file() or path.is_symlink():
            path.unlink()
            deleted.append(str(file))
            _prune_empty(path.parent, root)
    for path, text in registries.items():
        path.write_text(text, encoding="utf-8")
    written: tuple[str, ...] = ()
    if revision_file is not None and revision_text is not None:
        revision_file.write_text(revision_text, encoding="utf-8")
        written = (str(revision_file.relative_to(root)),)
    return Changed(
        names,
        written=written,
        edited=tuple(str(path.relative_to(root)) for path in registries),
        deleted=tuple(deleted),
        notes=() if revision_file is not None else (_DJANGO_TABLE_NOTE.format(names.module),),
    )


def _answers_file(names: ResourceNames) -> str:
    return f"{RESOURCE_ANSWERS}/{names.module}.yml"


def _check_free(project: Project, names: ResourceNames, existing: dict[str, Resource]) -> None:
    for name in (names.singular, names.module):
        if reason := python_clash(name):
            raise ScaffoldError(f"'{name}' is {reason}: name the resource otherwise")
    if names.module in existing:
        raise ScaffoldError(f"this project has a resource {names.cls} already")
    taken = {names.singular, names.module} & _RESERVED
    for folder in (*project.packages, *(project.root / tests for tests in project.layout.tests)):
        for name in (names.singular, names.module):
            if (folder / name).exists() or (folder / f"{name}.py").exists():
                taken.add(name)
    if taken:
        raise ScaffoldError(
            f"'{sorted(taken)[0]}' is taken in this project (an app, module or URL it has):"
            f" name the resource otherwise"
        )
    for registry in project.registries:
        if names.module in registered(registry):
            raise ScaffoldError(f"{registry} lists {names.module} already")


def resource_answers(
    project: Project,
    names: ResourceNames,
    fields: Sequence[Field],
    *,
    owned: bool,
    job: bool = False,
) -> dict[str, object]:
    """Every answer the resource sub-template takes (templates/resource/README.md)."""
    answers: dict[str, object] = {
        "framework": str(project.framework),
        "package_name": project.package,
        "resource": names.cls,
        "resource_singular": names.singular,
        "resource_module": names.module,
        "resource_path": names.path,
        "resource_owned": owned,
        "resource_job": job,
        # JSON is YAML: Copier parses the `yaml` question's answer from text.
        "fields": json.dumps([field.answer() for field in fields]),
    }
    if (revisions := project.revisions) is not None:
        answers["revision"] = token_hex(6)
        answers["down_revision"] = head(revisions)
    return answers


@contextmanager
def _rendered(answers: dict[str, object], answers_file: str) -> Iterator[Path]:
    """The resource rendered into a scratch folder, to check and list before the project changes."""
    with tempfile.TemporaryDirectory(prefix="scaffold-resource-") as scratch:
        staging = Path(scratch)
        data = {key: value for key, value in answers.items() if not key.startswith("_")}
        if isinstance(data.get("fields"), list):
            data["fields"] = json.dumps(data["fields"])
        render(staging, data, defaults=True, build=shipped_build(), answers_file=answers_file)
        yield staging


def _prune_empty(folder: Path, root: Path) -> None:
    """Remove the folders a removal emptied, up to the project's root."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
