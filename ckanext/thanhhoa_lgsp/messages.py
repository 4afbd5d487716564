"""Messages of ckanext-harvest's pages that the suite translates into
Vietnamese: ckanext-harvest ships no Vietnamese catalogue, and its pages are
the operators' view of LGSP harvests. Only marked here (N_), for extraction
into i18n/; CKAN merges the suite's catalogue over the others'."""
from ckanext.thanhhoa.language import N_, ungettext


MESSAGES = [
    N_("Harvest Sources"), N_("Harvest sources"), N_("Search harvest sources..."),
    N_("Harvest Jobs"), N_("Jobs"), N_("Job: "), N_("Job Report"), N_("Job Errors"),
    N_("Error Report"), N_("Error Summary"), N_("Document Errors"),
    N_("No errors for this job"), N_("No jobs yet for this source"),
    N_("Only the 20 most frequent errors are shown"), N_("documents with errors"),
    N_("errors"), N_("Back to job list"), N_("View full job report"),
    N_("View harvest source"), N_("Last Harvest Job"), N_("Reharvest"),
    N_("Start a new harvesting job for this harvest source now"), N_("Not yet"),
    N_("Finished:"), N_("Started:"), N_("Remote content"), N_("Local content"),
    N_("There is no description for this harvest source"),
    N_("added"), N_("updated"), N_("not modified"), N_("errored"), N_("deleted"),
    N_("Running"), N_("New"), N_("Finished"), N_("Configuration"), N_("Update frequency"),
    N_("Delete source"), N_("Delete and clear source"),
    N_("This should include the http:// part of the URL"),
    N_("There are no datasets associated to this harvest source."), N_("Started"),
    N_("Edit harvest source"), N_("Add Harvest Source"), N_("No organization"),
    N_("Last Updated"), N_("Profile settings"),
    # the sources' list and form (facets and harvesters: search/facets.py)
    N_("Frequency"), N_("Type"), N_("Create Harvest Source"), N_("Create harvest source"),
    N_("Source type"), N_("Generic DCAT RDF Harvester"), N_("Manual"), N_("Monthly"),
    N_("Weekly"), N_("Biweekly"), N_("Daily"), N_("Always"),
    N_("Harvest sources allow importing remote metadata into this catalog. Remote sources "
       "can be other catalogs such as other CKAN instances, CSW servers or Web Accessible "
       "Folders (WAF) (depending on the actual harvesters enabled for this instance)."),
    # CKAN's result count for a search of type 'harvest'
    ungettext("{number} harvest found", "{number} harvests found"),
    ungettext('{number} harvest found for "{query}"', '{number} harvests found for "{query}"'),
    N_("No harvests found"), N_('No harvests found for "{query}"'),
]
