"""The central database: URLs, connections, and its Alembic version history (migrations_central/).

Central URLs are libpq URLs (``postgresql://role:password@host:5432/wms?sslmode=verify-full``);
every query parameter (``sslmode``, ``sslrootcert``, ``connect_timeout``...) passes through to
libpq unchanged. ``postgresql+psycopg://`` (SQLAlchemy's spelling) is accepted as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from wms.core.domain.errors import ConfigError, SyncError
from wms.core.domain.text import msg
from wms.core.sync import citus

VERSION_TABLE = "wms_central_version"
DEFAULT_CONNECT_TIMEOUT = "10"
_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def migrations_dir() -> Path:
    packaged = _PACKAGE_DIR / "_migrations_central"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / "migrations_central"


def libpq_url(url: str) -> str:
    """A libpq URL (what psycopg connects with) from a central URL; adds a connect timeout
    and TCP keepalives unless the URL sets them, so a dead network fails instead of hanging."""
    if not url:
        raise ConfigError(
            "no central database URL: expected --url, $WMS_CENTRAL_URL or [central] url "
            "in wms.toml, found none"
        )
    scheme, _, rest = url.partition("://")
    if scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        raise ConfigError(
            f"central URL '{redact(url)}': expected postgresql://user:password@host/db, "
            f"found scheme '{scheme}'"
        )
    parts = urlsplit("postgresql://" + rest)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.setdefault("connect_timeout", DEFAULT_CONNECT_TIMEOUT)
    query.setdefault("keepalives", "1")
    query.setdefault("keepalives_idle", "10")
    query.setdefault("keepalives_interval", "5")
    query.setdefault("keepalives_count", "3")
    # data sent but unacknowledged this long (ms) means the network is gone
    query.setdefault("tcp_user_timeout", "30000")
    return urlunsplit(parts._replace(query=_encode(query)))


def _encode(query: dict[str, str]) -> str:
    """Query parameters percent-encoded as libpq decodes them (a space is ``%20``: libpq
    does not read ``+`` as a space, so ``options=-c%20statement_timeout%3D5000`` survives)."""
    return urlencode(query, quote_via=quote)


def sqlalchemy_url(url: str) -> str:
    return "postgresql+psycopg://" + libpq_url(url).split("://", 1)[1]


def redact(url: str) -> str:
    """The URL with its password hidden (for messages and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect(
    url: str, *, application_name: str = "wms", autocommit: bool = False
) -> psycopg.Connection:
    """A psycopg connection to central; failures become :class:`SyncError` with the URL."""
    try:
        # no server-side prepared statements: generic plans cannot prune the ledger's
        # partitions by warehouse, and transaction-pooling PgBouncers do not keep them
        return psycopg.connect(
            libpq_url(url),
            autocommit=autocommit,
            application_name=application_name,
            prepare_threshold=None,
        )
    except psycopg.Error as error:
        raise SyncError(explain_connect_failure(url, error)) from error


# what libpq or the server says when a login fails, and the sentence that names the cause
_LOGIN_FAILURES: tuple[tuple[str, str], ...] = (
    (
        r'password authentication failed for user "([^"]*)"',
        "central {url} refused the password of role {0}; expected the password printed "
        "once when the role was made (wms central add-warehouse / add-station)",
    ),
    (
        r'role "([^"]*)" does not exist',
        "central {url} has no role {0}; expected the user name of a role printed by 'wms "
        "central add-warehouse' or 'add-station'",
    ),
    (
        r'database "([^"]*)" does not exist',
        "central {url} has no database {0}; expected the database name of the central "
        "database ('wms central init' makes it)",
    ),
    (
        r'unrecognized configuration parameter "([^"]*)"',
        "central {url}: the URL's options name a setting PostgreSQL does not have ({0}); "
        "expected options=-c%20name%3Dvalue with a real setting",
    ),
    (
        r'no pg_hba.conf entry for host "([^"]*)"',
        "central {url} does not let this host ({0}) log in with that role and database "
        "(pg_hba.conf); expected the central administrator to allow it",
    ),
)

#: what a server that is stopping or not yet accepting logins answers a new connection
_RESTARTING = re.compile(
    r"the database system is (starting up|shutting down|in recovery mode|not yet accepting "
    r"connections)"
)


def explain_connect_failure(url: str, error: BaseException) -> str:
    """One sentence naming what is wrong with a URL central would not accept."""
    text = str(error)
    restarting = _RESTARTING.search(text)
    if restarting:
        return msg(
            "central {url} is restarting or shutting down ({reason}); what it did not confirm "
            "is sent again once it is back",
            url=redact(url),
            reason=restarting.group(0),
        )
    for pattern, sentence in _LOGIN_FAILURES:
        match = re.search(pattern, text)
        if match:
            return sentence.format(*match.groups(), url=redact(url))
    return f"cannot reach central {redact(url)}: {_first_line(error)}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def create_central_engine(url: str) -> Engine:
    return create_engine(sqlalchemy_url(url), poolclass=NullPool)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def ensure_database(url: str, *, distributed: bool = False) -> bool:
    """Create the URL's database if it does not exist (connecting to ``postgres``); True if
    it was created. On a Citus coordinator (the extension in its ``postgres`` database) the
    database is made on every node of the cluster; ``distributed`` insists on Citus."""
    parts = urlsplit(libpq_url(url))
    name = parts.path.lstrip("/")
    if not name:
        raise ConfigError(f"central URL '{redact(url)}': expected a database name, found none")
    try:
        with psycopg.connect(libpq_url(url)):
            return False
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise SyncError(f"cannot reach central {redact(url)}: {_first_line(error)}") from error
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            on_citus = citus.has_citus(conn)
            if not on_citus and distributed:
                raise SyncError(
                    f"central server {redact(url)}: --distributed expects a Citus coordinator "
                    "(the citus extension in its postgres database), found plain PostgreSQL"
                )
            if not on_citus:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        if on_citus:
            # a Citus database exists on every node, with the extension, the nodes registered
            citus.create_cluster_database(maintenance, name)
    except psycopg.Error as error:
        raise SyncError(
            f"central database '{name}' does not exist and cannot be created: {_first_line(error)}"
        ) from error
    return True


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the central database to ``revision`` (default the newest)."""
    engine = create_central_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DBAPIError as error:
        raise SyncError(
            f"central database {redact(url)} cannot be upgraded: {_first_line(error.orig or error)}"
        ) from error
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = create_central_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            return context.get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def with_query(url: str, **params: str) -> str:
    """``url`` with query parameters set (used to print a ready-to-paste station URL)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=_encode(query)))


def is_distributed(url: str) -> bool:
    """Is this central database on a Citus coordinator (the extension installed in it)?"""
    with connect(url, autocommit=True) as conn:
        return citus.has_citus(conn)


def cluster_workers(url: str) -> list[str]:
    """``host:port`` of each active worker of a distributed central database."""
    with connect(url, autocommit=True) as conn:
        return [f"{n.host}:{n.port}" for n in citus.cluster_nodes(conn) if n.role == "worker"]
