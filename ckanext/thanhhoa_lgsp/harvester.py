"""The `lgsp` harvester: ckanext-harvest's gather/fetch/import stages over
the gateway client and the pure record mapping.

- gather lists the records (incremental with `capNhatTu` from the start of
  the last run that finished cleanly; complete on the first run and in
  `"mode": "full"`), one harvest object per record, guid = `maTapDuLieu`; a
  complete listing also withdraws the source's datasets it no longer holds;
- fetch has nothing to do (listings carry whole records);
- import creates, updates, withdraws (state deleted, never purged) or
  restores the dataset and says "unchanged" when the record has not changed.
  A dataset written by an import that died before linking it is found again
  by its `lgsp_id`, so a rerun never duplicates it.
"""
from __future__ import annotations

import contextlib
import copy
import datetime
import itertools
import json
import logging
import os
import uuid

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestObject

from ckanext.thanhhoa.outbound import session as outbound
from ckanext.thanhhoa.metadata import agencies, text
from ckanext.thanhhoa.operations import harvest_jobs
from ckanext.thanhhoa_lgsp import mapping, source_config
from ckanext.thanhhoa_lgsp import objects as harvest_objects
from ckanext.thanhhoa_lgsp.client import LgspClient, LgspError

log = logging.getLogger(__name__)

ICT = datetime.timezone(datetime.timedelta(hours=7))
OVERLAP = datetime.timedelta(minutes=5)
PUBLISH, WITHDRAW = "publish", "withdraw"
ATTEMPTS = 5          # writes of a new dataset that meets a concurrent one
UNIQUE_VIOLATION = "23505"

# The portal's Flask app (set by the plugin's IMiddleware): harvest consumers
# run outside any request, where CKAN's messages would not be translated.
flask_app = None


@contextlib.contextmanager
def portal_request():
    """A request of the portal's default language around a write, so that
    validation messages are in Vietnamese in object errors too."""
    import flask

    if flask.has_request_context() or flask_app is None:
        yield
        return
    with flask_app.test_request_context():
        yield


def make_client(base_url: str, config: source_config.SourceConfig) -> LgspClient:
    """A client for the source's gateway; credentials from CKAN's config or
    the environment, never from the source configuration."""
    client_id = os.environ.get("LGSP_CLIENT_ID") or tk.config.get("ckanext.thanhhoa_lgsp.client_id")
    secret = os.environ.get("LGSP_CLIENT_SECRET") or tk.config.get("ckanext.thanhhoa_lgsp.client_secret")
    if not client_id or not secret:
        raise LgspError("chưa cấu hình thông tin xác thực LGSP (ckanext.thanhhoa_lgsp.client_id, "
                        "client_secret hoặc biến môi trường LGSP_CLIENT_ID, LGSP_CLIENT_SECRET)")
    timeout = float(tk.config.get("ckanext.thanhhoa_lgsp.timeout"))
    return LgspClient(base_url, client_id, secret, token_path=config.paths["token"],
                      auth_method=config.auth_method, timeout=(min(timeout, 10.0), timeout),
                      max_retries=int(tk.config.get("ckanext.thanhhoa_lgsp.max_retries")),
                      backoff=float(tk.config.get("ckanext.thanhhoa_lgsp.backoff")),
                      envelope=config.envelope, paging=config.paging, max_pages=config.max_pages,
                      total_timeout=float(tk.config.get("ckanext.thanhhoa_lgsp.total_timeout")),
                      session=outbound.session())


def last_clean_start(source_id: str, current_job_id: str) -> datetime.datetime | None:
    """When the last clean run of the source started (no error reading the
    list, every object imported: operations/harvest_jobs.py): the next
    incremental listing starts there, so a record that failed is read again
    until it is imported."""
    return harvest_jobs.last_clean(source_id, exclude=current_job_id)


def last_complete_listing(source_id: str) -> model.TaskStatus | None:
    """When the source's last provably complete listing was read (a task
    status of the source)."""
    return model.Session.query(model.TaskStatus).filter_by(
        entity_id=source_id, task_type="lgsp", key="complete_listing").first()


