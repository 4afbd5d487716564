"""Support for the tests, the benchmarks and `make run`'s demo; not part of
the production wheel.

`lgsp_gateway` is a real HTTP server speaking the LGSP catalogue contract
(with seeded faults); `portal` empties and serves a portal on loopback;
`harvest` runs harvest jobs through the real Redis queues in-process;
`dcat` loads the DCAT fixture catalogue and validates graphs against the
DCAT-AP shapes; `browser` drives Debian's Chromium; `fixtures` is the
pytest plugin that offers them to the suite."""
