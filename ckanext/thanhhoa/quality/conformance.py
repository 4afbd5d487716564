"""Whether a dataset's DCAT graph (what /dataset/<id>.ttl serves: the
configured ckanext-dcat profiles) conforms to the official DCAT-AP 3.0.0
SHACL shapes (shapes/, with source and licence). pySHACL takes 45–70 ms a
dataset, and a second to read the shapes: a background job's work
(quality/jobs.py), never a request's or a harvest import's."""
from __future__ import annotations

import functools
import importlib.resources

SHAPES = importlib.resources.files("ckanext.thanhhoa.quality") / "shapes" / "dcat-ap_3_shacl_shapes.ttl"
MAX_MESSAGES = 10


@functools.lru_cache(maxsize=1)
def _shapes():
    import rdflib

    return rdflib.Graph().parse(str(SHAPES), format="turtle")


def violations(dataset: dict) -> list[str]:
    """The shapes' messages about the dataset's graph (at most ten, each
    naming the node's property); [] when it conforms."""
    import pyshacl
    import rdflib
    from ckanext.dcat.processors import RDFSerializer

    serializer = RDFSerializer()
    serializer.graph_from_dataset(dataset)
    conforms, report, _ = pyshacl.validate(serializer.g, shacl_graph=_shapes())
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    messages = []
    for result in sorted(report.subjects(rdflib.RDF.type, sh.ValidationResult)):
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        messages.append(f"{path}: {message}" if path else str(message))
    return sorted(set(messages))[:MAX_MESSAGES] or ["DCAT-AP 3.0.0"]
