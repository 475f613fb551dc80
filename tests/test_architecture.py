"""Dependencies point one way: articles → therapies → editing core (history) → Django.

`config` wires the apps together, so it may import them; they never import it.

Read from the source files with ast, so a forbidden import fails here even in
a module no other test happens to import. `common` (text, JSON-LD, template
tags) is neutral: anything may use it, and it uses no app of the project.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = {"articles", "therapies", "history", "common", "config"}

# package → project packages it must never import
FORBIDDEN = {
    "articles": {"config"},
    "therapies": {"articles", "config"},
    "history": {"articles", "therapies", "config", "common"},
    "common": {"articles", "therapies", "history", "config"},
}


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_packages(tree: ast.AST) -> set[str]:
    """The top-level package of every import in the module, wherever it stands."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def names_used(tree: ast.AST) -> set[str]:
    """Identifiers, attribute names and string constants: how code names a model."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name.split(".")[-1])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def forbidden_imports(package: str) -> list[str]:
    problems = []
    for path in python_files(package):
        for imported in sorted(imported_packages(parse(path)) & FORBIDDEN[package]):
            problems.append(f"{path.relative_to(ROOT)} imports {imported}")
    return problems


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package):
    assert forbidden_imports(package) == []


def concrete_model_names() -> set[str]:
    """Every model of the content apps, by class name, label and lower-case label."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        if model._meta.app_label in {"therapies", "articles"}:
            names |= {model.__name__, model._meta.label, model._meta.label_lower}
    return names


def test_the_editing_core_names_no_concrete_model():
    models = concrete_model_names()
    assert {"Therapy", "articles.Article"} <= models  # the check sees the real models
    problems = [
        f"{path.relative_to(ROOT)} names {name}"
        for path in python_files("history")
        for name in sorted(names_used(parse(path)) & models)
    ]
    assert problems == []


def test_the_check_finds_a_forbidden_import(tmp_path):
    """The test itself works: a module importing articles is caught."""
    tree = ast.parse("def f():\n    from articles.models import Article\n")
    assert imported_packages(tree) & FORBIDDEN["therapies"] == {"articles"}
    assert "Article" in names_used(tree)


def test_every_project_package_is_checked_or_allowed_everything():
    """A new top-level package must be placed in the rule above, not slip past it."""
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "tools"}
    }
    assert packages == PROJECT_PACKAGES


def test_migrations_import_no_project_code():
    """Migrations are frozen: app code they imported could change what an old migration does."""
    problems = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for package in sorted(PROJECT_PACKAGES)
        for path in sorted((ROOT / package).glob("migrations/*.py"))
        for imported in sorted(imported_packages(parse(path)) & PROJECT_PACKAGES)
    ]
    assert problems == []


def test_the_readme_app_map_names_every_package():
    """The README's "For developers" map must follow the tree (and not name a folder that is gone)."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## For developers", 1)[1].split("\n## ", 1)[0]
    mapped = set(re.findall(r"^\| `([a-z_/]+)/`", section, flags=re.MULTILINE))
    packages = set(PROJECT_PACKAGES) | {
        f"articles/{path.parent.name}"
        for path in (ROOT / "articles").glob("*/__init__.py")
        if path.parent.name not in {"migrations", "management", "templatetags"}
    }
    assert mapped == packages
