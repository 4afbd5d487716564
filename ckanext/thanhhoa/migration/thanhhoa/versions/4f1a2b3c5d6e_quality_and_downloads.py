"""The link checks and DCAT-AP conformance of the quality score; the
downloads the portal serves, per resource and day.

Revision ID: 4f1a2b3c5d6e
Revises:
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "4f1a2b3c5d6e"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thanhhoa_link_check",
        sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("seconds", sa.Float),
        sa.Column("content_type", sa.UnicodeText),
        sa.Column("size", sa.BigInteger),
        sa.Column("final_url", sa.UnicodeText),
        sa.Column("error", sa.UnicodeText),
        sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
        sa.Column("broken_since", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "thanhhoa_conformance",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("conformant", sa.Boolean, nullable=False),
        sa.Column("messages", sa.JSON, nullable=False),
        sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "thanhhoa_download",
        sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade():
    op.drop_table("thanhhoa_download")
    op.drop_table("thanhhoa_conformance")
    op.drop_table("thanhhoa_link_check")
