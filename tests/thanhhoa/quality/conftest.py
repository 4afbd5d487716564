"""Fixtures of the quality tests."""
import pytest


@pytest.fixture
def clean_quality_queue():
    """The quality queue empty: every dataset the suite writes queues a job
    there, and a test's burst worker would run them all."""
    from ckanext.thanhhoa.quality import jobs

    jobs.clear()
    yield
    jobs.clear()
