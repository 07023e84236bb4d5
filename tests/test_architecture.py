"""How the packages depend on each other: `core` is the base every package may import and imports
none of them; the accounts package knows neither face (web, API); and the package import cycles that
remain may not grow. Imports only needed for type checking do not count."""

import ast
import pathlib

SOURCE = pathlib.Path(__file__).resolve().parents[1] / "secondopinion"
# Pairs of packages that import each other today (see the README's design notes); a new pair fails.
MUTUAL_PAIRS_CEILING = 16


def _runtime_imports(tree: ast.AST) -> list[str]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for child in node.body for inner in ast.walk(child)}
    names = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        package = path.relative_to(SOURCE).parts[0].removesuffix(".py")
        for module in _runtime_imports(ast.parse(path.read_text())):
            parts = module.split(".")
            if parts[0] == "secondopinion" and len(parts) > 1 and parts[1] != package:
                graph.setdefault(package, set()).add(parts[1])
    return graph


def test_core_imports_no_other_package():
    assert package_graph().get("core", set()) == set()


def test_accounts_knows_neither_face():
    assert not package_graph().get("accounts", set()) & {"api", "web"}


def test_the_rules_import_no_service_or_face():
    assert package_graph().get("protocols", set()) <= {"core"}


def test_package_cycles_do_not_grow():
    graph = package_graph()
    mutual = sorted(
        (a, b) for a, targets in graph.items() for b in targets if a < b and a in graph.get(b, set())
    )
    assert len(mutual) <= MUTUAL_PAIRS_CEILING, mutual


def test_no_service_package_imports_a_face():
    faces = {"web", "api"}
    # fhir/ is a face beside api/ (architecture.md: "Faces (web/, api/, fhir/, …)"), over the API's tokens.
    pages = faces | {"journey", "aftercare", "demo", "fhir"}
    graph = package_graph()
    assert {
        package for package, targets in graph.items() if targets & faces and package not in pages
    } == set()
