"""The outbound flow as plain services: allocation, waves and pick paths, picking, put wall and
parcel sorting, cartons, packing with label and customs data, shipments and manifests.

The scan workflows (``wms.core.services.workflows.picking|sorting|packing|shipping``) and the
``wms orders|waves|shipments`` commands call these functions inside one unit of work each.
They reach the database through the outbound repositories (``uow.orders``, ``uow.allocations``,
``uow.picking``, ``uow.sortation``, ``uow.parcels``, ``uow.shipments``, ``uow.cartons``,
``uow.print_jobs``), ``ledger.post`` and the read models of :mod:`.queries`.
"""
