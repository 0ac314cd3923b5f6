"""Benchmark: `scaffold --help` and `scaffold new` against a bare `copier copy`, in one run.

Builds the wheel, installs it in a fresh virtual environment (bytecode compiled, as pip does),
then times, alternating so that both sides see the same machine state:
- `scaffold --help` (target: under 0.3 s);
- `scaffold new NAME --framework F --no-git` against `copier copy` of the same installed template
  with the same answers (target: under 1 s, and at most 1.15x copier);
- `scaffold new` with its git init and first commit, for information.

Usage: python bench/cli_speed.py [--runs N]. Prints a table; writes bench/results/cli_speed.json.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from uv import find_uv_bin

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("django", "fastapi", "flask")


def timed(args: Sequence[str | Path], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def install(workdir: Path) -> Path:
    uv = find_uv_bin()
    dist, venv = workdir / "dist", workdir / "venv"
    subprocess.run([uv, "build", "--wheel", "--quiet", "--out-dir", dist], cwd=ROOT, check=True)
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, venv], check=True)
    (wheel,) = dist.glob("*.whl")
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", venv, wheel],
        check=True,
    )
    return venv / "bin"


def median_of(runs: int, step: Callable[[int], float]) -> float:
    return statistics.median(step(i) for i in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        bin_dir = install(work)
        site = next((bin_dir.parent / "lib").glob("python*/site-packages"))
        template = site / "scaffold/_template"
        out = work / "out"
        out.mkdir()

        results: dict[str, float] = {
            "help_s": median_of(runs, lambda _: timed([bin_dir / "scaffold", "--help"], work))
        }
        for framework in FRAMEWORKS:
            scaffold_times, copier_times, git_times = [], [], []
            for i in range(runs):
                name = f"{framework}_{i}"
                answers = ["project_name=" + name, "package_name=" + name]
                scaffold_times.append(
                    timed(
                        [
                            bin_dir / "scaffold",
                            "new",
                            f"s_{name}",
                            "--framework",
                            framework,
                            "--no-git",
                            "-d",
                            answers[0],
                            "-d",
                            answers[1],
                        ],
                        out,
                    )
                )
                copier_times.append(
                    timed(
                        [
                            bin_dir / "copier",
                            "copy",
                            "--quiet",
                            "--defaults",
                            "-d",
                            f"framework={framework}",
                            "-d",
                            answers[0],
                            "-d",
                            answers[1],
                            template,
                            out / f"c_{name}",
                        ],
                        out,
                    )
                )
                git_times.append(
                    timed(
                        [
                            bin_dir / "scaffold",
                            "new",
                            f"g_{name}",
                            "--framework",
                            framework,
                            "-d",
                            answers[0],
                            "-d",
                            answers[1],
                        ],
                        out,
                    )
                )
            results[f"{framework}_new_s"] = statistics.median(scaffold_times)
            results[f"{framework}_copier_s"] = statistics.median(copier_times)
            results[f"{framework}_new_ratio"] = (
                results[f"{framework}_new_s"] / results[f"{framework}_copier_s"]
            )
            results[f"{framework}_new_with_git_s"] = statistics.median(git_times)
            shutil.rmtree(out)
            out.mkdir()

    print(f"scaffold --help: {results['help_s']:.3f} s (target < 0.3 s)")
    print(f"{'framework':10} {'scaffold new':>13} {'copier copy':>12} {'ratio':>6} {'+git':>7}")
    for framework in FRAMEWORKS:
        print(
            f"{framework:10} {results[f'{framework}_new_s']:12.3f}s "
            f"{results[f'{framework}_copier_s']:11.3f}s "
            f"{results[f'{framework}_new_ratio']:6.2f} "
            f"{results[f'{framework}_new_with_git_s']:6.3f}s"
        )
    print("targets: scaffold new < 1 s; ratio <= 1.15")
    target = ROOT / "bench/results/cli_speed.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
