"""The sectors each user follows (sectors are a vocabulary, not groups).

Revision ID: 6c3d4e5f7a81
Revises: 5b2c3d4e6f70
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "6c3d4e5f7a81"
down_revision = "5b2c3d4e6f70"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thanhhoa_sector_follow",
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sector", sa.UnicodeText, primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("thanhhoa_sector_follow_sector", "thanhhoa_sector_follow", ["sector"])


def downgrade():
    op.drop_table("thanhhoa_sector_follow")
