import pytest

from toolkit.urls import clean_url, registrable, site_name, typed_url_keys, url_identity


@pytest.mark.parametrize(
    ("url", "key"),
    [
        # scheme and host lower-cased, default port and fragment dropped, query sorted
        ("http://Shop.Test:80/item/1;jsessionid=ABC123?id=5#top", "http://shop.test/item/1?id=5"),
        ("HTTP://Live.CN:80/room/8/#top", "http://live.cn/room/8/"),
        ("https://live.cn:443/room/8?id=1", "https://live.cn/room/8?id=1"),
        ("https://shop.test:443", "https://shop.test/"),
        ("http://shop.test:8080/a?sessionid=x", "http://shop.test:8080/a?sessionid=x"),
        ("http://shop.test/list?b=2&a=1", "http://shop.test/list?a=1&b=2"),
        ("http://shop.test/s?q=茶", "http://shop.test/s?q=%E8%8C%B6"),
        ("http://shop.test/s?q=%e8%8c%b6", "http://shop.test/s?q=%E8%8C%B6"),
        # session ids and tracking on every site
        (
            "http://shop.test/item?spm=a.b.c&id=5&utm_source=x&PHPSESSID=1&_=1700000000000",
            "http://shop.test/item?id=5",
        ),
        # a trailing slash is part of the path; only an empty path becomes '/'
        ("http://shop.test/s/9/", "http://shop.test/s/9/"),
        ("http://shop.test/s/9", "http://shop.test/s/9"),
        ("not a url", "not a url"),
        ("mailto:kf@shop.test#x", "mailto:kf@shop.test"),
    ],
)
def test_url_identity(url, key):
    assert url_identity(url) == key


def test_a_session_token_is_dropped_but_a_shop_number_under_the_same_name_is_not():
    # on one site sid is a session id, on another shop.html?sid=123 names a shop
    token = "http://127.0.0.1:8000/item?id=3&sid=0A1B2C3D4E5F60718293"
    assert url_identity(token) == "http://127.0.0.1:8000/item?id=3"
    shops = {url_identity(f"https://mall.test/shop.html?sid={n}") for n in (123, 456)}
    assert shops == {"https://mall.test/shop.html?sid=123", "https://mall.test/shop.html?sid=456"}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "https://item.taobao.com/item.htm?id=1&ns=1&abbucket=3",
            "https://item.taobao.com/item.htm?id=1",
        ),
        ("https://item.jd.com/100.html?ptag=17.1&from=search", "https://item.jd.com/100.html"),
        ("https://www.amazon.cn/dp/B01?ref=sr_1_1&qid=9", "https://www.amazon.cn/dp/B01"),
    ],
)
def test_a_platforms_own_tracking_is_dropped_on_its_hosts(url, key):
    assert url_identity(url) == key


def test_a_platforms_own_tracking_names_are_kept_on_other_sites():
    # 'from' and 'ref' are tracking on JD and Amazon; elsewhere they may name the page
    assert url_identity("https://shop.test/p?ref=A-1204") == "https://shop.test/p?ref=A-1204"
    assert url_identity("https://shop.test/fares?from=PEK") == "https://shop.test/fares?from=PEK"


def test_keys_a_person_may_mean_by_a_typed_url():
    assert typed_url_keys("https://a.test/s/9/") == ["https://a.test/s/9/", "https://a.test/s/9"]
    assert typed_url_keys("https://a.test/s/9?x=1") == [
        "https://a.test/s/9?x=1",
        "https://a.test/s/9/?x=1",
    ]
    assert typed_url_keys("https://a.test") == ["https://a.test/"]
    assert typed_url_keys("https://a.test/shop7") == [
        "https://a.test/shop7",
        "https://a.test/shop7/",
    ]


@pytest.mark.parametrize(
    ("host", "site"),
    [("item.jd.com", "jd.com"), ("shop123.taobao.com", "taobao.com"), ("127.0.0.1", "127.0.0.1")],
)
def test_registrable_domain(host, site):
    assert registrable(host) == site


def test_site_name_is_shared_by_one_organisations_sites():
    assert site_name("www.amazon.cn") == site_name("amazon.com") == "amazon"
    assert site_name("item.jd.com") != site_name("detail.tmall.com")


def test_the_url_requested_is_the_link_as_written_without_tracking():
    # a server may read cat=1,2 and cat=1%2C2 apart: the request keeps the link's own form
    link = "http://Shop.Test:80/list.html?cat=1320,1585&spm=a.b&page=2#top"
    assert clean_url(link) == "http://shop.test/list.html?cat=1320,1585&page=2"
    assert url_identity(link) == "http://shop.test/list.html?cat=1320%2C1585&page=2"
    assert url_identity(clean_url(link)) == url_identity(link)


# the pieces real links are made of: words, separators, and the bytes of non-ASCII text
_PIECES = [*"aZ09-_.~/=&?+!$'()*,:@;%#", "%E7", "%9a", "%C3", "%A9", "%2F", "%20", "%41", "茶"]


def test_a_query_sorted_without_w3lib_is_sorted_as_w3lib_sorts_it():
    """The fast form of a key (toolkit.urls._sorted_query) is w3lib's, on every URL it takes;
    and it takes the common shapes."""
    import random

    from w3lib.url import canonicalize_url

    from toolkit.urls import _sorted_query

    rng = random.Random(7)
    taken = 0
    for _ in range(20_000):
        tail = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 16)))
        url = rng.choice(("http://shop.test/", "https://a.b:8080/", "http://a.b")) + tail
        fast = _sorted_query(url)
        if fast is not None:
            taken += 1
            assert fast == canonicalize_url(url, keep_fragments=False), url
    assert taken > 2_000
    for url in (
        "https://item.jd.com/100012.html?sku=1&area=2",
        "https://s.taobao.com/search?q=%E8%8C%B6&s=44",
        "https://list.jd.com/list.html?cat=1,2,3",  # the commas: w3lib's own form
    ):
        assert url_identity(url) == canonicalize_url(clean_url(url), keep_fragments=False)
    assert _sorted_query("https://item.jd.com/100012.html?sku=1&area=2") is not None
    assert _sorted_query("https://list.jd.com/list.html?cat=1,2,3") is None


def test_a_dot_segment_is_resolved_in_every_key():
    assert url_identity("http://shop.test/a/../item/1") == "http://shop.test/item/1"
    assert url_identity("http://shop.test/a/../item/1?b=1&a=2") == "http://shop.test/item/1?a=2&b=1"


def test_a_url_cleaned_without_urlsplit_is_cleaned_as_urlsplit_would():
    """clean_url's fast path (most links) gives what urlsplit and urlunsplit give."""
    import random

    from toolkit.urls import _SIMPLE, _clean_split

    pieces = [*_PIECES, "spm=a.b", "utm_source=x", "\t", "\n", "A", "[", "\\", "sid=" + "a" * 20]
    rng = random.Random(11)
    fast = 0
    for _ in range(20_000):
        tail = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        head = rng.choice(("http://shop.test", "https://item.jd.com", "HTTP://a.b", "http://a-b.c"))
        url = head + tail
        fast += _SIMPLE.fullmatch(url.strip()) is not None
        assert clean_url(url) == _clean_split(url.strip()), url
    assert fast > 1_000
