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

import io
import re
import time
import zipfile
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
    ("data_request", ("data_request",)), ("/yeu-cau-du-lieu", ("data_request",)),
    ("dataset/harvest_object", ("dataset",)),
    ("harvest_object", ("harvest_object",)), ("harvest/object", ("harvest_object",)),
    ("harvest_log", ("harvest_job",)), ("harvest_job", ("harvest_job",)),
    ("/job", ("harvest_job",)),
    ("harvest", ("harvest_source",)),
    ("package_activity", ("dataset",)), ("/dataset/activity", ("dataset",)),
    ("organization_activity", ("organization",)), ("/organization/activity", ("organization",)),
    ("group_activity", ("group",)), ("/group/activity", ("group",)),
    ("user_activity", ("user",)), ("/user/activity", ("user",)),
    ("activity", ("activity",)), ("changes", ("activity",)), ("history", ("activity",)),
    ("view_show", ("resource_view",)), ("/dataset/resources/", ("dataset",)),
    ("datastore", ("resource",)), ("xloader", ("resource",)), ("resource", ("resource",)),
    ("package", ("dataset",)), ("dataset", ("dataset",)), ("dcat", ("dataset",)),
    ("organization", ("organization",)), ("group", ("group",)),
    ("member", ("organization", "group")),
    ("user", ("user",)), ("dashboard", ("user",)), ("followee", ("user", "dataset")),
    ("api_token", ("user",)), ("tag", ("tag",)), ("task_status", ("task_status",)),
    ("vocabulary", ("vocabulary",)), ("file", ("file",)), ("job", ("job",)),
    ("/linh-vuc", ("sector",)), ("/dia-ban", ("admin_unit",)),
)

# Route variables: what fills them, by name.
ROUTE_VALUES = {
    "lang": ["vi"], "_format": ["ttl"], "fmt": ["ttl"], "filename": ["data.csv"],
    "package_type": ["dataset"], "path": ["dataset/"], "storage_name": ["resources"],
    "key": ["k" * 32],      # a data request's confirmation link: its GET only shows the button
}
# Route variables filled like an id, by the kind they name.
ROUTE_KINDS = {"resource_id": ("resource",), "location": ("file_location",),
               "activity_id": ("activity",), "view_id": ("resource_view",),
               "token": ("file_token",)}
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class Result:
    """What one crawl met."""
    calls: int = 0
    seconds: float = 0.0
    statuses: dict = field(default_factory=lambda: defaultdict(set))   # target → statuses
    found: dict = field(default_factory=lambda: defaultdict(set))      # canary → where
    failures: list = field(default_factory=list)                       # 500s
    durations: dict = field(default_factory=lambda: defaultdict(float))  # target → seconds
    calls_by_target: dict = field(default_factory=lambda: defaultdict(int))

    def covered(self) -> set:
        return {t for t, codes in self.statuses.items() if 200 in codes}

    def record(self, target: str, where: str, status: int, text: str,
               canaries: Iterable[str]) -> None:
        """One response: a canary the request itself carried (a name in the
        URL, echoed by a 404 page) is not counted as found."""
        self.calls += 1
        self.calls_by_target[target] += 1
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


def action_calls(name: str, fn: Callable, ids: dict[str, list[str]], probe: str,
                 aliases: dict[str, list[str]] | None = None) -> list[dict]:
    """The parameter sets to call an action with: none; each documented id
    parameter (`id` when none is documented) with each id of the action's
    kinds (and their aliases: names); each documented search parameter with
    the probe text."""
    params = documented_params(fn) or ["id"]
    values = [v for kind in kinds_of(name)
              for v in ids.get(kind, []) + (aliases or {}).get(kind, [])]
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


def _consistent(values: dict, ids: dict[str, list[str]], parents: dict[str, str]) -> bool:
    """A resource, a view or an activity goes with its own parent only, when
    the URL names an object of its parent's kind (with a harvest source, say,
    every pair is tried)."""
    kind = {value: k for k, vs in ids.items() for value in vs}
    chosen = set(values.values())
    return all(parents[value] in chosen for value in chosen if value in parents
               and any(kind.get(other) == kind.get(parents[value]) for other in chosen))


def _int_value(rule, variable: str) -> str | None:
    """The least value an `int(min=…)` variable accepts (the API version)."""
    converter = rule._converters.get(variable)
    minimum = getattr(converter, "min", None)
    return None if minimum is None else str(minimum)


