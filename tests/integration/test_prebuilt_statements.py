"""The prebuilt statements of the hot paths (``raw_sqlite``) behave as the ORM they replace: a
row written with ``update_row`` is what the database holds and leaves nothing for the session to
flush; rows read with ``RowLoader.rows`` are the session's persistent objects, the instance it
holds when it holds one; a ``PreparedWrite`` returns what its ``RETURNING`` names."""

from __future__ import annotations

from sqlalchemy import bindparam, update

from tests.integration import test_workflow_support as support
from wms.core.persistence.base import table_of
from wms.core.persistence.raw_sqlite import PreparedWrite, RowLoader, update_row
from wms.core.persistence.tables import OrderRow

demo_template = support.demo_template
site = support.site

ORDERS = RowLoader(OrderRow)
_o = table_of(OrderRow).c
OF_WAREHOUSE = ORDERS.selecting(_o.warehouse == bindparam("warehouse"), order_by=(_o.number,))
SET_CARRIER = PreparedWrite(
    update(table_of(OrderRow))
    .where(_o.number == bindparam("number"))
    .values(carrier=bindparam("new_carrier"))
    .returning(_o.number, _o.carrier)
)


def test_a_row_written_with_update_row_is_stored_and_leaves_nothing_to_flush(site):
    with site.uow() as uow:
        order = uow.session.get(OrderRow, "ORD-1001")
        update_row(uow.session, order, {"status": "cancelled", "service": "EXPRESS"})
        assert order.status == "cancelled" and order.service == "EXPRESS"
        assert not uow.session.dirty
        uow.commit()
    with site.uow() as uow:
        stored = uow.session.get(OrderRow, "ORD-1001")
        assert (stored.status, stored.service) == ("cancelled", "EXPRESS")


def test_rows_read_by_a_row_loader_are_the_sessions_objects(site):
    with site.uow() as uow:
        held = uow.session.get(OrderRow, "ORD-1001")
        rows = ORDERS.rows(uow.session, OF_WAREHOUSE, {"warehouse": "CMN1"})
        assert held in rows  # the instance the session holds, not a copy
        assert [r.number for r in rows] == sorted(r.number for r in rows)
        assert len(rows) > 1 and {r.warehouse for r in rows} == {"CMN1"}
        other = next(r for r in rows if r is not held)  # loaded here: persistent
        assert uow.session.get(OrderRow, other.number) is other
        other.customer = "Changed"
        assert other in uow.session.dirty
        uow.commit()
    with site.uow() as uow:
        assert uow.session.get(OrderRow, other.number).customer == "Changed"


def test_a_prepared_write_returns_what_it_returning_names(site):
    with site.uow() as uow:
        assert SET_CARRIER.rows(uow.session, {"number": "ORD-1001", "new_carrier": "DHL"}) == [
            ("ORD-1001", "DHL")
        ]
        assert SET_CARRIER.rows(uow.session, {"number": "NO-SUCH", "new_carrier": "DHL"}) == []
        uow.commit()
    with site.uow() as uow:
        assert uow.session.get(OrderRow, "ORD-1001").carrier == "DHL"
