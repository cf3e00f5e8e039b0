"""Tenant scoping as a rule that fails (issue 9, item 6), in the spirit of zulip's semgrep rules.

What it checks: in every view, action, access or API module of amparo/ (files named
views.py, views_*.py, *_views.py, actions.py, api.py, access.py, or anything under a
views/ package; tests/ and migrations/ skipped), every query that looks a row up by
primary key -- ``pk=``, ``id=``, ``pk__in=``, ``id__in=`` (also ``__exact``) given to
``get``/``filter``/``get_or_create``/``update_or_create``, ``in_bulk(ids)``, or
``get_object_or_404(Model, pk=...)`` -- on an organization-owned model must carry, somewhere
in the same call chain (or in the chain a queryset variable was built from), a scoping kwarg:

* ``organization=``, ``organization_id=`` or ``organization__...=`` (any value); or
* a scoped parent: a kwarg that walks relations only and ends at an organization-owned
  model, compared to an object -- ``incident=incident``, ``dispatch=d``,
  ``report__incident=incident``. The parent object must itself come from a scoped query
  (checked where it is loaded by pk in a module read here). The raw-id forms
  (``incident_id=``, ``incident__pk=``) count only with a value read off a loaded row.

Organization-owned models are found by introspection: the organization itself, every
model with a ForeignKey/OneToOneField ``organization`` to orgs.Organization, and (to a
fixed point) every model with a required ForeignKey to one of those (e.g. a message's
status events). Queries through a related manager (``incident.reports.get(pk=...)``) or
a helper returning a scoped queryset are not resolved to a model and so pass.

An id read off an attribute -- ``x.pk``, ``x.id``, ``x.dispatch_id`` -- is a loaded row's
own id or foreign key (a reload, or following a relation), not request data, and passes;
request data arrives as parameters, subscripts or calls (``pk``, ``request.POST["id"]``,
``int(raw)``), which are flagged. Attributes of ``request`` are request data. Limit: a
request schema read as ``payload.incident_id`` would pass; scope such a lookup anyway.

To add an exception, add ``path:function  # reason`` to tenant_scoping_allowlist.txt
(function is the enclosing def, ``Class.method`` for methods; ``<module>`` at top level).
The reason is required and must say how the lookup is scoped; entries that no longer
match a finding fail the test, so the list cannot rot.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ALLOWLIST = Path(__file__).with_name("tenant_scoping_allowlist.txt")
PK_KWARGS = {f"{k}{s}" for k in ("pk", "id") for s in ("", "__in", "__exact")}
LOOKUPS = {"get", "filter", "get_or_create", "update_or_create", "aget", "aget_or_create", "aupdate_or_create"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404", "aget_object_or_404", "aget_list_or_404"}
VIEW_NAMES = re.compile(r"^(views|views_\w+|\w+_views|actions|api|access)\.py$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    function: str
    model: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.model} looked up by pk without an organization filter"


@cache
def org_owned_models() -> dict[str, Any]:
    """Object name -> model class, for the organization and every model it owns."""
    from django.apps import apps
    from django.db.models import ForeignKey

    org = apps.get_model("orgs", "Organization")
    owned = {org._meta.object_name: org}
    owned |= {m._meta.object_name: m for m in apps.get_models() for f in m._meta.concrete_fields
              if f.name == "organization" and isinstance(f, ForeignKey) and f.related_model is org}
    while more := {m._meta.object_name: m for m in apps.get_models() if m not in owned.values() and any(
            isinstance(f, ForeignKey) and not f.null and f.related_model in owned.values()
            for f in m._meta.concrete_fields)}:  # owned only through a required parent
        owned |= more
    return owned


def view_modules(root: Path = ROOT) -> list[Path]:
    paths = []
    for path in sorted((root / "amparo").rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if VIEW_NAMES.match(path.name) or "views" in parts[:-1]:
            paths.append(path)
    return paths


def _derived(value: ast.expr) -> bool:
    """An id read off a loaded row (``x.pk``, ``x.dispatch_id``), or a list of them."""
    if isinstance(value, ast.Attribute):
        root: ast.expr = value
        while isinstance(root, ast.Attribute):
            root = root.value
        named = value.attr in ("pk", "id") or value.attr.endswith("_id")
        return named and isinstance(root, ast.Name) and root.id != "request"
    if isinstance(value, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return _derived(value.elt)
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return all(_derived(e) for e in value.elts)
    return False


def _scopes(model: Any, key: str, value: ast.expr) -> bool:
    from django.core.exceptions import FieldDoesNotExist

    if key in ("organization", "organization_id") or key.startswith("organization__"):
        return True
    parts = [p for p in key.split("__") if p not in ("in", "exact")]
    raw_id = parts[-1] in ("pk", "id") or parts[-1].endswith("_id")
    parts = [p for p in parts if p not in ("pk", "id")]
    target = model
    for part in parts:
        try:
            field = target._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        target = field.related_model
    owned = org_owned_models().get(target._meta.object_name) is target
    return bool(parts) and owned and (not raw_id or _derived(value))


def _chain(node: ast.expr) -> tuple[list[ast.Call], ast.expr]:
    """``A.objects.f(..).g(..)`` -> its calls, outermost first, and its root ``A.objects``."""
    calls: list[ast.Call] = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls, node


def _lookup_kwargs(calls: list[ast.Call]) -> list[ast.keyword]:
    return [k for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr in LOOKUPS
            for k in c.keywords if k.arg and k.arg != "defaults"]


def _shortcut(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in SHORTCUTS and bool(call.args)


def _resolve(root: ast.expr, querysets: dict[str, tuple[Any, bool]]) -> tuple[Any, bool] | None:
    """The model, and whether it is scoped already, of ``Model.objects``, ``Model`` (as in
    ``get_object_or_404(Model, ...)``) or a queryset variable."""
    if isinstance(root, ast.Name) and root.id in querysets:
        return querysets[root.id]
    if isinstance(root, ast.Attribute) and isinstance(root.value, ast.Name):
        root = root.value
    model = org_owned_models().get(root.id) if isinstance(root, ast.Name) else None
    return (model, False) if model is not None else None


def _scoped(model: Any, scoped: bool, kwargs: list[ast.keyword]) -> bool:
    return scoped or any(_scopes(model, str(k.arg), k.value) for k in kwargs)


def _check_function(path: str, name: str, nodes: list[ast.AST]) -> Iterator[Finding]:
    """The unscoped pk lookups among the nodes of one def (its nested defs are checked on their own)."""
    querysets: dict[str, tuple[Any, bool]] = {}  # `qs = Incident.objects.filter(organization=org)`
    for node in sorted((n for n in nodes if isinstance(n, ast.Assign | ast.AnnAssign)), key=lambda n: n.lineno):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name) and node.value is not None:
            calls, root = _chain(node.value)
            resolved = _resolve(root, querysets) if calls else None
            querysets.pop(targets[0].id, None)
            if resolved is not None:
                querysets[targets[0].id] = (resolved[0], _scoped(*resolved, _lookup_kwargs(calls)))
    all_calls = [n for n in nodes if isinstance(n, ast.Call)]
    chained = {id(c) for call in all_calls for c in _chain(call)[0][1:]}
    chained |= {id(c) for call in all_calls if _shortcut(call) for c in _chain(call.args[0])[0]}
    for node in (c for c in all_calls if id(c) not in chained):
        calls, root = _chain(node)
        kwargs = _lookup_kwargs(calls)
        if _shortcut(node):  # get_object_or_404(Model or queryset, **lookups)
            calls, root = _chain(node.args[0])
            kwargs = _lookup_kwargs(calls) + node.keywords
        resolved = _resolve(root, querysets) if calls or kwargs else None
        if resolved is None:
            continue
        by_pk = any(k.arg in PK_KWARGS and not _derived(k.value) for k in kwargs)
        by_pk |= any(isinstance(c.func, ast.Attribute) and c.func.attr == "in_bulk" and c.args
                     and not _derived(c.args[0]) for c in calls)
        if by_pk and not _scoped(*resolved, kwargs):
            yield Finding(path, node.lineno, name, resolved[0]._meta.object_name)


def _functions(tree: ast.AST) -> Iterator[tuple[str, list[ast.AST]]]:
    """Each def, named ``outer.inner`` or ``Class.method``, with the nodes that are its own."""
    def walk(node: ast.AST, name: str) -> Iterator[tuple[str, list[ast.AST]]]:
        own: list[ast.AST] = []
        stack = list(ast.iter_child_nodes(node))
        while stack:
            child = stack.pop()
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from walk(child, child.name if name == "<module>" else f"{name}.{child.name}")
            else:
                own.append(child)
                stack.extend(ast.iter_child_nodes(child))
        yield name, own
    yield from walk(tree, "<module>")


def check_file(path: Path, root: Path = ROOT) -> list[Finding]:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    tree = ast.parse(path.read_text(), filename=str(path))
    return sorted((f for name, nodes in _functions(tree) for f in _check_function(rel, name, nodes)),
                  key=lambda f: f.line)


def check_tree(root: Path = ROOT) -> list[Finding]:
    return [f for path in view_modules(root) for f in check_file(path, root)]


def load_allowlist(path: Path = ALLOWLIST) -> dict[tuple[str, str], str]:
    """``(path, function) -> reason`` from ``path:function  # reason`` lines."""
    entries = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where, _, reason = line.partition("#")
        file, _, function = where.strip().rpartition(":")
        entries[(file, function)] = reason.strip()
    return entries
