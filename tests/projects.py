"""Test projects built as a user builds them: ``sphinx-build -W`` in a process of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOTS, run_module


class Builds:
    """``sphinx-build`` runs of copies of the test roots, made once and kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done: dict[tuple, Path] = {}

    def __call__(self, root: str, builder: str, *options: str) -> Path:
        key = (root, builder, options)
        if key not in self.done:
            name = "-".join(
                [root, builder, *(o.replace("=", "_").replace(",", "_") for o in options)]
            )
            src = self.folder / name / "src"
            shutil.rmtree(self.folder / name, ignore_errors=True)
            shutil.copytree(ROOTS / f"test-{root}", src)
            out, doctrees = self.folder / name / "out", self.folder / name / "doctrees"
            flags = [f"-D{o}" for o in options]
            result = run_module(
                "sphinx", "-W", "-q", "-b", builder, "-d", doctrees, *flags, src, out
            )
            assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
            assert "WARNING" not in result.stderr, result.stderr
            self.done[key] = out
        return self.done[key]
