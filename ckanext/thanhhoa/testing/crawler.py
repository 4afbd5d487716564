"""The access crawler: every side-effect-free action CKAN has registered and
every GET route of the Flask app, called as one identity, each response
(body and headers) searched for canary strings.

Actions and routes are enumerated at run time, so what a future plugin adds
is crawled without editing anything. An action's parameters are the ones
its docstring documents (`:param id:`), filled with the ids of the objects
the crawl is about (datasets, resources, agencies, users, tags, activities,
harvest sources, jobs and objects) by the kind its name says; a route's
variables likewise by its path. Nothing here knows CKAN's tests: a crawl
takes a WSGI test client."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import quote

# Parameters that name an object, and those that take a search text.
ID_PARAMS = ("id", "name_or_id", "package_id", "resource_id", "source_id", "object_id",
             "activity_id", "entity_id", "user", "user_id", "group", "organization", "job_id",
             "harvest_source_id", "harvest_job_id", "harvest_object_id", "dataset_id")
TEXT_PARAMS = ("q", "query", "term", "search", "fq", "filters")

# The kind of object an action or route is about, by the words of its name
# (the first that matches).
KINDS_BY_WORD = (
    ("harvest_object", ("harvest_object",)), ("harvest/object", ("harvest_object",)),
    ("harvest_log", ("harvest_job",)), ("harvest_job", ("harvest_job",)),
    ("/job", ("harvest_job",)),
    ("harvest", ("harvest_source",)),
    ("activity", ("activity", "dataset", "organization", "user")),
    ("changes", ("activity", "dataset", "organization")),
    ("history", ("activity",)),
    ("datastore", ("resource",)), ("xloader", ("resource",)), ("resource", ("resource",)),
    ("package", ("dataset",)), ("dataset", ("dataset",)), ("dcat", ("dataset",)),
    ("organization", ("organization",)), ("group", ("organization",)), ("member", ("organization",)),
    ("user", ("user",)), ("dashboard", ("user",)), ("followee", ("user", "dataset")),
    ("api_token", ("user",)), ("tag", ("tag",)), ("task_status", ("dataset",)),
)

# Route variables: what fills them, by name.
ROUTE_VALUES = {
    "ver": ["3"], "lang": ["vi"], "_format": ["ttl"], "fmt": ["ttl"], "code": ["38"],
    "filename": ["data.csv"], "view_id": ["x"], "package_type": ["dataset"],
    "path": ["dataset/"], "storage_name": ["resources"], "token": ["x"],
}


@dataclass
class Result:
    """What one crawl met."""
    calls: int = 0
    statuses: dict = field(default_factory=lambda: defaultdict(set))   # target → statuses
    found: dict = field(default_factory=lambda: defaultdict(set))      # canary → where
    failures: list = field(default_factory=list)                       # 500s

    def covered(self) -> set:
        return {t for t, codes in self.statuses.items() if 200 in codes}

    def record(self, target: str, where: str, status: int, text: str, canaries: Iterable[str]):
        """One response: a canary the request itself carried (a name in the
        URL, echoed by a 404 page) is not counted as found."""
        self.calls += 1
        self.statuses[target].add(status)
        if status >= 500:
            self.failures.append(f"{where}: {status} {text[:160]!r}")
        for canary in canaries:
            if canary in text and canary not in where:
                self.found[canary].add(where)


def side_effect_free_actions() -> dict[str, Callable]:
    """Every action registered now that CKAN marks side-effect-free (so
    answering GET)."""
    import ckan.logic as logic

    logic.get_action("package_show")          # fills the registry
    return {name: fn for name, fn in sorted(logic._actions.items())
            if getattr(fn, "side_effect_free", False)}


def documented_params(fn: Callable) -> list[str]:
    """The parameters an action's docstring documents (`:param name:`)."""
    return re.findall(r":param (\w+):", fn.__doc__ or "")


def kinds_of(name: str) -> tuple[str, ...]:
    for word, kinds in KINDS_BY_WORD:
        if word in name:
            return kinds
    return ("dataset", "resource", "organization", "user")


