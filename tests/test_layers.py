"""The layout is the architecture: each app imports only from the apps below it,
and no two modules import each other, directly or round a loop.

Layers, bottom up (README, "Layout"). Apps in one layer may not import each other
either, except where ALLOWED says so: what sits side by side is independent.
Tests and migrations are left out (a test may build records of any app; a
migration names models by string), and so is the root URLconf, which mounts
every app.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

LAYERS = [
    {"config"},
    {"accounts", "ops"},
    {"partnerships"},
    {"agreements"},
    {"meetings"},
    {"strategy"},
    {"funding", "dhr"},
    {"scrutiny"},
    {"api", "reports", "reminders", "opendata", "home"},
    {"demo"},
    {"bench"},
]
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}
ROOT_URLCONF = "config/urls.py"


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in LAYER or "tests" in parts or "migrations" in parts:
            continue
        yield path


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path, name=None):
    """(line, imported module) for every import in the file, those inside functions
    included: an import put off to run time is still a dependency."""
    name = name or _module_name(path)
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = node.module
            if node.level:  # relative: from the file's package
                package = name.split(".")
                package = package[: len(package) - node.level + (path.name == "__init__.py")]
                module = ".".join([*package, node.module] if node.module else package)
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def _project_module(name, modules):
    """The project module an import names: `a.b.c` is module a.b.c if there is one,
    else a.b (c is a name inside it), and so on."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def test_no_app_imports_an_app_above_it_or_beside_it():
    wrong = []
    for path in _sources():
        here = path.relative_to(ROOT)
        app = here.parts[0]
        if str(here) == ROOT_URLCONF:
            continue
        for line, module in _imports(path):
            other = module.split(".")[0]
            if other in LAYER and other != app and LAYER[other] >= LAYER[app]:
                wrong.append(f"{here}:{line} ({app}, layer {LAYER[app]}) imports {module}")
    assert not wrong, "imports up or across the layers:\n" + "\n".join(wrong)


def test_no_import_cycle_between_modules():
    paths = {_module_name(path): path for path in _sources()}
    graph = {
        name: {
            target
            for _, module in _imports(path)
            if (target := _project_module(module, paths)) and target != name
        }
        for name, path in paths.items()
    }
    # A package's __init__ that re-exports its modules is one unit with them.
    cycles = [c for c in _strongly_connected(graph) if len(c) > 1 and not _one_package(c)]
    assert not cycles, "modules that import each other: " + "; ".join(
        " <-> ".join(sorted(c)) for c in cycles
    )


def _one_package(component):
    shortest = min(component, key=len)
    return all(name == shortest or name.startswith(shortest + ".") for name in component)


def _strongly_connected(graph):
    """Tarjan's algorithm, written iteratively."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def test_the_layers_name_every_app():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if not path.parent.name.startswith(".")
    }
    assert apps - set(LAYER) == set(), "apps with no layer"


def test_the_suite_runs_the_tests_of_every_app(pytestconfig):
    with_tests = {path.parent.name for path in ROOT.glob("*/tests") if path.is_dir()}
    assert with_tests - set(pytestconfig.getini("testpaths")) == set()


def test_the_checks_catch_what_they_are_for(tmp_path):
    """The walker sees an upward import put off inside a function, and a loop."""
    source = tmp_path / "late.py"
    source.write_text("def f():\n    from scrutiny.models import Review\n")
    assert list(_imports(source, "meetings.late")) == [(2, "scrutiny.models.Review")]
    loop = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert {"a", "b", "c"} in _strongly_connected(loop)
