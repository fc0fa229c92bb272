"""Intake's store joins its concepts' stores (intake/store.py): no collection or cache one of
them sets may hide another's method (a cache named like the catalogue's `published_items`
once broke the catalogue's listing)."""

from services.intake.store import IntakeStore
from services.kit.memory import MemoryDatabase


def test_no_store_attribute_hides_another_stores_method():
    store = IntakeStore(MemoryDatabase())
    hidden = [name for name in vars(store) if hasattr(type(store), name)]
    assert hidden == []
