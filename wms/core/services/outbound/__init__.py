"""The outbound flow as plain services: allocation, waves and pick paths, picking, put wall and
parcel sorting, cartons, packing with label and customs data, shipments and manifests.

The scan workflows (``wms.core.services.workflows.picking|sorting|packing|shipping``) and the
``wms orders|waves|shipments`` commands call these functions inside one unit of work each.
"""
