"""A data request from someone without an account: their e-mail address,
confirmed by a link before the request counts.

Revision ID: 7d4e5f6a8b92
Revises: 6c3d4e5f7a81
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "7d4e5f6a8b92"
down_revision = "6c3d4e5f7a81"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("thanhhoa_data_request", "requester_id", nullable=True)
    op.add_column("thanhhoa_data_request", sa.Column("requester_email", sa.UnicodeText))
    op.add_column("thanhhoa_data_request", sa.Column("confirm_hash", sa.UnicodeText, unique=True))
    op.add_column("thanhhoa_data_request", sa.Column("confirm_by", sa.DateTime(timezone=True)))
    op.create_check_constraint("thanhhoa_data_request_has_requester", "thanhhoa_data_request",
                               "requester_id IS NOT NULL OR requester_email IS NOT NULL")


def downgrade():
    op.execute("DELETE FROM thanhhoa_data_request WHERE requester_id IS NULL")
    op.drop_constraint("thanhhoa_data_request_has_requester", "thanhhoa_data_request")
    for column in ("confirm_by", "confirm_hash", "requester_email"):
        op.drop_column("thanhhoa_data_request", column)
    op.alter_column("thanhhoa_data_request", "requester_id", nullable=False)
