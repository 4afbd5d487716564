"""What a dataset adds to the search index (pure): vocabulary facets, the
names of covered places old and new, a box for spatial search; and the
labels of coded facet values."""
import json

import pytest

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.search.facets import label_facet_items
from ckanext.thanhhoa.search.indexing import index_fields

pytestmark = pytest.mark.unit


def test_a_validated_dataset_gives_its_facets_and_place_names():
    fields = index_fields({
        "sectors": '["giao-duc", "y-te"]', "admin_units": '["399"]', "access_level": "dung-chung",
        "frequency": "ANNUAL", "title_translated": '{"vi": "Trường học"}',
        "notes_translated": {"vi": "Mô tả", "en": "Schools of the province"},
    })
    became = vocab.legacy_units()["399"].becomes
    assert fields["vocab_sectors"] == ["giao-duc", "y-te"]
    assert fields["vocab_admin_units"] == ["399", *became]      # the old code and what it became
    assert "Huyện Hoằng Hóa" in fields["extras_admin_unit_names"]
    assert (fields["access_level"], fields["frequency"]) == ("dung-chung", "ANNUAL")
    assert fields["extras_notes_translated_en"] == "Schools of the province"
    assert "extras_title_translated_en" not in fields


def test_units_give_a_box_unless_the_steward_drew_one():
    boxed = index_fields({"admin_units": ["14797"]})
    west, south, east, north = vocab.bbox(["14797"])
    polygon = json.loads(boxed["spatial"])
    assert polygon["coordinates"][0][0] == [west, south] and boxed["extras_spatial"] == boxed["spatial"]
    drawn = index_fields({"admin_units": ["14797"], "spatial": '{"type": "Point", "coordinates": [105.8, 19.8]}'})
    assert "spatial" not in drawn


def test_coded_facet_values_get_their_names_in_the_page_language():
    facets = {"vocab_sectors": {"items": [{"name": "y-te", "display_name": "y-te"}]},
              "vocab_admin_units": {"items": [{"name": "399", "display_name": "399"}]},
              "tags": {"items": [{"name": "y-te", "display_name": "y-te"}]},
              "frequency": {"items": [{"name": "NOPE", "display_name": "NOPE"}]}}
    label_facet_items(facets, "en")
    assert facets["vocab_sectors"]["items"][0]["display_name"] == "Health"
    assert facets["vocab_admin_units"]["items"][0]["display_name"] == "Huyện Hoằng Hóa"
    assert facets["tags"]["items"][0]["display_name"] == "y-te"          # not a coded facet
    assert facets["frequency"]["items"][0]["display_name"] == "NOPE"     # unknown code: as it is