def mark_complete_listing(source_id: str, when: datetime.datetime) -> None:
    task = last_complete_listing(source_id) or model.TaskStatus(
        entity_id=source_id, entity_type="harvest_source", task_type="lgsp",
        key="complete_listing", state="done")
    task.value = when.isoformat()
    task.last_updated = when
    model.Session.add(task)


def listing_params(source_id: str, job_id: str, config: source_config.SourceConfig) -> dict:
    """{} for a complete listing (mode full, the first run, or the last
    complete one `full_every_days` ago: removals are caught on incremental
    sources too), else {"capNhatTu": …} from the start of the last clean run
    (less a few minutes against clock skew)."""
    since = None if config.mode == "full" else last_clean_start(source_id, job_id)
    if since is None:
        return {}
    complete = last_complete_listing(source_id)
    if complete is None or datetime.datetime.utcnow() - complete.last_updated >= datetime.timedelta(
            days=config.full_every_days):
        return {}
    started = since.replace(tzinfo=datetime.timezone.utc) - OVERLAP
    return {"capNhatTu": started.astimezone(ICT).isoformat(timespec="seconds")}


def current_object(source_id: str, guid: str) -> HarvestObject | None:
    return (model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.guid == guid,
                    HarvestObject.current == True).first())  # noqa: E712


def dataset_of(source_id: str, guid: str, orphan: str | None = None) -> model.Package | None:
    """The dataset this source made for a guid, published or withdrawn: the
    newest of the source's harvest objects that points at one, else the
    `orphan` the gather found (a dataset with that `lgsp_id` that no harvest
    source claims, written by an import that died before linking it)."""
    linked = (model.Session.query(HarvestObject.package_id)
              .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.guid == guid,
                      HarvestObject.package_id.isnot(None))
              .order_by(HarvestObject.gathered.desc()).first())
    package_id = linked[0] if linked else orphan
    return model.Package.get(package_id) if package_id else None


def dataset_records(client: LgspClient, config: source_config.SourceConfig, params: dict,
                    problems: list[str]):
    """The dataset listing, of each configured agency (all when none)."""
    for agency in config.agencies or [None]:
        query = dict(params, **({"maDonVi": agency} if agency else {}))
        yield from client.iter_records(config.paths["datasets"], query,
                                       page_size=config.page_size, problems=problems)


def missing_datasets(source) -> list[tuple[str, str]]:
    """(guid, dataset id) of the source's published datasets that its
    gateway's complete listing lacks (raises LgspError when the listing is
    not provably complete)."""
    config = source_config.parse(source.config)
    problems: list[str] = []
    seen = {record.get("maTapDuLieu") for record in dataset_records(
        make_client(source.url, config), config, {}, problems) if isinstance(record, dict)}
    if problems:
        raise LgspError("danh sách chưa chắc đầy đủ: " + "; ".join(problems))
    return [(guid, package_id) for guid, package_id in
            model.Session.execute(harvest_objects.published(source.id)) if guid not in seen]


def withdraw(source_id: str, missing: list[tuple[str, str]]) -> list[str]:
    """Withdraw these (guid, dataset id) of the source (state deleted, never
    purged: a record back on the gateway restores its dataset); their names."""
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    names = []
    for guid, package_id in missing:
        package = model.Package.get(package_id)
        if package is not None and package.state == "active":
            tk.get_action("package_delete")({"user": user, "ignore_auth": True}, {"id": package.id})
            names.append(package.name)
        obj = current_object(source_id, guid)
        if obj is not None:
            obj.current = False
            obj.save()
    return names


def hold_name(dataset: dict) -> None:
    """Until this transaction ends, the lock of the name a new dataset's
    title gives: importers of records of one title (two fetch consumers)
    then choose their names one after the other, each seeing the names the
    others wrote, instead of all the same one."""
    title = (dataset.get("title_translated") or {}).get("vi") or ""
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": "thanhhoa-dataset-name:" + text.name_base(text.nfc(title))})


