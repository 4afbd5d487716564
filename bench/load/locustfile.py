"""Simulated citizens of the portal (bench/load.py runs it headless against
127.0.0.1 only): each pauses 1-5 s between pages (`PAUSE=0`: none, for the
saturation run) and reads a mix of the home page, searches with Vietnamese
queries, dataset pages, a DataStore preview, a CSV download, an API search
and a page of the DCAT catalogue. Names are read from the portal once."""
from __future__ import annotations

import os
import random

from locust import HttpUser, between, constant, events, task

QUERIES = ["trường học", "truong hoc", "dân số", "giao thông", "y tế", "đất đai", "ngân sách",
           "nông nghiệp", "Sầm Sơn", "môi trường", "doanh nghiệp", "du lịch"]
NAMES: list[str] = []
TABLES: list[dict] = []


@events.test_start.add_listener
def read_the_catalogue(environment, **kwargs):
    import requests

    host = environment.host
    found = requests.get(f"{host}/api/3/action/package_search", params={"rows": 1000, "fl": "name"},
                         timeout=60).json()["result"]["results"]
    NAMES.extend(d["name"] for d in found)
    tables = requests.get(f"{host}/api/3/action/package_search",
                          params={"q": "res_format:CSV", "fq": "name:tai-*", "rows": 50}, timeout=60).json()
    for dataset in tables["result"]["results"]:
        for resource in dataset["resources"]:
            if resource.get("datastore_active"):
                TABLES.append({"dataset": dataset["name"], "resource": resource["id"], "url": resource["url"]})


class Citizen(HttpUser):
    wait_time = constant(0) if os.environ.get("PAUSE") == "0" else between(1, 5)

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def search(self):
        self.client.get("/dataset/", params={"q": random.choice(QUERIES)}, name="search")

    @task(3)
    def dataset(self):
        self.client.get(f"/dataset/{random.choice(NAMES)}", name="dataset page")

    @task(1)
    def preview(self):
        if TABLES:
            table = random.choice(TABLES)
            self.client.get("/api/3/action/datastore_search", params={"resource_id": table["resource"],
                                                                     "limit": 100}, name="DataStore preview")

    @task(1)
    def download(self):
        if TABLES:
            table = random.choice(TABLES)
            self.client.get(f"/datastore/dump/{table['resource']}", params={"format": "csv"},
                            name="CSV download")

    @task(1)
    def api_search(self):
        self.client.get("/api/3/action/package_search", params={"q": random.choice(QUERIES), "rows": 20},
                        name="API search")

    @task(1)
    def catalogue(self):
        self.client.get("/catalog.ttl", params={"page": random.randint(1, 20)}, name="catalog.ttl page")
