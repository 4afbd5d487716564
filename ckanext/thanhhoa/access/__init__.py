"""Access levels of the Law on Data 2024: who may see a dataset.

It owns the mapping of `mo` / `dung-chung` / `dung-rieng` to CKAN's
permission labels (`labels`) and the citizen's context that the portal's
public outputs (home page, DCAT) run in, whoever is signed in."""
