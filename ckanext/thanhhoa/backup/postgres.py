"""pg_dump and pg_restore of one database named by a SQLAlchemy URL; the
password goes through the environment, never the command line."""
from __future__ import annotations

import os
import pathlib
import subprocess

import sqlalchemy as sa


def _connection(url: str) -> tuple[list[str], dict]:
    parsed = sa.engine.make_url(url)
    args = ["--host", parsed.host or "127.0.0.1", "--port", str(parsed.port or 5432),
            "--username", parsed.username or "ckan", "--dbname", parsed.database]
    env = dict(os.environ, PGPASSWORD=parsed.password or "", PGCONNECT_TIMEOUT="10")
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def dump(url: str, path: pathlib.Path) -> None:
    """The whole database in pg_dump's custom format (compressed), with its
    grants (the DataStore's read-only role reads through them); owners are
    left out so that another role may restore it."""
    args, env = _connection(url)
    _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(path)], env)


def restore(url: str, path: pathlib.Path) -> None:
    """Into a database whose public schema was just emptied, stopping at the
    first error. Not in one transaction: a DataStore of thousands of tables
    needs more locks than PostgreSQL gives one (max_locks_per_transaction);
    a restore that failed is made again from an emptied schema."""
    args, env = _connection(url)
    _run(["pg_restore", *args, "--no-owner", "--exit-on-error", str(path)], env)


def empty_tables(url: str, keep_prefix: str | None = None) -> None:
    """Drop the public schema's tables (but those named `keep_prefix…`), one
    transaction each: thousands of DataStore tables in one would run out of
    locks (max_locks_per_transaction)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        names = list(connection.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    for name in names:
        if keep_prefix and name.startswith(keep_prefix):
            continue
        with engine.begin() as connection:
            connection.execute(sa.text('DROP TABLE IF EXISTS public."{}" CASCADE'.format(name.replace('"', '""'))))
    engine.dispose()


def empty(url: str) -> None:
    """Drop every object of the public schema (the database's owner owns the
    schema in PostgreSQL 15): the tables first, then the schema."""
    empty_tables(url)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        owner = connection.execute(sa.text(
            "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'")).scalar()
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
        if owner == "pg_database_owner":
            connection.execute(sa.text("ALTER SCHEMA public OWNER TO pg_database_owner"))
        connection.execute(sa.text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
    engine.dispose()


def count(url: str, query: str) -> int | None:
    """A number from the database, None when it has no such table."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(query)).scalar()
    except sa.exc.ProgrammingError:
        return None
    finally:
        engine.dispose()


def has_role(url: str, role: str) -> bool:
    return bool(count(url, f"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"))
