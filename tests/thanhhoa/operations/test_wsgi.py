"""`make serve`'s production server: gunicorn with several workers serves
the portal of an ini file (ckanext/thanhhoa/operations/wsgi.py), over a
real socket on 127.0.0.1."""
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served():
    port = free_port()
    gunicorn = pathlib.Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
         "ckanext.thanhhoa.operations.wsgi:application"],
        env=dict(os.environ, CKAN_INI=str(ROOT / "test.ini")), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=5)
            break
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read()[-3000:])
            time.sleep(0.5)
    yield {"url": f"http://127.0.0.1:{port}", "pid": process.pid}
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_workers_serve_the_portal(served):
    with urllib.request.urlopen(served["url"] + "/api/3/action/status_show", timeout=10) as answer:
        assert b'"ckan_version": "2.12.0"' in answer.read()
    with urllib.request.urlopen(served["url"] + "/", timeout=30) as answer:
        assert "Cổng dữ liệu mở tỉnh Thanh Hóa" in answer.read().decode("utf-8")
    workers = subprocess.run(["pgrep", "-P", str(served["pid"])], capture_output=True, text=True).stdout.split()
    assert len(workers) == 2
