"""The pre-alert import (`wms import prealert FILE.csv|FILE.json`): MAWB, bags, parcels and
item lines, refused whole with `line N, column C` like every import."""

from __future__ import annotations

import pytest

from tests.conftest import run_wms
from tests.integration.hub_fixtures import MAWB, OTHER_MAWB, Parcel, Prealert, sample, tracking
from wms.core.domain.errors import ImportRefused
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.parcel_ids import CheckRule, TrackingPattern
from wms.core.services.hub.prealert import import_prealert_bytes


def _count(sessions, table: str) -> int:
    """Rows of this test's MAWB (the demo site has a MAWB of its own)."""
    from sqlalchemy import text

    where = "tracking LIKE 'LP1%'" if table == "hub_parcel_items" else f"mawb = '{MAWB}'"
    with sessions() as session:
        query = text(f"SELECT count(*) FROM {table} WHERE {where}")
        return int(session.execute(query).scalar_one())


def test_a_csv_prealert_creates_the_mawb_its_bags_parcels_and_item_lines(demo_db):
    _engine, sessions, _path = demo_db
    result = import_prealert_bytes(sessions, sample(6, 2).csv())
    assert (result.mawbs, result.bags, result.parcels, result.items) == (1, 2, 6, 12)
    assert [_count(sessions, t) for t in ("hub_mawbs", "hub_bags", "hub_parcels")] == [1, 2, 6]
    assert _count(sessions, "hub_parcel_items") == 12
    with sessions() as session:
        from wms.core.persistence.hub_tables import HubParcelRow

        row = session.get(HubParcelRow, ("CMN1", tracking(0)))
        assert row is not None
        # departure 2026-12-01 22:10 +08:00 = 14:10 UTC, plus the 72-hour promise
        assert row.promise_at.replace(tzinfo=None).isoformat() == "2026-12-04T14:10:00"


def test_the_json_form_imports_the_same_data(demo_db):
    _engine, sessions, _path = demo_db
    result = import_prealert_bytes(sessions, sample(6, 2).json(), json_format=True)
    assert (result.mawbs, result.bags, result.parcels, result.items) == (1, 2, 6, 12)


def test_a_bad_prealert_is_refused_whole_with_every_problem_by_line_and_column(demo_db):
    _engine, sessions, _path = demo_db
    text = sample(3, 1).csv()
    lines = text.splitlines()
    lines[1] = lines[1].replace(tracking(0), tracking(0)[:10] + "9CN")
    lines[3] = lines[3].replace(",BE,", ",XX,")
    lines[5] = lines[5].replace(MAWB, "176-12345670")
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(sessions, "\n".join(lines) + "\n")
    message = str(refused.value)
    expected_digit = tracking(0)[10]
    assert (
        f"line 2, column tracking: S10 item number '{tracking(0)[:10]}9CN': expected check "
        f"digit {expected_digit}, found 9"
    ) in message
    assert "line 4, column consignee_country: expected an ISO 3166" in message
    assert "line 6, column mawb: MAWB number '176-12345670': expected check digit 5" in message
    assert _count(sessions, "hub_parcels") == 0


def test_json_problems_name_the_line_and_key_of_the_file(demo_db):
    _engine, sessions, _path = demo_db
    document = sample(2, 1).json().replace('"currency": "EUR"', '"currency": "EURO"', 1)
    line = next(n for n, text in enumerate(document.splitlines(), start=1) if '"EURO"' in text)
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(sessions, document, json_format=True)
    assert f"line {line}, column currency: expected an ISO 4217" in str(refused.value)


def test_rows_of_one_parcel_must_agree(demo_db):
    _engine, sessions, _path = demo_db
    prealert = Prealert([Parcel(tracking(1), "BAG001")])
    rows = prealert.csv().splitlines()
    rows[2] = rows[2].replace("Camille Martin", "Someone Else")
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(sessions, "\n".join(rows))
    assert "line 3, column consignee_name: expected the same consignee_name as on line 2" in str(
        refused.value
    )


def test_a_bag_of_another_mawb_is_refused(demo_db):
    _engine, sessions, _path = demo_db
    import_prealert_bytes(sessions, Prealert([Parcel(tracking(1), "BAG001")]).csv())
    other = Prealert([Parcel(tracking(2), "BAG001")], mawb=OTHER_MAWB)
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(sessions, other.csv())
    assert "bag BAG001 was pre-alerted under MAWB 176-12345675" in str(refused.value)


def test_carrier_patterns_from_the_settings_validate_tracking_numbers(demo_db):
    _engine, sessions, _path = demo_db
    settings = HubSettings(tracking=(TrackingPattern("GLS", 11, "", CheckRule.MOD7),))
    good = Prealert([Parcel("12345678903", "BAG001")])
    assert import_prealert_bytes(sessions, good.csv(), settings=settings).parcels == 1
    bad = Prealert([Parcel("12345678904", "BAG002")])
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(sessions, bad.csv(), settings=settings)
    assert "GLS tracking number '12345678904': expected check digit 3 (mod7), found 4" in str(
        refused.value
    )


def test_wms_import_prealert_reads_csv_and_json_files(demo_db, tmp_path):
    _engine, _sessions, path = demo_db
    (tmp_path / "p.json").write_text(sample(4, 2).json())
    done = run_wms("import", "prealert", str(tmp_path / "p.json"), db=path)
    assert done.returncode == 0, done.stderr
    assert "imported 1 MAWB, 2 bags, 4 parcels (4 new" in done.stdout
    (tmp_path / "bad.csv").write_text(sample(1, 1).csv().replace("392690", "39"))
    refused = run_wms("import", "prealert", str(tmp_path / "bad.csv"), db=path)
    assert refused.returncode == 2
    assert "line 2, column hs_code: expected an HS code of 6 to 10 digits" in refused.stderr
