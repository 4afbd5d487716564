"""Who may call what, beyond CKAN's own rules (IAuthFunctions, chained over
CKAN's and ckanext-harvest's; and chained actions where an action asks no
auth function at all).

- Harvesting is the operators' business: every auth function and action of
  ckanext-harvest (sources, jobs, objects, logs; read and write), and
  package_create/update/patch/delete on a harvest source, answer no to
  anyone but a sysadmin. ckanext-harvest lets everybody read harvest
  objects (the gateway's whole record, shared and internal data included),
  lists sources without asking, and lets any agency editor create sources
  whose configuration sends the portal's gateway credentials and writes
  into any agency.
- Agencies are made by sysadmins (or by the seed and the harvesters, which
  act as the site): an account that could create an organization would
  make itself agency staff and read shared data.

CKAN lets sysadmins through before it asks these functions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.access.actions import required


def _operators_only(name: str):
    @tk.chained_auth_function
    def auth(next_auth, context, data_dict):
        return {"success": False,
                "msg": tk._("Only the portal's operators may use harvesting (%s)") % name}

    auth.__name__ = name
    return auth


def harvest_auth_names() -> list[str]:
    """Every auth function ckanext-harvest registers, asked of its plugin at
    run time (so one a later version adds is closed too). ckanext-harvest
    1.6.3 registers its actions as auth functions as well (a shared default
    dict): `harvest_log_list`'s auth is the action itself, which asks for
    itself until Python's recursion limit, a 500."""
    from ckanext.harvest.plugin import Harvest

    return sorted(Harvest().get_auth_functions())


def _harvest_source(context, data_dict) -> bool:
    """Whether a package_* call is about a harvest source."""
    import ckan.model as model

    if (data_dict or {}).get("type") == "harvest":
        return True
    package = context.get("package") or model.Package.get((data_dict or {}).get("id") or "")
    return package is not None and package.type == "harvest"


def _sources_for_operators(name: str):
    """ckanext-harvest writes harvest sources through package_create/update/
    patch/delete, which any agency editor may call."""
    @tk.chained_auth_function
    def auth(next_auth, context, data_dict):
        if _harvest_source(context, data_dict):
            return {"success": False,
                    "msg": tk._("Only the portal's operators may use harvesting (%s)") % name}
        return next_auth(context, data_dict)

    auth.__name__ = name
    return auth


# parameters a harvest action reads unchecked (a 500 without them)
HARVEST_REQUIRED = {"harvest_source_show_status": ("id",)}


def _checked(name: str, original_fn):
    """ckanext-harvest's action, asking its auth function first (some, like
    harvest_source_list, ask none), then for the parameters it needs."""
    @tk.chained_action
    def action(original, context, data_dict):
        tk.check_access(name, context, data_dict)
        required(data_dict, *HARVEST_REQUIRED.get(name, ()))
        return original(context, data_dict)

    action.__name__ = name
    if getattr(original_fn, "side_effect_free", False):
        action = tk.side_effect_free(action)
    return action


def harvest_action_guards() -> dict:
    from ckanext.harvest.plugin import Harvest

    return {name: _checked(name, fn) for name, fn in Harvest().get_actions().items()
            if name.startswith("harvest")}


@tk.chained_auth_function
def organization_create(next_auth, context, data_dict):
    return {"success": False, "msg": tk._("Only sysadmins create agencies")}


def get_auth_functions() -> dict:
    functions = {name: _operators_only(name) for name in harvest_auth_names()}
    functions.update({name: _sources_for_operators(name) for name in (
        "package_create", "package_update", "package_patch", "package_delete")})
    functions["organization_create"] = organization_create
    return functions
