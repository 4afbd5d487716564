"""Citizens' data requests and the agencies' answers.

Revision ID: 5b2c3d4e6f70
Revises: 4f1a2b3c5d6e
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "5b2c3d4e6f70"
down_revision = "4f1a2b3c5d6e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thanhhoa_data_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("purpose", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="SET NULL"), index=True),
        sa.Column("requester_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("public", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="open"),
        sa.Column("answer", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("planned_date", sa.Date),
        sa.Column("dataset_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="SET NULL")),
        sa.Column("answered_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered", sa.DateTime(timezone=True)),
    )


def downgrade():
    op.drop_table("thanhhoa_data_request")
