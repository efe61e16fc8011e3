"""The wheel carries the templates and examples, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True,
                   timeout=300)
    return next(out.glob("copkit-*.whl"))


def test_wheel_ships_templates_and_examples(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "copkit/_templates/init/charter.yaml.j2" in names
    for example in sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir()):
        assert f"copkit/_examples/{example}/charter.yaml" in names


def test_installed_layout_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site))
    code = ("import copkit.resources as r, sys; "
            "assert r.templates_dir().is_relative_to(sys.argv[1]), r.templates_dir(); "
            "print(r.templates_dir())")
    out = subprocess.run([sys.executable, "-c", code, str(site)], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    result = subprocess.run([sys.executable, "-m", "copkit", "init", "new-cop", "--no-commit"],
                            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    check = subprocess.run([sys.executable, "-m", "copkit", "check", "--cop", "new-cop"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "error[" not in check.stdout, check.stdout
