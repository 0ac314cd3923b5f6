"""Benchmark: `scaffold --help` and `scaffold new` against a bare `copier copy`, in one run.

Builds scaffold from a clone (tests/release.py), installs the wheel in a fresh virtual
environment, then times, alternating so that both sides see the same machine state:
- `scaffold --help` (target: under 0.3 s);
- `scaffold new NAME --framework F --no-example --no-git --no-lock` against `copier copy` of the
  same commit (neither adds the example),
  through the same URL redirected to the same shipped bundle, with the same answers (target:
  under 1 s, and at most 1.15x copier);
- `scaffold new` with the example resource, its uv lock, git init and first commit, for
  information;
- `scaffold add resource` in that project against `copier copy` of the resource sub-template into
  the copier-made project, with the answers scaffold recorded (target: under 2 s).

Usage, from the repository root: python -m bench.cli_speed [--runs N].
Prints a table; writes bench/results/cli_speed.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from scaffold.releases import TEMPLATE_URL
from tests.release import ROOT, build_release, install_wheel

FRAMEWORKS = ("django", "fastapi", "flask")
RESOURCE = ("Product", "name:str", "price:decimal", "in_stock:bool", "notes:text:optional")
RESOURCE_ANSWERS = ".copier/resources/products.yml"


def timed(args: Sequence[str | Path], cwd: Path, env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        bin_dir = install_wheel(build_release(work), work / "venv")
        bundle = next(work.glob("venv/lib/python*/site-packages/scaffold/_template/*.bundle"))
        env = {**os.environ, "COPIER_CACHE_DIR": str(work / "copier-cache")}
        # What scaffold does inside, for the bare copier run: fetch the URL from the bundle.
        copier_env = {
            **env,
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{bundle}.insteadOf",
            "GIT_CONFIG_VALUE_0": TEMPLATE_URL,
        }

        results: dict[str, float] = {
            "help_s": statistics.median(
                timed([bin_dir / "scaffold", "--help"], work, env) for _ in range(runs)
            )
        }
        # The bundle's HEAD: the commit the wheel was built from.
        copier: list[str | Path] = [
            bin_dir / "copier",
            "copy",
            "--quiet",
            "--defaults",
            "--vcs-ref",
            "HEAD",
        ]
        for framework in FRAMEWORKS:
            out = work / framework
            out.mkdir()
            scaffold_times, copier_times, git_times = [], [], []
            add_times, add_copier_times = [], []
            for i in range(runs):
                data = ["-d", f"project_name=p{i}", "-d", f"package_name=p{i}"]
                new: list[str | Path] = [
                    bin_dir / "scaffold",
                    "new",
                    "--framework",
                    framework,
                    *data,
                ]
                bare = [*new, f"s{i}", "--no-example", "--no-git", "--no-lock"]
                scaffold_times.append(timed(bare, out, env))
                copier_times.append(
                    timed(
                        [
                            *copier,
                            "-d",
                            f"framework={framework}",
                            *data,
                            TEMPLATE_URL,
                            out / f"c{i}",
                        ],
                        out,
                        copier_env,
                    )
                )
                git_times.append(timed([*new, f"g{i}"], out, env))
                add: list[str | Path] = [bin_dir / "scaffold", "add", "resource", *RESOURCE]
                add_times.append(timed(add, out / f"g{i}", env))
                recorded = yaml.safe_load((out / f"g{i}" / RESOURCE_ANSWERS).read_text())
                answers = [
                    arg
                    for key, value in recorded.items()
                    if not key.startswith("_")
                    # Copier takes a str answer as it is, anything else as YAML (JSON is YAML).
                    for arg in (
                        "-d",
                        f"{key}={value if isinstance(value, str) else json.dumps(value)}",
                    )
                ]
                add_copier_times.append(
                    timed(
                        [*copier, "-a", RESOURCE_ANSWERS, *answers, TEMPLATE_URL, "."],
                        out / f"c{i}",
                        copier_env,
                    )
                )
            results[f"{framework}_new_s"] = statistics.median(scaffold_times)
            results[f"{framework}_copier_s"] = statistics.median(copier_times)
            results[f"{framework}_new_ratio"] = (
                results[f"{framework}_new_s"] / results[f"{framework}_copier_s"]
            )
            results[f"{framework}_new_with_git_s"] = statistics.median(git_times)
            results[f"{framework}_add_s"] = statistics.median(add_times)
            results[f"{framework}_add_copier_s"] = statistics.median(add_copier_times)
            results[f"{framework}_add_ratio"] = (
                results[f"{framework}_add_s"] / results[f"{framework}_add_copier_s"]
            )

    print(f"scaffold --help: {results['help_s']:.3f} s (target < 0.3 s)")
    header = ("framework", "scaffold new", "copier copy", "ratio", "+example+lock+git")
    print("{:10} {:>13} {:>12} {:>6} {:>18}".format(*header))
    for framework in FRAMEWORKS:
        print(
            f"{framework:10} {results[f'{framework}_new_s']:12.3f}s "
            f"{results[f'{framework}_copier_s']:11.3f}s "
            f"{results[f'{framework}_new_ratio']:6.2f} "
            f"{results[f'{framework}_new_with_git_s']:17.3f}s"
        )
    print("targets: scaffold new < 1 s; ratio <= 1.15")
    print("{:10} {:>13} {:>12} {:>6}".format("framework", "add resource", "copier copy", "ratio"))
    for framework in FRAMEWORKS:
        print(
            f"{framework:10} {results[f'{framework}_add_s']:12.3f}s "
            f"{results[f'{framework}_add_copier_s']:11.3f}s "
            f"{results[f'{framework}_add_ratio']:6.2f}"
        )
    print("target: scaffold add resource < 2 s")
    target = ROOT / "bench/results/cli_speed.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
