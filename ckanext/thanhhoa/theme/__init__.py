"""The citizens' portal: templates (block overrides of CKAN's), the
stylesheet (webassets), the template helpers (`helpers`), the portal's own
pages (`views`: terms of use, legal notice) and the CKAN messages whose
Vietnamese the suite's catalogue supplies or corrects (`messages`)."""
