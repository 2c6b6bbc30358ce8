"""Ground-truth labels of the demo for one night: what each shop, listing and room should fire."""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import FP

if TYPE_CHECKING:
    from greenroom_demo.model import Listing
    from greenroom_demo.render_base import Renderer

HISTORY_NIGHTS = 7


def fictitious_price(item: Listing, night: int) -> str | None:
    """`fires` / `near_miss` for listing.fictitious_original_price on `night`, or None.

    It fires when the shown original price is above every lowest offered price of the
    7 nights before; with fewer than 7 nights of history it never fires.
    """
    if night <= HISTORY_NIGHTS:
        return None
    _, original = item.prices_at(night)
    if original is None:
        return None
    history = [item.offered_at(n) for n in range(night - HISTORY_NIGHTS, night)]
    return "fires" if original[1] > max(history) else "near_miss"


def _label(kind: str, url: str, subject, reachable: bool = True) -> dict:
    return {
        "subject_type": kind,
        "subject_url": url,
        "fires": list(subject.fires),
        "near_miss": list(subject.near_miss),
        "note": subject.note,
        "reachable": reachable,
    }


def build(renderer: Renderer, night: int, faults: bool) -> list[dict]:
    """Every shop, listing and room with the checks it fires on `night` (absolute URLs)."""
    labels: list[dict] = []
    for base in catalog.SHOPS:
        shop = catalog.shop(base.sid, night)
        ok = catalog.reachable(shop.sid, night)
        label = _label("shop", renderer.abs(renderer.shop_url(shop.sid)), shop, ok)
        if not ok:
            label["note"] += " [unreachable this night: 503]"
        labels.append(renderer.relabel(label, shop))
    for base in catalog.LISTINGS:
        item = catalog.listing(base.lid, night)
        ok = catalog.reachable(item.sid, night)
        label = _label("listing", renderer.abs(renderer.listing_url(item.lid)), item, ok)
        verdict = fictitious_price(item, night) if ok else None
        if verdict:
            label[verdict].append(FP)
        if not ok:
            label["note"] += " [unreachable this night: 503]"
        labels.append(renderer.relabel(label, item))
    for base in catalog.rooms(faults):
        room = catalog.room(base.rid, night)
        label = _label("room", renderer.abs(renderer.room_url(room.rid)), room)
        labels.append(renderer.relabel(label, room))
    return labels + renderer.page_labels()