def action_calls(name: str, fn: Callable, ids: dict[str, list[str]], probe: str) -> list[dict]:
    """The parameter sets to call an action with: none; each documented id
    parameter (`id` when none is documented) with each id of the action's
    kinds; each documented search parameter with the probe text."""
    params = documented_params(fn) or ["id"]
    values = [v for kind in kinds_of(name) for v in ids.get(kind, [])]
    calls: list[dict] = [{}]
    for param in params:
        if param in ID_PARAMS:
            calls += [{param: value} for value in values]
        elif param in TEXT_PARAMS:
            calls.append({param: probe})
    if "object_type" in params and "id" in params:          # activity_diff, member_list
        calls += [{"id": v, "object_type": t} for v in values for t in ("package", "dataset")]
    return calls


def get_routes(flask_app) -> list:
    """The rules of the Flask app that answer GET, each once."""
    seen, rules = set(), []
    for rule in flask_app.url_map.iter_rules():
        if "GET" in rule.methods and rule.rule not in seen:
            seen.add(rule.rule)
            rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


def route_variables(rule) -> list[str]:
    """The variables of a rule's path (not the defaults a view is given)."""
    return re.findall(r"<(?:[^:<>]+:)?([^<>:(]+)(?:\([^)]*\))?>", rule.rule)


def _consistent(values: dict, parents: dict[str, str]) -> bool:
    """A resource or an activity goes with its own dataset only (with any
    other object, a harvest source's pages say, every pair is tried)."""
    parent = values.get("id", values.get("_id"))
    return parent not in set(parents.values()) or all(
        parents.get(values[child], parent) == parent
        for child in ("resource_id", "activity_id") if child in values)


def route_urls(rule, ids: dict[str, list[str]], parents: dict[str, str] | None = None) -> list[str]:
    """URLs of a rule with its variables filled: object ids by the rule's
    path, other variables by name; a resource or an activity only with the
    dataset `parents` says it belongs to. A rule with a variable nothing
    fills gives no URL."""
    variants = [{}]
    for variable in route_variables(rule):
        if variable in ROUTE_VALUES:
            values = ROUTE_VALUES[variable]
        elif variable in ("resource_id", "location"):
            values = ids.get("resource", [])
        elif variable == "activity_id":
            values = ids.get("activity", [])
        elif variable in ("id", "_id", "source"):
            # the kind the path says before the variable: /dataset/<id>/…
            before = rule.rule[:re.search(r"<(?:[^:<>]+:)?%s[>(]" % variable, rule.rule).start()]
            values = [v for kind in kinds_of(before) for v in ids.get(kind, [])]
        else:
            return []
        if not values:
            return []
        variants = [dict(v, **{variable: value}) for v in variants for value in values]
    urls = []
    for values in (v for v in variants if _consistent(v, parents or {})):
        url = rule.rule
        for variable, value in values.items():
            url = re.sub(r"<(?:[^:<>]+:)?%s(?:\([^)]*\))?>" % re.escape(variable),
                         quote(str(value), safe=""), url)
        urls.append(url)
    return urls


def crawl(client, headers: dict, ids: dict[str, list[str]], canaries: list[str], probe: str,
          skip_actions: dict[str, str], skip_routes: dict[str, str],
          extra_calls: dict[str, list[dict]] | None = None, routes: bool = True,
          parents: dict[str, str] | None = None) -> Result:
    """Call every side-effect-free action (GET /api/3/action/…) and request
    every GET route (unless `routes` is false) as the identity of `headers`.
    `extra_calls` adds parameter sets for actions whose parameters the rules
    above miss; `parents` maps a resource's or an activity's id to its
    dataset's."""
    result = Result()
    for name, fn in side_effect_free_actions().items():
        if name in skip_actions:
            continue
        for params in action_calls(name, fn, ids, probe) + (extra_calls or {}).get(name, []):
            status, text = _get(client, f"/api/3/action/{name}", headers, query_string=params)
            result.record(f"action {name}", f"action {name} {params}", status, text, canaries)
    for rule in get_routes(client.flask_app) if routes else []:
        if rule.rule in skip_routes:
            continue
        for url in route_urls(rule, ids, parents):
            status, text = _get(client, url, headers, follow_redirects=False)
            result.record(f"route {rule.rule}", f"GET {url}", status, text, canaries)
    return result


def _get(client, url: str, headers: dict, **kwargs) -> tuple[int, str]:
    """(status, body and headers) of a GET; an exception the app let out
    (a test app propagates them) is the 500 a server would answer."""
    try:
        response = client.get(url, headers=headers, **kwargs)
    except Exception as error:  # noqa: BLE001 — any escape is a 500
        return 500, f"{type(error).__name__}: {error}"
    return response.status_code, response.get_data(as_text=True) + str(response.headers)
