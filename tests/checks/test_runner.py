"""checks.runner.run: every check over every subject of its type, errors isolated."""

from types import SimpleNamespace

from checks.base import DATABASE_SCOPE, Disclosure, Finding, Listing, Room, Shop, whole_database
from checks.runner import run
from checks.shop import contact_missing, licence_shared

SHOP = "http://127.0.0.1:8000/shop/1"


def test_runs_every_registered_check_over_its_subjects(ref):
    shops = [
        Shop(SHOP, phones=[Disclosure("电话", "0571-87023456")]),
        Shop("http://127.0.0.1:8000/shop/2"),
    ]
    listings = [Listing("http://127.0.0.1:8000/item/1", title="LV 高仿 手提包")]
    rooms = [Room("http://127.0.0.1:8000/live/1", host_verified=True)]
    findings, errors = run(shops, listings, rooms, ref)
    assert errors == []
    pairs = {(module.ID, finding.subject_url) for module, finding in findings}
    assert ("shop.contact_missing", "http://127.0.0.1:8000/shop/2") in pairs
    assert ("shop.contact_missing", SHOP) not in pairs
    assert ("listing.counterfeit_signal", "http://127.0.0.1:8000/item/1") in pairs
    assert not any(module.SUBJECT == "room" for module, _ in findings)


def broken_check(subject, ref):
    if subject.url.endswith("/2"):
        raise ValueError("bad\nvalue")
    yield Finding(subject.url, "seen")


BROKEN = SimpleNamespace(ID="shop.broken", SUBJECT="shop", check=broken_check)


def broken_all(shops, ref):
    raise RuntimeError("boom")


BROKEN_ALL = SimpleNamespace(
    ID="shop.broken_all", SUBJECT="shop", SCOPE=DATABASE_SCOPE, check_all=broken_all
)


def test_a_check_that_raises_on_one_subject_is_recorded_and_the_rest_go_on(ref):
    shops = [Shop(f"http://127.0.0.1:8000/shop/{n}") for n in (1, 2, 3)]
    findings, errors = run(shops, [], [], ref, checks=[BROKEN, BROKEN_ALL, contact_missing])
    assert errors == [
        "shop.broken: http://127.0.0.1:8000/shop/2: ValueError: bad value",
        "shop.broken_all: (all shops): RuntimeError: boom",
    ]
    assert [f.subject_url for m, f in findings if m is BROKEN] == [
        "http://127.0.0.1:8000/shop/1",
        "http://127.0.0.1:8000/shop/3",
    ]
    assert len([f for m, f in findings if m is contact_missing]) == 3


def test_whole_database_checks_run_once_over_all_shops(ref):
    code = [Disclosure("统一社会信用代码", "91110000600037341L")]
    shops = [
        Shop(SHOP, registered_names=[Disclosure("名称", "甲公司")], usccs=code),
        Shop(
            "http://127.0.0.1:8000/shop/2",
            registered_names=[Disclosure("名称", "乙公司")],
            usccs=code,
        ),
    ]
    findings, errors = run(shops, [], [], ref, checks=[licence_shared])
    assert errors == []
    assert [f.subject_url for _, f in findings] == [SHOP, "http://127.0.0.1:8000/shop/2"]


def test_tick_hears_of_every_subject_and_every_per_subject_finding(ref):
    listings = [
        Listing(f"http://127.0.0.1:8000/item/{i}", title="LV 高仿 手提包" if i % 3 else "水杯")
        for i in range(2345)  # more than a chunk: ticks come from several chunks
    ]
    shops = [Shop(f"http://127.0.0.1:8000/shop/{i}") for i in range(150)]
    heard = []
    findings, errors = run(shops, listings, [], ref, tick=lambda s, f: heard.append((s, f)))
    assert errors == []
    assert sum(s for s, _ in heard) == len(shops) + len(listings)
    per_subject = [f for m, f in findings if not whole_database(m)]
    assert sum(f for _, f in heard) == len(per_subject)
    assert max(s for s, _ in heard) <= 100  # heard as it goes, not once at the end


def test_a_brand_listing_whose_price_is_not_shown_is_unjudged_by_the_price_check(ref):
    from checks.base import Price
    from checks.listing import counterfeit_signal
    from checks.runner import PRICE_UNKNOWN

    unpriced = Listing("http://127.0.0.1:8000/item/1", title="Nike Air Max 90 运动鞋")
    priced = Listing(
        "http://127.0.0.1:8000/item/2",
        title="Nike Air Max 90 运动鞋",
        prices=[Price("offered", 899.0, "价格")],
    )
    plain = Listing("http://127.0.0.1:8000/item/3", title="纯棉T恤")  # no brand: no price test
    findings, errors = run([], [unpriced, priced, plain], [], ref, checks=[counterfeit_signal])
    assert errors == []
    assert [(f.subject_url, f.unjudged) for _m, f in findings] == [
        ("http://127.0.0.1:8000/item/1", PRICE_UNKNOWN)
    ]


def test_the_kind_of_an_unjudged_reason_is_spec_s():
    from checks.runner import reason_kind

    assert reason_kind("http://a/1 (robots); http://a/2 (off-site)") == "robots"
    assert reason_kind("http://a/1 (off-site)") == "off_site"
    assert reason_kind("http://a/1 (error: HTTP 404)") == "error"
    assert reason_kind("http://a/1 (page limit)") == "page_limit"
    assert reason_kind("http://a/1 (not fetched)") == "not_fetched"
    assert reason_kind("the item's price is not shown (price_unknown)") == "price_unknown"


def test_each_part_of_an_unjudged_text_gives_its_reason():
    from checks.runner import reasons_of

    text = "http://a/x (y) (robots); http://a/2 (error: HTTP 404)"
    assert reasons_of(text) == ["robots", "error: HTTP 404"]
    assert reasons_of("") == []
