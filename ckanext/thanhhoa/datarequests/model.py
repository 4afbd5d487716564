"""The data requests' table (migration/thanhhoa: `ckan db upgrade`), on
CKAN's metadata so that a test database's reset empties it too."""
from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa

from ckan.model import meta

data_request = sa.Table(
    "thanhhoa_data_request", meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("title", sa.UnicodeText, nullable=False),
    sa.Column("description", sa.UnicodeText, nullable=False),
    sa.Column("purpose", sa.UnicodeText, nullable=False),
    sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="SET NULL")),
    sa.Column("requester_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE")),
    # a requester without an account: their address, confirmed by a link
    # (the hash of its token, and until when it may be confirmed)
    sa.Column("requester_email", sa.UnicodeText),
    sa.Column("confirm_hash", sa.UnicodeText, unique=True),
    sa.Column("confirm_by", sa.DateTime(timezone=True)),
    sa.Column("public", sa.Boolean, nullable=False),
    sa.Column("state", sa.UnicodeText, nullable=False),
    sa.Column("answer", sa.UnicodeText, nullable=False),
    sa.Column("planned_date", sa.Date),
    sa.Column("dataset_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="SET NULL")),
    sa.Column("answered_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("answered", sa.DateTime(timezone=True)),
    extend_existing=True,
)
STATES = ("open", "accepted", "refused", "done")
UNCONFIRMED = "unconfirmed"     # asked by e-mail, the link not followed yet: nobody sees it


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def insert(values: dict) -> dict:
    row = dict({"state": "open"}, **values, id=str(uuid.uuid4()), answer="", created=now())
    meta.Session.execute(data_request.insert().values(**row))
    meta.Session.commit()
    return get(row["id"])


def get(request_id: str) -> dict | None:
    row = meta.Session.execute(sa.select(data_request).where(data_request.c.id == request_id)).first()
    return dict(row._mapping) if row else None


def update(request_id: str, values: dict) -> dict:
    meta.Session.execute(data_request.update().where(data_request.c.id == request_id).values(**values))
    meta.Session.commit()
    return get(request_id)


def select(where) -> list[dict]:
    query = sa.select(data_request).where(where).order_by(data_request.c.created.desc())
    return [dict(row._mapping) for row in meta.Session.execute(query)]


def by_confirm_hash(digest: str) -> dict | None:
    row = meta.Session.execute(sa.select(data_request).where(data_request.c.confirm_hash == digest)).first()
    return dict(row._mapping) if row else None


def confirm(request_id: str) -> bool:
    """The request counts from now; the link is spent (claimed once, atomically)."""
    done = meta.Session.execute(data_request.update().where(
        data_request.c.id == request_id, data_request.c.state == UNCONFIRMED,
        data_request.c.confirm_by > now()).values(
        state="open", created=now(), confirm_hash=None, confirm_by=None)).rowcount
    meta.Session.commit()
    return bool(done)


def delete(request_id: str) -> None:
    meta.Session.execute(data_request.delete().where(data_request.c.id == request_id))
    meta.Session.commit()


def purge_unconfirmed() -> int:
    """Forget the requests whose link expired unconfirmed (and their
    addresses)."""
    gone = meta.Session.execute(data_request.delete().where(
        data_request.c.state == UNCONFIRMED, data_request.c.confirm_by <= now())).rowcount
    meta.Session.commit()
    return gone
