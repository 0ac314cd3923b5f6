"""Copier calls: what `new` and `update` render from, and Copier's errors made into ours.

Copier is imported inside the functions: it is the slowest import, and `--help` needs none of it.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.releases import TEMPLATE_URL, TemplateBuild, redirected_to
from scaffold.template import ANSWERS_FILE, template_source


@contextmanager
def copier_errors() -> Iterator[None]:
    """Turn Copier's refusals (bad answers, missing refs) into one-line ScaffoldErrors, and
    Ctrl-C at one of its questions into the plain interrupt it is."""
    from copier.errors import CopierAnswersInterrupt, CopierError

    try:
        yield
    except CopierAnswersInterrupt:
        raise KeyboardInterrupt from None
    except (CopierError, ValueError) as error:
        raise ScaffoldError(str(error).strip().splitlines()[-1]) from None


def render(
    destination: Path,
    answers: Mapping[str, object],
    *,
    defaults: bool,
    build: TemplateBuild | None,
    answers_file: str = ANSWERS_FILE,
) -> None:
    """Render a new project, or a resource (with its answers file under .copier/resources/):
    at the commit this install was built from, else the working tree.

    A project rendered from a build records TEMPLATE_URL and the commit (as `git describe`
    names it), so it can be updated; one rendered from the working tree (an editable install)
    records no commit.
    """
    import copier

    with copier_errors():
        if build is None:
            with template_source() as source:
                copier.run_copy(
                    str(source),
                    destination,
                    data=dict(answers),
                    defaults=defaults,
                    quiet=True,
                    answers_file=answers_file,
                )
            # Copier recorded the temporary folder: record the template's URL, valid anywhere.
            recorded = destination / answers_file
            recorded.write_text(
                recorded.read_text().replace(f"_src_path: {source}", f"_src_path: {TEMPLATE_URL}")
            )
            return
        with redirected_to(build.bundle):
            copier.run_copy(
                TEMPLATE_URL,
                destination,
                data=dict(answers),
                defaults=defaults,
                quiet=True,
                vcs_ref=build.commit,
                answers_file=answers_file,
            )
