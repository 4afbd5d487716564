"""A fake LGSP gateway: a real HTTP server implementing the catalogue
service of docs/lgsp/openapi.yaml (OAuth2 client credentials with expiring
tokens, WSO2-style faults, throttling with Retry-After, paging, incremental
listings, withdrawals, NFD text), for the tests and `make run`'s demo.

    python -m ckanext.thanhhoa.testing.lgsp_gateway --port 8190 --records 40

Faults are injected at random with a seed, so a failing run can be replayed.
"""
from __future__ import annotations

import argparse
import base64
import datetime
import json
import random
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit, urlencode

ICT = datetime.timezone(datetime.timedelta(hours=7))
PREFIX = "/danhmucdulieu/1.0"

AGENCIES = [
    {"maDinhDanh": "000.00.12.H56", "ten": "Sở Giáo dục và Đào tạo", "tenTiengAnh": "Department of Education and Training", "cap": "TINH", "email": "sgddt@thanhhoa.gov.vn"},
    {"maDinhDanh": "000.00.11.H56", "ten": "Sở Y tế", "tenTiengAnh": "Department of Health", "cap": "TINH", "email": "syt@thanhhoa.gov.vn"},
    {"maDinhDanh": "000.00.13.H56", "ten": "Sở Nông nghiệp và Môi trường", "tenTiengAnh": "Department of Agriculture and Environment", "cap": "TINH"},
    {"maDinhDanh": "000.00.14.H56", "ten": "Sở Tài chính", "tenTiengAnh": "Department of Finance", "cap": "TINH"},
    {"maDinhDanh": "000.01.01.H56", "ten": "Ủy ban nhân dân phường Hạc Thành", "cap": "XA"},
]
SUBJECTS = [("Danh sách trường học", "LV05"), ("Cơ sở y tế", "LV10"), ("Sản lượng lúa", "LV01"),
            ("Dự toán ngân sách", "LV03"), ("Doanh nghiệp đăng ký mới", "LV04"),
            ("Điểm du lịch", "LV06"), ("Trạm quan trắc môi trường", "LV08"),
            ("Tuyến xe buýt", "LV14"), ("Dân số theo xã, phường", "LV12"),
            ("Giấy phép xây dựng", "LV15"), ("Thủ tục hành chính", "LV09"),
            ("Chỉ số giá tiêu dùng", "LV16")]
FREQUENCIES = ["HANG_NAM", "HANG_QUY", "HANG_THANG", "SAU_THANG", "KHONG_DINH_KY"]
LEVELS = ["MO", "MO", "MO", "DUNG_CHUNG", "DUNG_RIENG"]
UNITS = [["38"], ["14797"], ["15865", "14758"], ["399"], ["380"]]


def make_record(index: int, rng: random.Random, updated: datetime.datetime) -> dict:
    """A varied, valid record; one in five is in NFD and one in four carries HTML."""
    subject, sector = SUBJECTS[index % len(SUBJECTS)]
    agency = AGENCIES[index % len(AGENCIES)]
    record_id = f"TH-{index:05d}"
    title = f"{subject} tỉnh Thanh Hóa – bộ {index}"
    description = f"{subject}: dữ liệu do {agency['ten']} chia sẻ qua LGSP."
    if index % 4 == 0:
        description = f"<p>{description}</p><ul><li>Cập nhật <b>định kỳ</b></li></ul>"
    if index % 5 == 0:
        title = unicodedata.normalize("NFD", title)
        description = unicodedata.normalize("NFD", description)
    return {
        "maTapDuLieu": record_id,
        "tenTapDuLieu": title,
        "tenTiengAnh": f"Dataset {index} of Thanh Hóa",
        "moTa": description,
        "maDonVi": agency["maDinhDanh"],
        "tenDonVi": agency["ten"],
        "linhVuc": [sector] + (["LV16"] if index % 3 == 0 and sector != "LV16" else []),
        "tuKhoa": [subject.split()[0].lower(), "thanh hóa"],
        "mucDoChiaSe": LEVELS[index % len(LEVELS)],
        "tanSuatCapNhat": FREQUENCIES[index % len(FREQUENCIES)],
        "phamViDiaLy": UNITS[index % len(UNITS)],
        "thoiGianBatDau": "2024-01-01",
        "thoiGianKetThuc": "2025-12-31",
        "ngayBanHanh": "2025-01-15T08:00:00+07:00",
        "ngayCapNhat": updated.isoformat(timespec="seconds"),
        "giayPhep": rng.choice(["CC-BY-4.0", "CC0-1.0", "ODC-BY-1.0", "CC-BY-SA-4.0"]),
        "nguoiLienHe": {"hoTen": "Bộ phận dữ liệu", "email": f"dulieu{index % 7}@thanhhoa.gov.vn",
                        "soDienThoai": "0237 3852 000"},
        "ngonNgu": "vi",
        "phienBan": "1.0",
        "trangThai": "CONG_BO",
        "taiNguyen": [{
            "maTaiNguyen": f"{record_id}-R1", "ten": f"{subject} (CSV)", "dinhDang": "CSV",
            "duongDan": f"https://lgsp.thanhhoa.gov.vn/files/{record_id}.csv",
            "kichThuoc": 1000 + index, "bangMa": "UTF-8",
            "ngayCapNhat": updated.isoformat(timespec="seconds")}],
    }


