"""The portal plugin: wires CKAN's interfaces; the logic lives in modules named
for what they do."""
from __future__ import annotations

import importlib.resources
import json

import flask

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.dcat.interfaces import IDCATRDFHarvester

from ckanext.thanhhoa.access import actions as access_actions
from ckanext.thanhhoa.access import auth, citizen, errors, labels, proxy, routes
from ckanext.thanhhoa.access.labels import AccessLevelLabels
from ckanext.thanhhoa.catalogue import helpers as catalogue_helpers
from ckanext.thanhhoa.catalogue import views as catalogue_views
from ckanext.thanhhoa.datarequests import actions as request_actions
from ckanext.thanhhoa.datarequests import helpers as request_helpers
from ckanext.thanhhoa.datarequests import views as request_views
from ckanext.thanhhoa.datastore import actions as datastore_actions
from ckanext.thanhhoa.datastore import helpers as datastore_helpers
from ckanext.thanhhoa.datastore import shell as datastore_shell
from ckanext.thanhhoa.datastore import views as datastore_views
from ckanext.thanhhoa.dcat import actions as dcat_actions
from ckanext.thanhhoa.dcat import harvest as dcat_harvest
from ckanext.thanhhoa.dcat import views as dcat_views
from ckanext.thanhhoa.follow import actions as follow_actions
from ckanext.thanhhoa.follow import helpers as follow_helpers
from ckanext.thanhhoa.follow import views as follow_views
from ckanext.thanhhoa.language import current_lang
from ckanext.thanhhoa.metadata import actions, derived, validators
from ckanext.thanhhoa.operations import cli, harvest_jobs
from ckanext.thanhhoa.outbound import session as outbound
from ckanext.thanhhoa.quality import actions as quality_actions
from ckanext.thanhhoa.quality import assess as quality
from ckanext.thanhhoa.quality import helpers as quality_helpers
from ckanext.thanhhoa.quality import jobs as quality_jobs
from ckanext.thanhhoa.quality import views as quality_views
from ckanext.thanhhoa.search import facets, harvest_sources, indexing, query, suggest
from ckanext.thanhhoa.statistics import actions as statistics_actions
from ckanext.thanhhoa.statistics import downloads, tracking
from ckanext.thanhhoa.statistics import views as statistics_views
from ckanext.thanhhoa.theme import helpers
from ckanext.thanhhoa.theme import views as theme_views


