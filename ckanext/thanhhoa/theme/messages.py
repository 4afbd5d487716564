"""Messages of the pages citizens see that CKAN 2.12's own Vietnamese
catalogue (or ckanext-spatial, which ships none) leaves in English or gets
wrong ("Filter Results" is "Kết quả lọc", results of a filter, on a button
that opens the filters; "The form contains invalid entries" is "Mẫu gồm các
đầu vào vô hiệu"). Only marked here (N_), for extraction into i18n/; CKAN
merges the suite's catalogue over the others' (tests/thanhhoa/theme/
test_page_language.py finds the ones a page still shows in English)."""
from ckanext.thanhhoa.language import N_, ungettext


MESSAGES = [
    N_("Account"), N_("Search Datasets..."), N_("Skip to main content"), N_("Submit"),
    N_("Toggle navigation"), N_("Breadcrumb"), N_("close"),
    N_("There is no description for this organization."), N_("Username or Email"),
    N_("Dataset extent"), N_("Filter Results"), N_("Filter by location"),
    # "1 số bộ dữ liệu tìm thấy" (1 number datasets found); and the portal
    # says tập dữ liệu where CKAN says bộ dữ liệu
    ungettext("{number} dataset found", "{number} datasets found"),
    ungettext('{number} dataset found for "{query}"', '{number} datasets found for "{query}"'),
    # the stewards' forms
    N_("The form contains invalid entries:"),
    N_('You can use <a href="#markdown" title="Markdown quick reference" '
       'data-bs-toggle="popover" data-bs-content="%(markdown_tooltip)s" '
       'data-bs-html="true">Markdown formatting</a> here'),
]
