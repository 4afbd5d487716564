"""Running the portal: the `ckan thanhhoa` commands (`cli`), the provincial
agencies (`seed`), the demo catalogue of `make run` (`demo`, data in
`demo/`) and the check that names the service that is down before CKAN
starts (`preflight`)."""