@tk.blanket.config_declarations
class ThanhHoaPlugin(AccessLevelLabels, DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(p.IValidators)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IActions)
    p.implements(p.IPermissionLabels)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IBlueprint)
    p.implements(IDCATRDFHarvester, inherit=True)
    p.implements(p.IAuthFunctions)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config):
        tk.add_template_directory(config, "theme/templates")
        tk.add_resource("theme/assets", "thanhhoa")
        # every DataStore table belongs to a resource, whose dataset's access
        # level applies: none is listed to all (CKAN lists _table_metadata)
        config["ckan.datastore.public_table_search"] = []
        # the portal's queries carry edismax local parameters (search/query.py)
        config["ckan.search.solr_allowed_query_parsers"] = query.allowed_parsers(
            config.get("ckan.search.solr_allowed_query_parsers"))
        if not config.get("licenses_group_url"):
            licenses = importlib.resources.files("ckanext.thanhhoa.metadata") / "vocabularies" / "licenses.json"
            config["licenses_group_url"] = f"file://{licenses}"

    # IConfigurable

    def configure(self, config):
        # the portal's loader inside xloader's job (datastore/shell.py)
        datastore_shell.install()
        # CKAN's tracking plugin, one query per result -> two per search
        tracking.install()

    # ITranslation: the catalogues are the top-level i18n/ folder, packaged
    # as ckanext.thanhhoa.i18n (not a folder beside this module).

    def i18n_directory(self):
        return str(importlib.resources.files("ckanext.thanhhoa.i18n"))

    def i18n_domain(self):
        return "ckanext-thanhhoa"

    # IClick, IValidators, ITemplateHelpers, IActions

    def get_commands(self):
        return [cli.thanhhoa]

    def get_blueprint(self):
        return [dcat_views.linked_data, theme_views.pages, routes.harvest_posts,
                datastore_views.data_services, quality_views.dashboard, statistics_views.statistics,
                catalogue_views.catalogue, request_views.data_requests, follow_views.follow]

    def get_validators(self):
        return dict(validators.VALIDATORS)

    def get_helpers(self):
        return {**helpers.HELPERS, **citizen.HELPERS, **datastore_helpers.HELPERS, **quality_helpers.HELPERS,
                **catalogue_helpers.HELPERS, **request_helpers.HELPERS, **follow_helpers.HELPERS,
                "thanhhoa_harvest_job_health": harvest_jobs.job_health_helper}

    def get_actions(self):
        return {**actions.get_actions(), **dcat_actions.get_actions(),
                **access_actions.get_actions(), **auth.harvest_action_guards(),
                **suggest.get_actions(), **datastore_actions.get_actions(), **quality_actions.get_actions(),
                **statistics_actions.get_actions(), **request_actions.get_actions(),
                **follow_actions.get_actions()}

    # IAuthFunctions, IMiddleware

    def get_auth_functions(self):
        return {**auth.get_auth_functions(), **suggest.get_auth_functions(),
                **datastore_actions.get_auth_functions(), **quality_actions.get_auth_functions(),
                **statistics_actions.get_auth_functions(), **request_actions.get_auth_functions(),
                **follow_actions.get_auth_functions()}

    def make_middleware(self, app, config):
        errors.register(app)
        routes.register(app)
        downloads.register(app)
        proxy.register(app)
        return app

    # IPackageController

    def before_dataset_index(self, pkg_dict):
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
        if harvest_sources.unconverted(dataset):
            dataset = harvest_sources.shown(pkg_dict["id"])
            pkg_dict["validated_data_dict"] = json.dumps(dataset)
        pkg_dict.update(indexing.index_fields(dataset))
        pkg_dict.update(quality.index_fields(dataset))
        return pkg_dict

    def after_dataset_show(self, context, pkg_dict):
        # Derived values are shown, not stored: the edit form (for_edit) gets
        # what the steward typed, and the activity stream's stored copy
        # (asked with for_view False, CKAN's "not for display") gets none: a
        # score there would change with every link check, and computing it
        # for that copy cost a fifth of a harvested dataset's write.
        if context.get("for_edit") or context.get("for_view") is False:
            pkg_dict.pop("quality", None)    # the index's copy carries the score it had
        else:
            derived.fill_all([pkg_dict])
            quality.fill_all([pkg_dict])
        return pkg_dict

    def after_dataset_create(self, context, pkg_dict):
        # links and DCAT-AP conformance checked on the quality queue
        quality_jobs.after_commit(pkg_dict["id"])
        return pkg_dict

    def after_dataset_update(self, context, pkg_dict):
        labels.relabel_activities(pkg_dict["id"])
        quality_jobs.after_commit(pkg_dict["id"])
        return pkg_dict

    def before_dataset_search(self, search_params):
        if query.refused_filter(search_params):
            raise tk.ValidationError({"fq": [tk._("A filter may not carry {!edismax} local parameters.")]})
        return query.search_params(search_params)

    def after_dataset_search(self, search_results, search_params):
        # Search results carry the same derived values as package_show (the
        # DCAT catalogue is made of them).
        if query.whole_datasets(search_params):
            derived.fill_all(search_results.get("results", []))
            quality.fill_all(search_results.get("results", []))
        facets.label_facet_items(search_results.get("search_facets", {}), current_lang())
        return search_results

    # IDCATRDFHarvester: another portal of this kind, harvested as DCAT

    def before_create(self, harvest_object, dataset_dict, temp_dict):
        dcat_harvest.prepare(dataset_dict)

    def before_update(self, harvest_object, dataset_dict, temp_dict):
        dcat_harvest.prepare(dataset_dict)

    def update_session(self, session):
        # the remote catalogue is fetched under the outbound rules
        return outbound.session()

    # IFacets

    def dataset_facets(self, facets_dict, package_type):
        filtered = flask.has_request_context() and "vocab_admin_units_old" in flask.request.args
        return facets.dataset_facets(facets_dict, show_access_level=labels.is_staff(tk.current_user),
                                     old_units=filtered)
