"""The `scaffold` command line: a thin layer over the typed core."""

import json
import shlex
import shutil
import signal
import sys
import textwrap
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from scaffold import __version__
from scaffold.errors import ScaffoldError
from scaffold.frameworks import STACKS, Framework
from scaffold.recommend import DESCRIPTIONS, Need, Recommendation, recommend
from scaffold.template import read_answers
from scaffold.verify import Outcome

if TYPE_CHECKING:
    # Typer carries its own Click: the help formatter's types are its.
    from typer._click import Context, HelpFormatter

    from scaffold.update import UpdateResult

app = typer.Typer(
    help="Generate production-ready Django, FastAPI and Flask projects, and keep them updatable.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help: rich's formatting alone takes longer than the 0.3 s `--help` may take.
    rich_markup_mode=None,
)


# `--data KEY=VALUE`, as `new` and `update` take it.
DataOption = Annotated[
    list[str] | None,
    typer.Option("--data", "-d", metavar="KEY=VALUE", help="Answer a question; repeatable."),
]


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _fail(message: str) -> typer.Exit:
    typer.echo(f"scaffold: error: {message}", err=True)
    return typer.Exit(2)


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    # As an exception, so that `new` removes its half-made project on the way out.
    raise SystemExit(128 + signum)


def _step(step: str) -> None:
    typer.echo(f"{step}...")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scaffold {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    pass


def _parse_data(pairs: list[str]) -> dict[str, str]:
    data = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ScaffoldError(f"--data takes key=value, not '{pair}'")
        data[key.strip()] = value
    return data


def _ask_needs() -> list[Need]:
    typer.echo("What does the project need? Pick any, by number or name, separated by spaces.")
    needs = list(Need)
    for number, need in enumerate(needs, start=1):
        typer.echo(f"  {number:2}. {need:15} {DESCRIPTIONS[need]}")
    picked: list[Need] = []
    for word in typer.prompt("Needs", default="", show_default=False).replace(",", " ").split():
        if word.isdigit() and 1 <= int(word) <= len(needs):
            picked.append(needs[int(word) - 1])
        elif word in {str(n) for n in needs}:
            picked.append(Need(word))
        else:
            typer.echo(f"  (ignoring '{word}': not a listed need)")
    return picked


def _ask_framework() -> Framework:
    needs = _ask_needs()
    suggested = Framework.DJANGO
    if needs:
        recommendation = recommend(needs)
        suggested = recommendation.framework
        typer.echo(f"Recommended: {STACKS[suggested].title}, because:")
        for reason in recommendation.reasons:
            typer.echo(f"  - {reason}")
    choices = [str(f) for f in Framework]
    prompt = f"Framework ({', '.join(choices)})"
    # A str default: with the enum itself, Click would list the choices a second time.
    while (answer := typer.prompt(prompt, default=str(suggested))) not in choices:
        typer.echo(f"  '{answer}' is not one of {', '.join(choices)}")
    return Framework(answer)


class _NewCommand(TyperCommand):
    """`new --help` lists the answers `--data` takes, from the template's own questions."""

    def format_epilog(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        from scaffold.template import project_questions, template_root

        rows = []
        for question in project_questions(template_root()):
            if question.name == "framework":  # --framework answers it
                continue
            default = "NAME" if question.name == "project_name" else question.default
            choices = f" ({', '.join(question.choices)})" if question.choices else ""
            rows.append((question.name, f"{question.help}{choices}; default: {default}"))
        with formatter.section("Answers --data KEY=VALUE takes"):
            formatter.write_dl(rows)
        super().format_epilog(ctx, formatter)


@app.command(cls=_NewCommand)
def new(
    name: Annotated[str, typer.Argument(help="Project name; also the folder it is created in.")],
    framework: Annotated[
        Framework | None,
        typer.Option(help="The stack. Asked (with a recommendation) when left out at a terminal."),
    ] = None,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Where the project folder is created.")
    ] = Path(),
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Take every default answer; ask nothing.")
    ] = False,
    data: DataOption = None,
    git: Annotated[
        bool, typer.Option(help="Initialise git with a first commit (needed for updates).")
    ] = True,
    lock: Annotated[
        bool, typer.Option(help="Resolve uv.lock now, with uv and the package index.")
    ] = True,
    example: Annotated[
        bool,
        typer.Option(
            help="Start with the example resource, Item (scaffold remove resource Item takes it"
            " out later)."
        ),
    ] = True,
) -> None:
    """Create a new project from the template."""
    from scaffold.generate import NewProject, create_project

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    interactive = _interactive()
    if framework is None:
        if not interactive:
            raise _fail("--framework is required when not at a terminal (django, fastapi, flask)")
        framework = _ask_framework()
    try:
        request = NewProject(
            name=name,
            framework=framework,
            parent=output_dir,
            data=_parse_data(data or []),
            defaults=defaults or not interactive,
            git=git,
            lock=lock,
            example=example,
        )
        # One line per step at a terminal: rendering and locking take seconds.
        created = create_project(request, progress=_step if interactive else lambda _step: None)
    except ScaffoldError as error:
        raise _fail(str(error)) from None

    destination = created.path
    answers = read_answers(destination)
    template = answers.get(
        "_commit",
        "working tree of an editable install, not updatable"
        " (install scaffold-stacks without -e for updatable projects)",
    )
    typer.echo(f"Created {STACKS[framework].title} project {name} in {destination}")
    named = request.data.get("project_name", name)
    if "package_name" not in request.data and created.package != named:
        typer.echo(f"Package: {created.package} (from {named!r}; --data package_name=... sets it)")
    typer.echo(f"Template: {template}")
    for note in created.notes:
        typer.echo(f"Note: {note}")
    typer.echo("Next steps:")
    typer.echo(f"  cd {shlex.quote(str(destination))}")
    for step in created.next_steps:
        typer.echo(f"  {step}")