def route_urls(rule, ids: dict[str, list[str]], parents: dict[str, str] | None = None) -> list[str]:
    """URLs of a rule with its variables filled: object ids by the rule's
    path, other variables by name; a child object (a resource, a view, an
    activity) only with the parent `parents` says it belongs to. A rule with
    a variable nothing fills gives no URL."""
    variants = [{}]
    for variable in route_variables(rule):
        if _int_value(rule, variable) is not None:
            values = [_int_value(rule, variable)]
        elif variable in ROUTE_VALUES:
            values = ROUTE_VALUES[variable]
        elif variable in ROUTE_KINDS:
            values = [v for kind in ROUTE_KINDS[variable] for v in ids.get(kind, [])]
        elif variable in ("id", "_id", "source", "code"):
            # the kind the path says before the variable: /dataset/<id>/…
            before = rule.rule[:re.search(r"<(?:[^:<>]+:)?%s[>(]" % variable, rule.rule).start()]
            values = [v for kind in kinds_of(before) for v in ids.get(kind, [])]
        else:
            return []
        if not values:
            return []
        variants = [dict(v, **{variable: value}) for v in variants for value in values]
    urls = []
    for values in (v for v in variants if _consistent(v, ids, parents or {})):
        url = rule.rule
        for variable, value in values.items():
            url = re.sub(r"<(?:[^:<>]+:)?%s(?:\([^)]*\))?>" % re.escape(variable),
                         quote(str(value), safe="/" if variable == "location" else ""), url)
        urls.append(url)
    return urls


def crawl(client, headers: dict, ids: dict[str, list[str]], canaries: list[str], probe: str,
          skip_actions: dict[str, str], skip_routes: dict[str, str],
          extra_calls: dict[str, list[dict]] | None = None, routes: bool = True,
          parents: dict[str, str] | None = None, route_queries: dict[str, list[dict]] | None = None,
          aliases: dict[str, list[str]] | None = None, until_covered: bool = False,
          covered: set[str] = frozenset()) -> Result:
    """Call every side-effect-free action (GET /api/3/action/…) and request
    every GET route (unless `routes` is false) as the identity of `headers`.
    `extra_calls` adds parameter sets for actions whose parameters the rules
    above miss, `route_queries` query strings for routes (by rule);
    `parents` maps a child object's id to its parent's; `aliases` gives
    other values of a kind (names for ids) for the actions only (a page
    resolves a name as its id). A redirect within the site is followed (and
    its Location searched first). With `until_covered`, a target is called
    until it answers 200 once, and not at all when in `covered`: a crawl for
    coverage, not for leaks."""
    result, started = Result(), time.monotonic()
    extra_calls, route_queries = extra_calls or {}, route_queries or {}
    for name, fn in side_effect_free_actions().items():
        if name in skip_actions:
            continue
        target = f"action {name}"
        for params in action_calls(name, fn, ids, probe, aliases) + extra_calls.get(name, []):
            if until_covered and (target in result.covered() or target in covered):
                break
            _call(client, result, target, f"/api/3/action/{name}", headers, params, canaries)
    for rule in get_routes(client.flask_app) if routes else []:
        if rule.rule in skip_routes:
            continue
        target = f"route {rule.rule}"
        for url in route_urls(rule, ids, parents):
            for query in [{}] + route_queries.get(rule.rule, []):
                if until_covered and (target in result.covered() or target in covered):
                    break
                _call(client, result, target, url, headers, query, canaries)
    result.seconds = time.monotonic() - started
    return result


def _call(client, result: Result, target: str, url: str, headers: dict, query: dict,
          canaries: list[str], hops: int = 3) -> None:
    """One GET, and the redirects within the site it leads to."""
    where = f"GET {url} {query}" if query else f"GET {url}"
    started = time.monotonic()
    status, text, location = _get(client, url, headers, query)
    result.durations[target] += time.monotonic() - started
    result.record(target, where, status, text, canaries)
    from ckan.common import config

    site = config.get("ckan.site_url", "")
    if status in REDIRECTS and location and hops:
        local = location[len(site):] if site and location.startswith(site) else location
        if local.startswith("/") and not local.startswith("//"):
            _call(client, result, target, local, headers, {}, canaries, hops - 1)


def _get(client, url: str, headers: dict, query: dict) -> tuple[int, str, str]:
    """(status, body and headers, Location) of a GET; an exception the app
    let out (a test app propagates them) is the 500 a server would answer."""
    try:
        response = client.get(url, headers=headers, follow_redirects=False,
                              **({"query_string": query} if query else {}))
    except Exception as error:  # noqa: BLE001 — any escape is a 500
        return 500, f"{type(error).__name__}: {error}", ""
    return (response.status_code, _text_of(response.get_data()) + str(response.headers),
            response.headers.get("Location", ""))


def _text_of(body: bytes) -> str:
    """A response's text; a zip (an XLSX, an ODS) as the text of its members,
    where a canary would hide from a plain search."""
    if body[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return "\n".join(archive.read(member).decode("utf-8", "replace")
                                 for member in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "replace")