@dataclass
class Faults:
    rate: float = 0.0                 # share of API requests that fail
    seed: int = 0
    kinds: tuple = ("429", "503", "502", "504", "401")
    retry_after: int = 0              # seconds, in Retry-After of a 429
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)


class FakeGateway:
    def __init__(self, records: list[dict] | None = None, client_id: str = "portal",
                 client_secret: str = "bi-mat", token_lifetime: int = 3600,
                 faults: Faults | None = None, max_page_size: int = 100):
        self.records: dict[str, dict] = {r["maTapDuLieu"]: r for r in records or []}
        self.agencies = list(AGENCIES)
        self.client_id, self.client_secret = client_id, client_secret
        self.token_lifetime = token_lifetime
        self.faults = faults or Faults()
        self.max_page_size = max_page_size
        # a bad day of the dataset listing: None, "404", "null" (data: null),
        # "empty" (data: [] with the real total) or "cap5" (5 records a page
        # whatever was asked)
        self.listing_fault: str | None = None
        # items served at the head of the listing's first page as they are
        # (not objects, ids that are not strings)
        self.junk: list = []
        self.tokens: dict[str, float] = {}
        self.requests: list[str] = []
        self.faults_served: list[str] = []    # the kind of each injected fault
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # --- the catalogue, as the agencies change it ---------------------------

    @classmethod
    def generated(cls, count: int, seed: int = 0, **kwargs) -> "FakeGateway":
        rng = random.Random(seed)
        start = datetime.datetime(2025, 1, 1, tzinfo=ICT)
        records = [make_record(i, rng, start + datetime.timedelta(hours=i)) for i in range(count)]
        return cls(records, **kwargs)

    def now(self) -> str:
        return datetime.datetime.now(ICT).isoformat(timespec="seconds")

    def publish(self, record: dict) -> None:
        with self.lock:
            self.records[record["maTapDuLieu"]] = dict(record, ngayCapNhat=self.now(),
                                                       trangThai="CONG_BO")

    def change(self, record_id: str, **fields) -> None:
        with self.lock:
            self.records[record_id] = dict(self.records[record_id], ngayCapNhat=self.now(), **fields)

    def withdraw(self, record_id: str) -> None:
        self.change(record_id, trangThai="THU_HOI")

    def remove(self, record_id: str) -> None:
        with self.lock:
            del self.records[record_id]

    def published(self) -> dict[str, dict]:
        return {k: r for k, r in self.records.items() if r.get("trangThai") != "THU_HOI"}

    # --- serving ------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        gateway = self

        class Handler(_Handler):
            pass
        Handler.gateway = gateway
        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # --- the service ----------------------------------------------------------

    def handle(self, method: str, path: str, query: dict, headers: dict, body: bytes):
        self.requests.append(f"{method} {path}?{urlencode(query)}" if query else f"{method} {path}")
        if method == "POST" and path == "/token":
            return self._token(headers, body)
        if method != "GET" or not path.startswith(PREFIX):
            return 404, {}, {"fault": {"code": 404, "message": "No matching resource found"}}
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return 401, {}, _fault(900902, "Missing Credentials")
        with self.lock:
            expires = self.tokens.get(auth[len("Bearer "):])
        if expires is None or expires < time.monotonic():
            return 401, {}, _fault(900901, "Invalid Credentials")
        fault = self._maybe_fault()
        if fault:
            return fault
        rest = path[len(PREFIX):]
        if rest == "/donvi":
            return self._page(self.agencies, query)
        if rest == "/tapdulieu":
            return self._datasets(query)
        if rest.startswith("/tapdulieu/"):
            record = self.records.get(rest[len("/tapdulieu/"):])
            if record is None:
                return 404, {}, {"data": None, "error": {"code": 404, "internalMessage": "",
                                 "userMessage": "Không tìm thấy tập dữ liệu"}, "total": 0}
            return 200, {}, {"data": record, "error": {"code": 200}, "total": 1}
        return 404, {}, {"fault": {"code": 404, "message": "No matching resource found"}}

    def _token(self, headers, body):
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        client = (form.get("client_id"), form.get("client_secret"))
        auth = headers.get("authorization", "")
        if auth.startswith("Basic "):
            try:
                client = tuple(base64.b64decode(auth[6:]).decode("utf-8").split(":", 1))
            except (ValueError, UnicodeDecodeError):
                client = (None, None)
        if form.get("grant_type") != "client_credentials":
            return 400, {}, {"error": "unsupported_grant_type",
                             "error_description": "Unsupported grant_type value"}
        if client != (self.client_id, self.client_secret):
            return 401, {}, {"error": "invalid_client",
                             "error_description": "Client Authentication failed."}
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return 200, {}, {"access_token": token, "scope": "am_application_scope default",
                         "token_type": "Bearer", "expires_in": self.token_lifetime}

    def _maybe_fault(self):
        faults = self.faults
        with self.lock:
            if faults.rate <= 0 or faults.rng.random() >= faults.rate:
                return None
            kind = faults.rng.choice(faults.kinds)
            self.faults_served.append(kind)
        if kind == "429":
            return 429, {"Retry-After": str(faults.retry_after)}, _fault(900800, "Message throttled out")
        if kind == "401":
            with self.lock:
                self.tokens.clear()            # the gateway revoked every token
            return 401, {}, _fault(900901, "Invalid Credentials")
        return int(kind), {}, _fault(101503 if kind == "503" else 101504, "Runtime Error")

    def _datasets(self, query):
        with self.lock:
            records = list(self.records.values())
        since = query.get("capNhatTu")
        if since:
            try:
                since_time = datetime.datetime.fromisoformat(since)
            except ValueError:
                return 400, {}, _envelope_error(400, "capNhatTu không hợp lệ")
            records = [r for r in records
                       if datetime.datetime.fromisoformat(r["ngayCapNhat"]) >= since_time]
        else:
            records = [r for r in records if r.get("trangThai") != "THU_HOI"]
        if query.get("maDonVi"):
            records = [r for r in records if r["maDonVi"] == query["maDonVi"]]
        records.sort(key=lambda r: (r["ngayCapNhat"], r["maTapDuLieu"]), reverse=True)
        status, headers, body = self._page(records, query)
        if status == 200 and self.junk and str(query.get("trang", 1)) == "1":
            body = dict(body, data=self.junk + body["data"])
        if status != 200 or not self.listing_fault:
            return status, headers, body
        if self.listing_fault == "404":
            return 404, {}, _fault(404, "Not Found")
        if self.listing_fault in ("null", "empty"):
            return 200, {}, dict(body, data=None if self.listing_fault == "null" else [])
        return 200, {}, dict(body, data=body["data"][:5])

    def _page(self, items, query):
        try:
            page = int(query.get("trang", 1))
            size = int(query.get("soBanGhi", 20))
        except ValueError:
            return 400, {}, _envelope_error(400, "trang, soBanGhi phải là số")
        if page < 1 or not 1 <= size <= self.max_page_size:
            return 400, {}, _envelope_error(400, f"soBanGhi > {self.max_page_size}")
        chunk = items[(page - 1) * size: page * size]
        return 200, {}, {"data": chunk, "error": {"code": 200}, "total": len(items)}


def _fault(code: int, message: str) -> dict:
    return {"fault": {"code": code, "message": message, "description": message}}


def _envelope_error(code: int, message: str) -> dict:
    return {"data": None, "error": {"code": code, "internalMessage": message,
                                    "userMessage": "Tham số không hợp lệ"}, "total": 0}


class _Handler(BaseHTTPRequestHandler):
    gateway: FakeGateway
    protocol_version = "HTTP/1.1"

    def _serve(self, method: str):
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra, payload = self.gateway.handle(method, parts.path, query, headers, body)
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def log_message(self, format, *args):
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--records", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--client-id", default="portal")
    parser.add_argument("--client-secret", default="bi-mat")
    args = parser.parse_args(argv)
    gateway = FakeGateway.generated(args.records, seed=args.seed, client_id=args.client_id,
                                    client_secret=args.client_secret,
                                    faults=Faults(rate=args.fault_rate, seed=args.seed))
    url = gateway.start(args.port, args.host)
    print(f"fake LGSP gateway with {args.records} datasets at {url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        gateway.stop()


if __name__ == "__main__":
    main()