@app.command()
def update(
    path: Annotated[Path, typer.Argument(help="The project to update.")] = Path(),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Only say whether an update is available: exit 0 if not, 1 if so. Writes nothing.",
        ),
    ] = False,
    pretend: Annotated[
        bool,
        typer.Option("--pretend", help="List the files the update would change; write nothing."),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="After a clean update, install the project and run its own checks."
        ),
    ] = False,
    data: DataOption = None,
) -> None:
    """Update a project to the template this scaffold was built from, keeping your edits."""
    from scaffold.update import plan_update, update_project

    if sum((check, pretend, verify)) > 1:
        raise _fail("--check, --pretend and --verify go alone: pick one")
    try:
        answers = _parse_data(data or [])
        if check:
            plan = plan_update(path, answers, allow_dirty=True)
            if not plan.needed:
                typer.echo(f"{path} is at template {plan.new}")
                return
            typer.echo(f"Update available for {path}: template {plan.old} -> {plan.new}")
            raise typer.Exit(1)
        result = update_project(path, data=answers, pretend=pretend, check=verify)
    except ScaffoldError as error:
        raise _fail(str(error)) from None
    _print_update(path, result, pretend=pretend)
    # A dry run only reports; a real one left for the owner to finish fails, for scripts and CI.
    if not pretend and (
        result.conflicts
        or result.lock_failures
        or any(ran.outcome != Outcome.PASSED for ran in result.checks)
    ):
        raise typer.Exit(1)


def _print_update(path: Path, result: "UpdateResult", *, pretend: bool) -> None:
    if not result.changes:
        typer.echo(f"{path} is already at template {result.new}")
        return
    moved = "at" if result.old == result.new else f"from template {result.old} to"
    typer.echo(f"{'Would update' if pretend else 'Updated'} {path} {moved} {result.new}:")
    for kind, name in result.changes:
        mark = "conflict" if name in result.conflicts else kind
        typer.echo(f"  {mark:8} {name}")
    for name in result.locks:
        typer.echo(f"{'Would re-resolve' if pretend else 'Re-resolved'} {name} (uv lock).")
    for failure in result.lock_failures:
        typer.echo(f"Not locked: {failure}")
    if pretend:
        return
    if result.conflicts:
        typer.echo("Resolve the conflict markers in the files marked conflict, then commit.")
        return
    for check in result.checks:
        where = "" if check.folder == "." else f"{check.folder}: "
        typer.echo(f"  {check.outcome:7} {where}{check.command} ({check.seconds:.1f} s)")
        if check.output:
            typer.echo(check.output)
    typer.echo("Review the changes with git diff, then commit them.")


