"""A real SolrCloud for the tests: solr/launcher's CloudLauncher
(MiniSolrCloudCluster of solr-test-framework, embedded ZooKeeper) with 2
nodes and a collection of 2 shards x 2 replicas made from the project's
configset, on 127.0.0.1. A node can be stopped to show search going on."""
from __future__ import annotations

import contextlib
import pathlib
import queue
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[3]
COLLECTION = "ckan_cloud"


@dataclass
class Cluster:
    process: subprocess.Popen
    nodes: list[str] = field(default_factory=list)
    lines: "queue.Queue[str]" = field(default_factory=queue.Queue)

    @property
    def url(self) -> str:
        """The collection through the first node: what `solr_url` names."""
        return f"{self.nodes[0]}/{COLLECTION}"

    def wait_for(self, expected: str, timeout: float) -> str:
        while True:
            line = self.lines.get(timeout=timeout)
            if line.startswith(expected):
                return line

    def stop_node(self, index: int, timeout: float = 60) -> None:
        self.process.stdin.write(f"stop {index}\n")
        self.process.stdin.flush()
        self.wait_for(f"stopped {index}", timeout)


@contextlib.contextmanager
def running(timeout: float = 240) -> Iterator[Cluster]:
    launcher = ROOT / "solr" / "launcher"
    classpath = f"{launcher / 'target' / 'classes'}:{(launcher / 'target' / 'classpath.txt').read_text().strip()}"
    with tempfile.TemporaryDirectory(prefix="solrcloud-") as base:
        log = open(pathlib.Path(base) / "cloud.log", "w")
        process = subprocess.Popen(
            ["java", "-Xms256m", "-Xmx1g", "-Dfile.encoding=UTF-8", f"-Dsolr.log.dir={base}", "-cp", classpath,
             "vn.thanhhoa.solr.CloudLauncher", f"{base}/cluster", str(ROOT / "solr" / "configsets" / "ckan" / "conf"),
             COLLECTION, "2", "2", "2"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
        cluster = Cluster(process)

        def read():
            for line in process.stdout:
                cluster.lines.put(line.strip())
        threading.Thread(target=read, daemon=True).start()
        try:
            while True:
                try:
                    line = cluster.lines.get(timeout=timeout)
                except queue.Empty:
                    raise RuntimeError(f"SolrCloud did not start in {timeout} s (log: {log.name})")
                if line.startswith("node "):
                    cluster.nodes.append(line.split()[2])
                elif line == "ready":
                    break
            yield cluster
        finally:
            with contextlib.suppress(Exception):
                process.stdin.write("quit\n")
                process.stdin.flush()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
