"""All ORM models; importing this module registers every table on `Base.metadata`."""

from counter_app.data.models.archive import ArchiveRecord, ArchiveWeek
from counter_app.data.models.base import Base, Tracked
from counter_app.data.models.contact import Complaint, ContactLog, FollowUpTask
from counter_app.data.models.customers import Customer, CustomerSearchKey
from counter_app.data.models.intake import Intake
from counter_app.data.models.org import Role, Setting, Staff, StandIn, Store
from counter_app.data.models.pricing import MetalPrice, PolicyVersion, Quote
from counter_app.data.models.sales import Certificate, SalesReceipt, SoldItem
from counter_app.data.models.slips import FactoryBatch, RepairSlip, SlipEvent, SlipStatus
from counter_app.data.models.system import AuditEntry, Draft, NumberSequence

__all__ = [
    "ArchiveRecord",
    "ArchiveWeek",
    "AuditEntry",
    "Base",
    "Certificate",
    "Complaint",
    "ContactLog",
    "Customer",
    "CustomerSearchKey",
    "Draft",
    "FactoryBatch",
    "FollowUpTask",
    "Intake",
    "MetalPrice",
    "NumberSequence",
    "PolicyVersion",
    "Quote",
    "RepairSlip",
    "Role",
    "SalesReceipt",
    "Setting",
    "SlipEvent",
    "SlipStatus",
    "SoldItem",
    "Staff",
    "StandIn",
    "Store",
    "Tracked",
]
