"""The dependency contract of ``src/zhengce``, read from the source (AST, nothing is imported).

(a) layers: a module imports only from its own package, from a lower layer, or along an edge named in
    ``SIDEWAYS``; (b) no module imports another module's ``_private`` name; (c) no import circle between
    modules (every import counts, also one inside a function or under ``TYPE_CHECKING``: a lazy import
    does not remove a circle, it hides it); (d) no module over 400 lines and no function over 80 lines
    (``db/migrations`` aside); (e) every package's ``__init__`` has a docstring and an ``__all__`` whose
    names exist.

What breaks a rule today is listed below with the reason (``*_TODAY``): a new offender fails its test, and
an entry that no longer offends fails ``test_the_allow_lists_name_only_todays_offenders`` so that the lists
only shrink. Fixing an offender means deleting its line here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "zhengce"

# the layers, lowest first; a package imports from its own layer only along an edge of SIDEWAYS
LAYERS: list[set[str]] = [
    {"text"},
    {"calendar"},
    {"parse"},
    {"extract"},
    {"db"},
    {"access"},
    {"library", "supervision", "datagov", "calc", "eligibility"},
    {"web", "cli"},
]
# modules of no layer that any module may import: leaf utilities and the root package (``__version__``)
ANYONE_MAY_USE = {"sheets", ""}

# (importer's package, imported package) -> the names it may import (None: any), and why
SIDEWAYS: dict[tuple[str, str], tuple[frozenset[str] | None, str]] = {
    ("eligibility", "calc"): (None, "eligibility answers with the amounts of the calculators (政策找人 uses 政策计算)"),
    ("supervision", "datagov"): (frozenset({"CLAUSE38_ITEMS", "duties", "tally"}),
                                 "the data-resource clocks are scored, reminded and bulletined like the campaign's"
                                 " own duties (supervision.dataclocks reads datagov.duties only)"),
    ("supervision", "eligibility"): (frozenset({"unclaimed", "push_duties", "push_tally"}),
                                     "the bulletin counts 应享未享 from 政策找人's pushes; the pushes are the granting"
                                     " units' tasks in digests, reminders and scores (supervision.pushclocks)"),
}

# (importer module, imported module) pairs that break the layers today
LAYER_BREAKS_TODAY: dict[tuple[str, str], str] = {}

# (importer module, "imported module:name") pairs that reach for a private name today
PRIVATE_IMPORTS_TODAY: set[tuple[str, str]] = set()

# circles of modules today, with why (a circle that shrinks still passes; one that grows fails)
CIRCLES_TODAY: list[tuple[frozenset[str], str]] = []

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
EXEMPT_FROM_SIZE = ("zhengce.db.migrations",)

# modules over MAX_MODULE_LINES today ("zhengce/x/y.py": lines), others are splitting them now
LONG_MODULES_TODAY: set[str] = set()
# functions over MAX_FUNCTION_LINES today ("module:qualified.name")
LONG_FUNCTIONS_TODAY: set[str] = set()
# packages whose __init__ has no docstring or no __all__ today
BARE_PACKAGES_TODAY: set[str] = set()


@dataclass(frozen=True)
class Import:
    importer: str  # module
    target: str  # module imported from
    name: str | None  # the name taken from it (None: the module itself)
    line: int
    local: str | None = None  # the name the module is bound to in the importer, when a module is bound

    def where(self) -> str:
        imported = f"{self.target}:{self.name}" if self.name else self.target
        return f"{path_of(self.importer)}:{self.line}: {self.importer} imports {imported}"


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)

    @property
    def package(self) -> str:
        """The top-level sub-package (``db`` for ``zhengce.db.store``), ``sheets`` for ``zhengce.sheets``,
        ``""`` for ``zhengce`` itself."""
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = _module_name(path)
        found[name] = Module(name, path, is_package, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    for module in found.values():
        module.imports = list(_imports(module, found))
    return found


def path_of(module: str) -> str:
    found = modules().get(module)
    return str(found.path.relative_to(SRC)) if found else module


def _imports(module: Module, known: dict[str, Module]) -> Iterator[Import]:
    """Every import of a zhengce module in ``module``, wherever it stands; ``from p import m`` of a
    sub-module ``m`` is an import of ``p.m``."""
    here = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "zhengce" or alias.name.startswith("zhengce."):
                    yield Import(module.name, alias.name, None, node.lineno, alias.asname)
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            yield Import(module.name, _dynamic_import(node) or "", None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not (target == "zhengce" or target.startswith("zhengce.")):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:
                    yield Import(module.name, sub, None, node.lineno, alias.asname or alias.name)
                else:
                    yield Import(module.name, target, alias.name, node.lineno)


def _dynamic_import(call: ast.Call) -> str | None:
    """The zhengce module named by ``__import__("zhengce.x")`` or ``importlib.import_module("zhengce.x")``."""
    func = call.func
    named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if named not in ("__import__", "import_module") or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("zhengce"):
        return first.value
    return None


def _layer(package: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if package in layer), None)


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _fail(title: str, lines: list[str], advice: str) -> None:
    if lines:
        pytest.fail(f"{title} ({len(lines)}):\n  " + "\n  ".join(sorted(lines)) + f"\n{advice}", pytrace=False)


# --- (a) layers ---------------------------------------------------------------------------------------


@cache
def layer_breaks() -> dict[tuple[str, str], list[Import]]:
    breaks: dict[tuple[str, str], list[Import]] = {}
    for module in modules().values():
        for imp in module.imports:
            mine, theirs = module.package, _package(imp.target)
            if mine == theirs or theirs in ANYONE_MAY_USE:
                continue
            low, high = _layer(theirs), _layer(mine)
            if low is not None and high is not None and low < high:
                continue
            allowed = SIDEWAYS.get((mine, theirs))
            if allowed is not None and (allowed[0] is None or (imp.name or imp.target.rsplit(".", 1)[-1]) in allowed[0]):
                continue
            breaks.setdefault((imp.importer, imp.target), []).append(imp)
    return breaks


def test_every_package_has_a_layer() -> None:
    packages = {m.package for m in modules().values()} - ANYONE_MAY_USE
    _fail("packages in no layer", [p for p in packages if _layer(p) is None],
          "Put each new package in LAYERS (or in ANYONE_MAY_USE if it is a leaf that imports nothing of zhengce).")
    leaves = [imp.where() for m in modules().values() if m.package in ANYONE_MAY_USE - {""} for imp in m.imports]
    _fail("leaf modules that import zhengce", leaves, "A module of ANYONE_MAY_USE imports nothing of zhengce.")


def test_modules_import_only_from_their_package_or_lower_layers() -> None:
    order = " → ".join("{" + ", ".join(sorted(layer)) + "}" for layer in LAYERS)
    new = [imp.where() for key, imps in layer_breaks().items() if key not in LAYER_BREAKS_TODAY for imp in imps]
    _fail("imports against the layers", new,
          f"Layers, lowest first: {order}; {', '.join(sorted(ANYONE_MAY_USE - {''}))} may be used by anyone, and "
          f"among one layer only: {', '.join(f'{a} → {b}' for a, b in SIDEWAYS)}.\nMove what both need down a "
          "layer (or into the importer's package) instead of importing upwards.")


# --- (b) private names ----------------------------------------------------------------------------------


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def private_imports() -> dict[tuple[str, str], list[str]]:
    """``from m import _x``, ``import m._x`` and ``m._x`` where ``m`` is another zhengce module."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in modules().values():
        aliases = {imp.local: imp.target for imp in module.imports if imp.local}  # local name -> module
        for imp in module.imports:
            hidden = [part for part in imp.target.split(".") if _is_private(part)]
            if imp.target != module.name and (hidden or (imp.name and _is_private(imp.name))):
                key = (module.name, f"{imp.target}:{imp.name}" if imp.name else imp.target)
                found.setdefault(key, []).append(imp.where())
        for node in ast.walk(module.tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and _is_private(node.attr) and aliases[node.value.id] != module.name):
                key = (module.name, f"{aliases[node.value.id]}:{node.attr}")
                found.setdefault(key, []).append(
                    f"{path_of(module.name)}:{node.lineno}: {module.name} uses {node.value.id}.{node.attr}")
    return found