add_app = typer.Typer(help="Add to a project.", no_args_is_help=True, rich_markup_mode=None)
remove_app = typer.Typer(help="Take out of a project.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(add_app, name="add")
app.add_typer(remove_app, name="remove")

# `--path`, as `add` and `remove` take it.
PathOption = Annotated[
    Path, typer.Option("--path", "-p", help="The project (default: the current folder).")
]


@add_app.command("resource")
def add_resource_command(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The model's name: Product, OrderLine.")
    ],
    fields: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FIELD:TYPE[:MODIFIER]...",
            help="Types: str (str:120 sets the length), text, int, decimal, bool, date, "
            "datetime, email, url, ref:OTHER (a resource, or ref:user). "
            "Modifiers: optional, unique, index.",
        ),
    ] = None,
    owned: Annotated[
        bool,
        typer.Option(
            "--owned/--shared",
            help="Owned: only the user who made a row sees it. Shared: every user reads, "
            "the owner changes.",
        ),
    ] = True,
    job: Annotated[
        bool,
        typer.Option(
            "--job",
            help="A background job processes each new row once it is saved (sets processed_at).",
        ),
    ] = False,
    path: PathOption = Path(),
) -> None:
    """Add a resource: model, migration, API, pages, admin and tests, in the project's style."""
    from scaffold.resources import add_resource

    try:
        added = add_resource(path, name, fields or [], owned=owned, job=job)
    except ScaffoldError as error:
        raise _fail(str(error)) from None
    typer.echo(f"Added resource {added.names.cls} to {path}:")
    for file in added.written:
        typer.echo(f"  added    {file}")
    for file in added.edited:
        typer.echo(f"  changed  {file}")
    typer.echo("Next steps (migrate, run, test):")
    for step in added.next_steps:
        typer.echo(f"  {step}")


@remove_app.command("resource")
def remove_resource_command(
    name: Annotated[str, typer.Argument(help="The resource to remove: Product.")],
    path: PathOption = Path(),
) -> None:
    """Remove a resource: its files and its line in the registry; its table goes by migration."""
    from scaffold.resources import remove_resource

    try:
        removed = remove_resource(path, name)
    except ScaffoldError as error:
        raise _fail(str(error)) from None
    typer.echo(f"Removed resource {removed.names.cls} from {path}:")
    for file in removed.deleted:
        typer.echo(f"  deleted  {file}")
    for file in removed.edited:
        typer.echo(f"  changed  {file}")
    for file in removed.written:
        typer.echo(f"  added    {file}")
    for note in removed.notes:
        typer.echo(f"Note: {note}")


def _recommendation_json(result: Recommendation) -> str:
    return json.dumps(
        {
            "framework": str(result.framework),
            "reasons": list(result.reasons),
            "scores": {str(f): n for f, n in result.scores.items()},
        },
        indent=2,
    )


class _RecommendCommand(TyperCommand):
    """`recommend --help` says what each need means."""

    def format_epilog(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        with formatter.section("Needs"):
            formatter.write_dl([(str(need), text) for need, text in DESCRIPTIONS.items()])
        super().format_epilog(ctx, formatter)


@app.command("recommend", cls=_RecommendCommand)
def recommend_command(
    need: Annotated[
        list[Need] | None,
        typer.Option(
            "--need", "-n", metavar="NEED", help="What the project needs (see below); repeatable."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Recommend a framework for what the project needs, with the reasons."""
    needs = need or []
    if not needs:
        if not _interactive():
            raise _fail("name the needs with --need (see scaffold recommend --help)")
        needs = _ask_needs()
        if not needs:
            raise _fail("no need picked: nothing to recommend")
    result = recommend(needs)
    if as_json:
        typer.echo(_recommendation_json(result))
        return
    typer.echo(f"{STACKS[result.framework].title}")
    for reason in result.reasons:
        typer.echo(f"  - {reason}")
    typer.echo(f"Create it: scaffold new NAME --framework {result.framework}")


@app.command()
def frameworks() -> None:
    """List each framework with its stack."""
    width = min(shutil.get_terminal_size().columns, 100)
    for framework, stack in STACKS.items():
        heading = f"{framework}: {stack.title}. {stack.summary}"
        typer.echo("\n".join(textwrap.wrap(heading, width=width, subsequent_indent="  ")))
        for label in ("web", "data", "jobs", "auth", "server"):
            lines = textwrap.wrap(
                getattr(stack, label),
                width=width,
                initial_indent=f"  {label:7}",
                subsequent_indent=" " * 9,
            )
            typer.echo("\n".join(lines))
        typer.echo()


_ABORTED = 128 + signal.SIGINT


def main() -> None:
    """The console script: Typer's multi-line usage errors become one line, exit code 2."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        code = _ABORTED
    except Exception as error:
        # Usage errors (unknown option or choice, missing argument) carry exit code 2.
        if getattr(error, "exit_code", None) != 2 or not hasattr(error, "format_message"):
            raise
        typer.echo(f"scaffold: error: {error.format_message()}", err=True)
        sys.exit(2)
    if code == _ABORTED:
        # Ctrl-C: at a prompt Click says Abort, elsewhere (Copier's questions) Typer exits 130.
        # At a terminal the ^C it echoed ends no line.
        typer.echo("\nscaffold: aborted" if sys.stderr.isatty() else "scaffold: aborted", err=True)
    sys.exit(code or 0)
