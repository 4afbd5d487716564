"""The quality score against datasets computed by hand, one per rating
(the MQA's bands: excellent 351–405, good 221–350, sufficient 121–220, bad
0–120)."""
import copy

import pytest

from ckanext.thanhhoa.quality import scoring

pytestmark = pytest.mark.unit

FULL = {
    "name": "truong-hoc", "owner_org": "so-giao-duc", "license_id": "cc-by-4.0", "access_level": "mo",
    "tags": [{"name": "trường học"}], "sectors": ["giao-duc"], "admin_units": ["38"],
    "temporal_coverage": [{"start": "2024-09-01", "end": "2025-05-31"}],
    "contact": [{"name": "Phòng KHTC", "email": "khtc@thanhhoa.edu.vn"}],
    "issued": "2024-09-01", "modified": "2025-06-01",
    "resources": [{"id": "r1", "url": "https://thanhhoa.edu.vn/truong.csv", "format": "CSV", "size": 20480}],
}


def test_the_portal_has_the_mqas_405_points():
    assert scoring.TOTAL == 405
    assert scoring.MAXIMA == {"findability": 100, "accessibility": 100, "interoperability": 110,
                              "reusability": 75, "contextuality": 20}


def test_excellent_everything_given_checked_and_answering():
    result = scoring.score(scoring.Facts(FULL, links={"r1": True}, conformant=True))
    assert (result["score"], result["rating"], result["missing"]) == (405, "excellent", [])


def test_good_before_the_link_and_dcat_checks():
    # 405 - access_url 50 - download_url_works 30 - dcat_ap 30 = 295
    result = scoring.score(scoring.Facts(FULL))
    assert (result["score"], result["rating"]) == (295, "good")
    assert [key for key, _fix, _lost in result["missing"]] == ["access_url", "download_url_works", "dcat_ap"]
    assert result["dimensions"]["accessibility"] == {"score": 20, "max": 100}


def test_sufficient_a_pdf_without_keywords_place_or_period():
    dataset = copy.deepcopy(FULL)
    dataset.update(tags=[], admin_units=[], temporal_coverage=[])
    dataset["resources"][0].update(format="PDF", url="https://thanhhoa.edu.vn/truong.pdf")
    # 405 - 30 keywords - 20 spatial - 20 temporal - 20 machine-readable - 20 non-proprietary
    #     (PDF is in neither of the EU data portal's lists)
    #     - 50 - 30 (links not checked) - 30 (DCAT not checked) = 185
    result = scoring.score(scoring.Facts(dataset))
    assert (result["score"], result["rating"]) == (185, "sufficient")


def test_bad_no_resource_nor_description_of_what_it_covers():
    dataset = {"owner_org": "so-giao-duc", "license_id": "cc-by-4.0", "access_level": "mo",
               "contact": [{"email": "khtc@thanhhoa.edu.vn"}], "issued": "2024-09-01",
               "metadata_modified": "2025-06-01T00:00:00", "resources": []}
    # DCAT-AP 30, access rights 10 + 5, contact 20, publisher 10, issued 5, modified 5;
    # no distribution: none of the 220 distribution-level points (licence included)
    result = scoring.score(scoring.Facts(dataset, conformant=True))
    assert (result["score"], result["rating"]) == (85, "bad")


def test_the_best_distribution_counts():
    """As the MQA scores: a dataset's distribution-level points are its best
    distribution's; a broken second link costs nothing, a broken only link 80."""
    dataset = copy.deepcopy(FULL)
    dataset["resources"].append({"id": "r2", "url": "https://thanhhoa.edu.vn/cu.pdf", "format": "PDF"})
    assert scoring.score(scoring.Facts(dataset, links={"r1": True, "r2": False}, conformant=True))["score"] == 405
    broken = scoring.score(scoring.Facts(FULL, links={"r1": False}, conformant=True))
    assert (broken["score"], broken["rating"]) == (325, "good")
    assert [key for key, _fix, _lost in broken["missing"]] == ["access_url", "download_url_works"]


@pytest.mark.parametrize("score, rating", [(405, "excellent"), (351, "excellent"), (350, "good"),
                                           (221, "good"), (220, "sufficient"), (121, "sufficient"),
                                           (120, "bad"), (0, "bad")])
def test_ratings(score, rating):
    assert scoring.rating(score) == rating
