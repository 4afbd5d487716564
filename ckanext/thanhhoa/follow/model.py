"""The sectors a user follows (migration/thanhhoa: `ckan db upgrade`).
Sectors are a vocabulary, not CKAN groups, so CKAN's followers tables cannot
hold them. On CKAN's metadata so that a test database's reset empties it."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan.model import meta

sector_follow = sa.Table(
    "thanhhoa_sector_follow", meta.metadata,
    sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sector", sa.UnicodeText, primary_key=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)


def follow(user_id: str, sector: str) -> None:
    meta.Session.execute(pg_insert(sector_follow).values(
        user_id=user_id, sector=sector, created=datetime.datetime.now(datetime.timezone.utc),
    ).on_conflict_do_nothing())
    meta.Session.commit()


def unfollow(user_id: str, sector: str) -> bool:
    gone = meta.Session.execute(sector_follow.delete().where(
        sector_follow.c.user_id == user_id, sector_follow.c.sector == sector)).rowcount
    meta.Session.commit()
    return bool(gone)


def sectors_of(user_id: str) -> list[str]:
    query = sa.select(sector_follow.c.sector).where(sector_follow.c.user_id == user_id).order_by(
        sector_follow.c.sector)
    return list(meta.Session.execute(query).scalars())


def follower_count(sector: str) -> int:
    query = sa.select(sa.func.count()).select_from(sector_follow).where(sector_follow.c.sector == sector)
    return meta.Session.execute(query).scalar_one()