class Gathered:
    """The records of a listing, stored a batch at a time (objects.py): no
    more than a batch of records is held in memory (the rows wait in the
    gather's transaction), a record listed twice counts once, and a record
    unchanged since its dataset was written is settled here; the others wait
    for the fetch queue (`queued`)."""
    size = 200
    said = 20       # skipped records named one by one; the rest counted

    def __init__(self, job, agencies: dict):
        self.job, self.agencies = job, agencies
        self.batch: dict[str, dict] = {}
        self.queued: list[str] = []
        self.skipped: list[str] = []
        self.listed = self.unchanged = self.skipped_count = 0

    def add(self, record) -> None:
        """Take the next record of the listing (one that is not a record is
        skipped, and said)."""
        self.listed += 1
        guid = record.get("maTapDuLieu") if isinstance(record, dict) else None
        if not isinstance(record, dict) or not isinstance(guid, str) or not guid.strip():
            self.skipped_count += 1
            if len(self.skipped) < self.said:
                why = ("không phải đối tượng JSON" if not isinstance(record, dict)
                       else f"maTapDuLieu không hợp lệ ({guid!r:.60})")
                self.skipped.append(f"Bản ghi thứ {self.listed} của danh sách bị bỏ qua: {why}")
            return
        if guid not in self.batch:
            self.batch[guid] = {"status": WITHDRAW if record.get("trangThai") == "THU_HOI" else PUBLISH,
                                "record": record, "agency": self.agencies.get(record.get("maDonVi"))}
        if len(self.batch) >= self.size:
            self.flush()

    def skipped_messages(self) -> list[str]:
        more = self.skipped_count - len(self.skipped)
        return self.skipped + ([f"… và {more} bản ghi khác bị bỏ qua"] if more else [])

    def flush(self) -> None:
        source_id, guids = self.job.source_id, list(self.batch)
        if not guids:
            return
        listed_before = harvest_objects.in_job(self.job.id, guids)
        current = harvest_objects.current(source_id, guids)
        new = [guid for guid in guids if guid not in current and guid not in listed_before]
        linked = harvest_objects.linked(source_id, new)
        orphans = harvest_objects.orphans([guid for guid in new if guid not in linked])
        rows, retired = [], []
        for guid in guids:
            if guid in listed_before:
                continue
            content, previous = self.batch[guid], current.get(guid)
            row = {"id": harvest_objects.new_id(), "guid": guid}
            if (content["status"] == PUBLISH and previous is not None
                    and previous.package_state == "active" and previous.record() == content["record"]):
                row.update(package_id=previous.package_id, current=True, state="COMPLETE",
                           report_status="not modified")
                retired.append(previous.id)
                self.unchanged += 1
            else:
                if guid in orphans:
                    content["orphan"] = orphans[guid]
                self.queued.append(row["id"])
            row["content"] = json.dumps(content, ensure_ascii=False, sort_keys=True)
            rows.append(row)
        harvest_objects.retire(retired)
        harvest_objects.insert(self.job, rows)
        self.batch = {}