def test_no_module_reaches_for_another_modules_private_names() -> None:
    new = [w for key, wheres in private_imports().items() if key not in PRIVATE_IMPORTS_TODAY for w in wheres]
    _fail("private names used outside their module", new,
          "A name that others need is public: drop its underscore (and list it in the package's __all__), or "
          "move the helper to where both can import it.")


# --- (c) circles ----------------------------------------------------------------------------------------


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for module in known.values():
        for imp in module.imports:
            if imp.target in known and imp.target != module.name:
                edges[module.name].add(imp.target)
    return edges


@cache
def circles() -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            nxt = next(successors, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _explain(component: set[str]) -> str:
    lines = [f"circle of {len(component)} modules: {', '.join(sorted(component))}"]
    for module in sorted(component):
        for imp in modules()[module].imports:
            if imp.target in component and imp.target != module:
                lines.append("    " + imp.where())
    return "\n  ".join(lines)


def test_no_import_circles() -> None:
    new = [_explain(c) for c in circles() if not any(c <= known for known, _ in CIRCLES_TODAY)]
    _fail("import circles", new,
          "Break each circle by moving what both sides need into a module below both (a lazy import inside a "
          "function does not break it: it is counted here too).")


# --- (d) size -------------------------------------------------------------------------------------------


def _sized() -> Iterator[Module]:
    return (m for m in modules().values() if not m.name.startswith(EXEMPT_FROM_SIZE))


@cache
def long_modules() -> dict[str, int]:
    found = {}
    for module in _sized():
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found[path_of(module.name)] = lines
    return found


def _functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + child.name, child
            yield from _functions(child, f"{prefix}{child.name}.")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")
        else:
            yield from _functions(child, prefix)


@cache
def long_functions() -> dict[str, tuple[int, str]]:
    """``module:qualname`` -> (lines from ``def`` to the end, where)."""
    found = {}
    for module in _sized():
        for name, node in _functions(module.tree):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                found[f"{module.name}:{name}"] = (lines, f"{path_of(module.name)}:{node.lineno}")
    return found


def test_no_new_module_over_400_lines() -> None:
    new = [f"{path} has {n} lines" for path, n in long_modules().items() if path not in LONG_MODULES_TODAY]
    _fail(f"modules over {MAX_MODULE_LINES} lines", new,
          "Split the module along what it does (one cohesive thing may stay long: then add it to "
          "LONG_MODULES_TODAY with the reason).")


def test_no_new_function_over_80_lines() -> None:
    new = [f"{where}: {name} has {n} lines" for name, (n, where) in long_functions().items()
           if name not in LONG_FUNCTIONS_TODAY]
    _fail(f"functions over {MAX_FUNCTION_LINES} lines", new, "Split the function into named steps.")


# --- (e) package interfaces -----------------------------------------------------------------------------


def _bound_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            value = node.value  # type: ignore[union-attr]
            if isinstance(value, ast.List | ast.Tuple) and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
                return [e.value for e in value.elts]  # type: ignore[attr-defined]
            return []
    return None


@cache
def bare_packages() -> dict[str, str]:
    found = {}
    for module in modules().values():
        if not module.is_package:
            continue
        missing = [what for what, ok in (("a docstring", ast.get_docstring(module.tree)),
                                         ("__all__", _declared_all(module.tree) is not None)) if not ok]
        if missing:
            found[module.name] = f"{path_of(module.name)} has no {' and no '.join(missing)}"
    return found


def test_every_package_states_its_public_names() -> None:
    _fail("packages without a docstring or __all__",
          [why for name, why in bare_packages().items() if name not in BARE_PACKAGES_TODAY],
          "Each package's __init__.py says in its docstring what the package is for and lists its public names "
          "in __all__ (re-exporting them where that makes no import circle).")


def test_every_name_in_all_exists() -> None:
    wrong = []
    for module in modules().values():
        declared = _declared_all(module.tree) or []
        bound = _bound_names(module.tree)
        subs = {n.rsplit(".", 1)[-1] for n in modules() if n.rsplit(".", 1)[0] == module.name}
        wrong += [f"{path_of(module.name)}: __all__ names {n!r}, which it does not define or import"
                  for n in declared if n not in bound | subs]
    _fail("names in __all__ that do not exist", wrong, "Import the name in the __init__ or drop it from __all__.")


# --- the allow-lists only shrink ------------------------------------------------------------------------


def test_the_allow_lists_name_only_todays_offenders() -> None:
    present = set(modules())
    stale = [f"LAYER_BREAKS_TODAY: {a} → {b}" for a, b in LAYER_BREAKS_TODAY if (a, b) not in layer_breaks()]
    stale += [f"PRIVATE_IMPORTS_TODAY: {a} → {b}" for a, b in PRIVATE_IMPORTS_TODAY if (a, b) not in private_imports()]
    now = circles()
    stale += [f"CIRCLES_TODAY: {sorted(c)}" for c, _ in CIRCLES_TODAY if not any(found <= c for found in now)]
    stale += [f"LONG_MODULES_TODAY: {p}" for p in LONG_MODULES_TODAY if p not in long_modules()]
    stale += [f"LONG_FUNCTIONS_TODAY: {f}" for f in LONG_FUNCTIONS_TODAY if f not in long_functions()]
    stale += [f"BARE_PACKAGES_TODAY: {p}" for p in BARE_PACKAGES_TODAY if p not in bare_packages() or p not in present]
    _fail("allow-list entries that no longer offend", stale,
          "Good news: delete these lines from tests/test_architecture.py so that the offence cannot come back.")
