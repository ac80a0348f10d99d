"""The direction of imports between the apps (docs/architecture.md): front ends on top,
the domain below them in one order, the two pure cores free of Django. Each test names
every file and import that breaks its rule, so that the fix is plain."""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "opencall"

FRONT_ENDS = ("cfp", "staff", "public", "api")
# Bottom to top: an app may import the apps of its own level and of the levels below.
DOMAIN_ORDER = (
    ("core",),
    ("reference",),
    ("calls",),
    ("applications",),
    ("screening", "reviews", "conversations"),
    ("imports",),
    ("accounts",),
    ("selection",),
    ("collaborations",),
    ("mail", "webhooks"),
    ("privacy",),
)
DOMAIN = tuple(app for level in DOMAIN_ORDER for app in level)
LEVEL = {app: number for number, level in enumerate(DOMAIN_ORDER) for app in level}
PURE_CORES = ("opencall/screening/engine.py", "opencall/selection/optimiser.py")
PAGE_CODE = ("views.py", "views", "urls.py", "forms.py", "forms", "templates")


@dataclass(frozen=True)
class Import:
    source: str  # the importing file, relative to the repository
    line: int
    target: str  # the module imported, dotted

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _targets(node: ast.AST, path: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        package = _module_name(path).split(".")
        if not _is_package(path):
            package.pop()
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    # `from opencall.x import y` imports the module y when there is one, else a name of x.
    return [
        f"{base}.{alias.name}" if _module_path(f"{base}.{alias.name}") else base
        for alias in node.names
    ]


@cache
def _module_path(name: str) -> Path | None:
    if not name.startswith("opencall"):
        return None
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@cache
def _imports_of(path: Path) -> tuple[Import, ...]:
    """Every import in the file, at the top or inside a function."""
    tree = ast.parse(path.read_text(), filename=str(path))
    source = str(path.relative_to(ROOT))
    found = (
        Import(source, node.lineno, target)
        for node in ast.walk(tree)
        for target in _targets(node, path)
    )
    return tuple(dict.fromkeys(found))  # `from x import a, b` is one import of x


def _app_of_file(path: Path) -> str | None:
    """The app a file belongs to; None for the project's own wiring (settings, urls)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _app_of_module(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "opencall" or len(parts) < 2:
        return None
    return parts[1] if (PACKAGE / parts[1]).is_dir() else None


def _app_imports() -> list[tuple[str, str, Import]]:
    """(importing app, imported app, the import) for every import between two apps."""
    found = []
    for path in _source_files():
        source = _app_of_file(path)
        if source is None:
            continue
        for item in _imports_of(path):
            target = _app_of_module(item.target)
            if target is not None and target != source:
                found.append((source, target, item))
    return found


def _report(rule: str, offences: list[str]) -> str:
    return f"{rule}:\n  " + "\n  ".join(sorted(offences))


def test_every_app_is_a_front_end_or_in_the_domain_order():
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    unknown = sorted(apps - set(FRONT_ENDS) - set(DOMAIN))
    assert not unknown, (
        f"apps neither a front end nor in the domain order: {', '.join(unknown)} "
        "(add each to FRONT_ENDS or DOMAIN_ORDER here and in docs/architecture.md)"
    )


def test_a_domain_app_never_imports_a_front_end():
    offences = [
        f"{item} ({source} is in the domain, {target} is a front end)"
        for source, target, item in _app_imports()
        if source in DOMAIN and target in FRONT_ENDS
    ]
    assert not offences, _report("a domain app imports a front end", offences)


def test_a_front_end_never_imports_another():
    offences = [
        f"{item} ({source} and {target} are both front ends)"
        for source, target, item in _app_imports()
        if source in FRONT_ENDS and target in FRONT_ENDS
    ]
    assert not offences, _report("a front end imports another front end", offences)


def test_domain_apps_import_only_their_level_and_below():
    offences = [
        f"{item} ({target} sits above {source} in the domain order)"
        for source, target, item in _app_imports()
        if source in DOMAIN and target in DOMAIN and LEVEL[target] > LEVEL[source]
    ]
    assert not offences, _report("a domain app imports one above it", offences)


def test_no_cycle_between_apps():
    edges: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for source, target, item in _app_imports():
        edges[source][target].append(item)
    offences = []
    for cycle in _cycles({app: set(targets) for app, targets in edges.items()}):
        links = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        offences.append(
            " → ".join([*cycle, cycle[0]]) + ": " + "; ".join(str(edges[a][b][0]) for a, b in links)
        )
    assert not offences, _report("apps that import one another in a cycle", offences)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest cycle through each app that is on any (each cycle listed once)."""
    found: dict[frozenset[str], list[str]] = {}
    for start in sorted(graph):
        # Breadth first from start's neighbours back to start: the shortest way round.
        paths = [[start, nxt] for nxt in sorted(graph[start])]
        seen = {start}
        while paths:
            path = paths.pop(0)
            if path[-1] == start:
                found.setdefault(frozenset(path[:-1]), path[:-1])
                break
            if path[-1] in seen:
                continue
            seen.add(path[-1])
            paths.extend([*path, nxt] for nxt in sorted(graph.get(path[-1], ())))
    return list(found.values())


def test_domain_apps_hold_no_pages():
    offences = [
        f"opencall/{app}/{name}"
        for app in DOMAIN
        for name in PAGE_CODE
        if (PACKAGE / app / name).exists()
    ]
    assert not offences, _report(
        "page code (views, urls, forms, templates) in a domain app: move it to a front end",
        offences,
    )


def test_the_pure_cores_import_nothing_of_django():
    offences = []
    for core in PURE_CORES:
        for chain, item in _reached(ROOT / core):
            if item.target.split(".")[0] == "django":
                through = " → ".join(chain)
                offences.append(f"{item} (reached from {core}: {through})")
    assert not offences, _report("a pure core reaches Django", offences)


def _reached(start: Path) -> list[tuple[list[str], Import]]:
    """Every import run by importing `start`, with the chain of files that leads to it."""
    found = []
    queue = [(start, [str(start.relative_to(ROOT))])]
    seen = {start}
    while queue:
        path, chain = queue.pop(0)
        for item in _imports_of(path):
            found.append((chain, item))
            for module in _with_parents(item.target):
                target = _module_path(module)
                if target is not None and target not in seen:
                    seen.add(target)
                    queue.append((target, [*chain, str(target.relative_to(ROOT))]))
    return found


def _with_parents(name: str) -> list[str]:
    """Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


def test_the_check_sees_a_wrong_way_import():
    """The walk itself: a relative import from a domain module reaches the front end."""
    path = PACKAGE / "calls" / "views_probe.py"
    tree = ast.parse("from ..staff import access\nfrom . import models\n")
    targets = [t for node in ast.walk(tree) for t in _targets(node, path)]
    assert targets == ["opencall.staff.access", "opencall.calls.models"]
    assert [_app_of_module(t) for t in targets] == ["staff", "calls"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
