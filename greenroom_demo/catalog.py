"""Indexes over the demo data: shops, listings and rooms by id, category and night."""

from __future__ import annotations

from greenroom_demo.data_listings import CATEGORIES, LISTINGS
from greenroom_demo.data_rooms import FAULT_ROOMS, ROOMS
from greenroom_demo.data_shops import SHOPS
from greenroom_demo.model import Listing, Room, Shop, at_night

SHOP_BY_ID: dict[int, Shop] = {s.sid: s for s in SHOPS}
LISTING_BY_ID: dict[int, Listing] = {x.lid: x for x in LISTINGS}
ROOM_BY_ID: dict[int, Room] = {r.rid: r for r in ROOMS + FAULT_ROOMS}
FLAKY_LISTING = 1902  # answers 500 on its first request each night


def shop(sid: int, night: int) -> Shop:
    return at_night(SHOP_BY_ID[sid], night)


def listing(lid: int, night: int) -> Listing:
    return at_night(LISTING_BY_ID[lid], night)


def room(rid: int, night: int) -> Room:
    return at_night(ROOM_BY_ID[rid], night)


def listings_of(sid: int) -> list[Listing]:
    return [x for x in LISTINGS if x.sid == sid]


def listings_in(cat: str) -> list[Listing]:
    return [x for x in LISTINGS if x.cat == cat]


def rooms(faults: bool) -> list[Room]:
    return ROOMS + FAULT_ROOMS if faults else list(ROOMS)


def reachable(sid: int, night: int) -> bool:
    frm = SHOP_BY_ID[sid].unreachable_from
    return frm is None or night < frm


def plain_listings() -> list[Listing]:
    """Unlabelled everyday goods: safe to show in other pages' recommendations."""
    return [
        x
        for x in LISTINGS
        if not (x.fires or x.near_miss or x.n2 or x.schedule or x.original)
        and x.cat not in ("drug", "device", "fresh", "custom", "ebook")
        and SHOP_BY_ID[x.sid].unreachable_from is None
    ]


__all__ = ["CATEGORIES", "LISTINGS", "ROOMS", "SHOPS"]
