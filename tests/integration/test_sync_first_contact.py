# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""A station's first contact with central: the demo's opening balance goes up without false
conflicts, a new empty database needs only the warehouse's URL, and a URL that is wrong for this
station is refused with one sentence naming what is wrong."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import run_wms
from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    Station,
    admin,
    assert_consistent,
    central,  # noqa: F401 - fixture
    central_stock,
)
from wms.core.domain.errors import SyncError
from wms.core.domain.model import MovementDraft, MovementKind, StockStatus
from wms.core.persistence.tables import MovementRow
from wms.core.services.demo import OPENING_STATION
from wms.core.sync import security
from wms.core.sync.central_migrate import with_query
from wms.core.sync.master import publish

pytestmark = pytest.mark.postgres


def _open_conflicts(central: Central) -> list[tuple[str, str]]:
    with admin(central.url) as conn:
        return conn.execute(
            "SELECT kind, subject FROM conflicts WHERE warehouse_id = %s AND status = 'open'",
            (central.warehouse,),
        ).fetchall()


def test_demo_opening_balance_and_the_first_days_work_sync_without_false_conflicts(
    central_factory: CentralFactory, tmp_path: Path
) -> None:
    central = central_factory.create(setup=False)  # the demo database has never synced
    bench = Station(central.template, "CMN1-S01", central.warehouse)
    publish(central.url, bench.sessions, central.warehouse)
    with bench.sessions() as session:
        opening = session.query(MovementRow).filter_by(station=OPENING_STATION).count()
    assert opening > 0
    # the bench works before its first sync: picks from the opening balance, down to zero
    for key, quantity in sorted(bench.stock().items(), key=lambda kq: kq[0].location)[:3]:
        assert key.status == StockStatus.AVAILABLE and quantity > 0
        bench.post(
            MovementDraft(
                kind=MovementKind.PICK,
                sku=key.sku,
                quantity=quantity,
                from_location=key.location,
                to_location="PACK-01",
                lot=key.lot,
                from_handling_unit=key.handling_unit,
            )
        )
    report = bench.sync(central.warehouse_url, batch_size=5)
    assert report.pushed.inserted == opening + 3 and report.waiting == 0
    assert report.open_conflicts == 0 and _open_conflicts(central) == []
    assert_consistent(central.url, [bench], central.warehouse)
    bench.close()


def test_a_new_station_database_needs_only_the_warehouse_url(
    central: Central, tmp_path: Path
) -> None:
    path = tmp_path / "new.db"
    env = {"WMS_STATION": "CMN1-NEW", "WMS_CONFIG": "", "WMS_WAREHOUSE": ""}
    assert run_wms("init", db=path, env=env).returncode == 0
    result = run_wms("sync", "--once", "--url", central.warehouse_url, db=path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sync ok: pushed 0")
    fresh = Station(path, "CMN1-NEW", central.warehouse)
    assert fresh.stock() == central_stock(central.url, central.warehouse)
    fresh.close()


def test_a_url_option_with_a_space_passes_through(central: Central, tmp_path: Path) -> None:
    bench = central.station(tmp_path / "s.db", "OPTIONS")
    url = with_query(central.warehouse_url, options="-c statement_timeout=5000")
    assert "options=-c%20statement_timeout%3D5000" in url
    assert bench.sync(url).waiting == 0
    bench.close()


def _refusal(bench: Station, url: str) -> str:
    with pytest.raises(SyncError) as refused:
        bench.sync(url)
    message = str(refused.value)
    assert "\n" not in message and "row-level security" not in message
    return message


def test_wrong_urls_are_refused_with_one_sentence_naming_what_is_wrong(
    central_factory: CentralFactory, central: Central, tmp_path: Path
) -> None:
    other = central_factory.create(url=central.url, setup=False)
    bench = central.station(tmp_path / "s.db", "CMN1-S07")
    bench.random_work(random.Random(5), 3)
    # a registered warehouse's role used by a station of another registered warehouse
    message = _refusal(bench, other.warehouse_url)
    assert f"belongs to warehouse {other.warehouse}" in message
    assert f"this station to warehouse {central.warehouse}" in message
    assert "not registered" not in message
    # another station's role
    s08 = security.add_station(central.url, "CMN1-S08", central.warehouse)
    message = _refusal(bench, s08.url)
    assert "is station CMN1-S08's, this station is CMN1-S07" in message
    # an administrator at a central that does not know the warehouse
    lone = Station(bench.path, "CMN1-S07", "NOPE")
    message = _refusal(lone, central.url)
    assert "warehouse NOPE is not registered there" in message
    # a role, a database or a setting that does not exist
    role = urlsplit(central.warehouse_url).username
    assert "has no role nobody" in _refusal(
        bench, central.warehouse_url.replace(f"//{role}:", "//nobody:")
    )
    assert "has no database nowhere" in _refusal(
        bench, central.warehouse_url.rsplit("/", 1)[0] + "/nowhere"
    )
    assert "a setting PostgreSQL does not have (statement_timeut)" in _refusal(
        bench, with_query(central.warehouse_url, options="-c statement_timeut=5")
    )
    # nothing was sent meanwhile, and the right URL still works
    assert bench.sync(central.warehouse_url).waiting == 0
    bench.close()