class LgspHarvester(HarvesterBase):

    def info(self):
        return {"name": "lgsp", "title": "LGSP Thanh Hóa",
                "description": "Thu thập danh mục dữ liệu các cơ quan chia sẻ qua nền tảng "
                               "LGSP của tỉnh (harvests the catalogue shared through the LGSP)"}

    def validate_config(self, config):
        source_config.parse(config)
        return config

    # --- gather ---------------------------------------------------------------

    def gather_stage(self, harvest_job):
        try:
            return self._gather(harvest_job)
        except Exception as error:  # noqa: BLE001 — an unexpected failure is not a clean run
            model.Session.rollback()   # first: the job is read again below
            log.exception("LGSP gather of job %s failed", harvest_job.id)
            self._save_gather_error(f"Lỗi không lường trước khi thu thập danh sách: "
                                    f"{type(error).__name__}: {error}", harvest_job)
            return None

    def _gather(self, harvest_job):
        """One transaction, committed at the end with its gather errors: no
        object is visible to `harvester run` (which resubmits waiting
        objects) before the gather returns them."""
        source = harvest_job.source
        problems: list[str] = []
        try:
            config = source_config.parse(source.config)
            client = make_client(source.url, config)
            params = listing_params(source.id, harvest_job.id, config)
            agencies = {a.get("maDinhDanh"): a for a in
                        client.iter_records(config.paths["agencies"], page_size=config.page_size)}
        except (source_config.ConfigError, LgspError) as error:
            self._save_gather_error(f"Không thu thập được danh sách từ LGSP: {error}", harvest_job)
            return None
        gathered, errors = Gathered(harvest_job, agencies), []
        try:
            for record in dataset_records(client, config, params, problems):
                gathered.add(record)
            gathered.flush()
        except LgspError as error:  # what was listed before is imported; the job is not clean
            gathered.flush()
            problems.append(str(error))
        log.info("LGSP %s: %s records (%s), %s unchanged, %s requests", source.url, gathered.listed,
                 "since " + params["capNhatTu"] if params else "complete listing",
                 gathered.unchanged, client.requests_made)
        errors += gathered.skipped_messages()
        if problems:      # the job is not clean: the next incremental run starts before it
            errors.append("Danh sách từ LGSP chưa chắc đầy đủ nên không rút tập dữ liệu nào: "
                          + "; ".join(problems))
        elif not params:  # a complete listing: what it lacks was withdrawn
            mark_complete_listing(source.id, harvest_job.gather_started or datetime.datetime.utcnow())
            missing, refused = self.missing_from(source.id, harvest_job)
            errors += refused
            rows = [{"id": harvest_objects.new_id(), "guid": guid, "package_id": package_id,
                     "content": json.dumps({"status": WITHDRAW})} for guid, package_id in missing]
            harvest_objects.insert(harvest_job, rows)
            gathered.queued += [row["id"] for row in rows]
        for message in errors:   # in the same transaction: no listing counts as clean without them
            model.Session.add(HarvestGatherError(message=message, job=harvest_job))
        model.Session.commit()
        return gathered.queued

    @staticmethod
    def missing_from(source_id: str, harvest_job) -> tuple[list[tuple[str, str]], list[str]]:
        """(guid, dataset id) of the source's published datasets a complete
        listing lacks; none, and an error that says why, when they are more
        than the share of its datasets a run may withdraw."""
        missing = harvest_objects.missing_from_job(source_id, harvest_job.id)
        total = harvest_objects.published_count(source_id)
        share = float(tk.config.get("ckanext.thanhhoa_lgsp.max_withdraw_share"))
        if missing and len(missing) > share * total:
            return [], [
                f"Danh sách đầy đủ thiếu {len(missing)}/{total} tập dữ liệu đang công bố, "
                f"quá {share:.0%} cho phép nên không rút tập dữ liệu nào; nếu đúng là cổng đã bỏ "
                f"chúng, người vận hành chạy: ckan thanhhoa-lgsp withdraw-missing <nguồn>"]
        return missing, []

    # --- fetch ----------------------------------------------------------------

    def fetch_stage(self, harvest_object):
        return True

    # --- import ---------------------------------------------------------------

    def import_stage(self, harvest_object):
        with portal_request():
            try:
                return self._import(harvest_object)
            except Exception as error:  # noqa: BLE001 — said once, not retried in silence
                model.Session.rollback()   # first: the object is read again below
                log.exception("LGSP import of %s failed", harvest_object.guid)
                self._save_object_error(f"Bản ghi {harvest_object.guid}: lỗi không lường trước "
                                        f"khi nhập ({type(error).__name__}: {error})",
                                        harvest_object, "Import")
                return False

    def _import(self, harvest_object):
        content = json.loads(harvest_object.content or "{}")
        source_id = harvest_object.harvest_source_id or harvest_object.job.source_id
        previous = current_object(source_id, harvest_object.guid)
        package = dataset_of(source_id, harvest_object.guid, content.get("orphan"))
        context = {"user": self._get_user_name(), "ignore_auth": True, "thanhhoa_harvester": True}

        if content.get("status") == WITHDRAW:
            if package is None or package.state == "deleted":
                return "unchanged"
            tk.get_action("package_delete")(context, {"id": package.id})
            self._link(harvest_object, previous, package.id, current=False)
            log.info("LGSP: withdrew %s (%s)", package.name, harvest_object.guid)
            return True

        previous_content = json.loads(previous.content or "{}") if previous else {}
        if (package is not None and package.state == "active"
                and previous_content.get("record") == content["record"]):
            self._link(harvest_object, previous, package.id)
            return "unchanged"

        record = content["record"]
        try:
            config = source_config.parse(harvest_object.source.config)
            org_id = self._agency(record, content.get("agency"), config)
            mapped = mapping.record_to_dataset(record, config, org_id)
            for warning in mapped.warnings:
                self._save_object_error(warning, harvest_object, "Import")
            result = self._write(harvest_object, previous, context, mapped.dataset, package)
        except tk.ValidationError as error:
            model.Session.rollback()
            self._save_object_error(_validation_message(harvest_object.guid, error.error_dict),
                                    harvest_object, "Import")
            return False
        except source_config.ConfigError as error:
            self._save_object_error(f"Bản ghi {harvest_object.guid}: {error}", harvest_object, "Import")
            return False
        self._link(harvest_object, previous, result["id"])
        log.info("LGSP: %s %s (%s)", "created" if package is None else "updated",
                 result["name"], harvest_object.guid)
        return True

    def _write(self, harvest_object, previous, context: dict, dataset: dict, package) -> dict:
        """package_create (linked first, as ckanext-harvest's own harvesters
        do: the index then records the source from the dataset's first
        write) or package_update. Importers of records of one title choose
        their names one after the other (`hold_name`); when a concurrent
        importer (two fetch consumers, or `harvester run-test` beside one)
        took a unique value first all the same, the write is made again."""
        for attempt in itertools.count(1):
            data = copy.deepcopy(dataset)   # an action may change what it is given
            try:
                if package is None:
                    hold_name(data)
                    # a copy of this object imported at the same time (a
                    # resubmitted message) may have written it meanwhile
                    package = dataset_of(harvest_object.harvest_source_id or harvest_object.job.source_id,
                                         harvest_object.guid)
                if package is not None:
                    return tk.get_action("package_update")(dict(context), dict(
                        data, id=package.id, name=package.name, state="active"))
                new_id = str(uuid.uuid4())
                self._link(harvest_object, previous, new_id, deferred=True)
                return tk.get_action("package_create")(dict(context), dict(data, id=new_id))
            except sa.exc.IntegrityError as error:
                if getattr(error.orig, "pgcode", None) != UNIQUE_VIOLATION or attempt == ATTEMPTS:
                    raise
                model.Session.rollback()
                log.info("LGSP: %s written again after a concurrent import took a unique value "
                         "(%s): %s", harvest_object.guid, attempt, error.orig)

    @staticmethod
    def _link(harvest_object, previous, package_id: str, current: bool = True,
              deferred: bool = False) -> None:
        """Point this object at the dataset and make it the guid's current
        one (not current for a withdrawal, as ckanext-harvest expects). With
        `deferred`, the dataset is yet to be written in this transaction."""
        if previous is not None and previous.id != harvest_object.id:
            previous.current = False
            previous.add()
        harvest_object.package_id = package_id
        harvest_object.current = current
        if deferred:
            model.Session.execute(sa.text(
                "SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
            harvest_object.add()
            model.Session.flush()
        else:
            harvest_object.save()

    def _agency(self, record: dict, agency: dict | None, config: source_config.SourceConfig) -> str:
        """The id of the organization of the record's agency (`maDonVi`),
        created from the gateway's agency list when missing."""
        code = record.get("maDonVi")
        if not code:
            raise tk.ValidationError({"owner_org": ["Thiếu mã đơn vị (maDonVi)"]})
        agency = agency or {"ten": record.get("tenDonVi") or code}
        return agencies.find_or_create(mapping.agency_to_organization(code, agency, config),
                                       self._get_user_name())


def _validation_message(guid: str, errors: dict) -> str:
    """'Bản ghi X: nguoiLienHe (contact): Địa chỉ thư điện tử không hợp lệ; …'"""
    parts = []

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(key if not prefix else prefix, inner)
        elif isinstance(value, list):
            if value and all(isinstance(v, str) for v in value):
                name = mapping.gateway_field(prefix)
                label = f"{name} ({prefix})" if name != prefix else prefix
                parts.append(f"{label}: {'; '.join(value)}")
            else:
                for inner in value:
                    walk(prefix, inner)

    for key, value in errors.items():
        walk(key, value)
    return f"Bản ghi {guid} không hợp lệ — " + " | ".join(parts)
