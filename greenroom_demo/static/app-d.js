/* H5 app, rendering "d": draws every page into #app from /api/v2/<the page's path>. */
(function () {
  "use strict";
  var app = document.getElementById("app");
  var rest = location.pathname.replace(/^\/(h5\/?)?/, "").replace(/\/+$/, "");
  var api = "/api/v2/" + (rest || "home") + location.search;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function txt(parent, s) { parent.appendChild(document.createTextNode(s)); }
  function link(text, href, cls) { return el("a", cls ? { href: href, "class": cls } : { href: href }, text); }

  function header(c) {
    var h = el("header", { "class": "h5-header" });
    add(h, link(c.name, "/h5/", "logo"));
    var nav = add(h, el("nav", { "class": "h5-nav" }));
    c.nav.forEach(function (n) { add(nav, link(n[0], n[1])); txt(nav, " "); });
    var cats = add(h, el("div", { "class": "cat-scroll" }));
    c.cats.forEach(function (n) { add(cats, link(n[0], n[1])); txt(cats, " "); });
    return h;
  }
  function footer(c) {
    var f = el("footer", { "class": "h5-footer" });
    c.footer.forEach(function (line) { add(f, el("p", {}, line)); });
    return f;
  }

  /* label/value lines: 0 van-cell rows (no colon), 1 `label：value` lines, 2 table, 3 text */
  function pairs(list, layout, n) {
    if (!list.length) return null;
    if (layout === 0) {
      var group = el("div", { "class": "van-cell-group" });
      list.forEach(function (p) {
        var cell = add(group, el("div", { "class": "van-cell" }));
        add(add(cell, el("div", { "class": "van-cell__title" })), el("span", {}, p[0]));
        add(add(cell, el("div", { "class": "van-cell__value" })), el("span", {}, p[1]));
      });
      return group;
    }
    if (layout === 1) {
      var box = el("div", { "class": "info-lines" });
      list.forEach(function (p) { add(box, el("p", {}, p[0] + "：" + p[1])); });
      return box;
    }
    if (layout === 2) {
      var table = el("table", { "class": "info-table" });
      var body = add(table, el("tbody"));
      list.forEach(function (p) {
        var tr = add(body, el("tr"));
        add(tr, el("td", { "class": "k" }, p[0]));
        add(tr, el("td", { "class": "v" }, p[1]));
      });
      return table;
    }
    var colons = ["：", ":", " ", "： ", ": "];
    var parts = list.map(function (p, i) { return p[0] + colons[(n + i) % colons.length] + p[1]; });
    return el("p", { "class": "info-text" }, parts.join("，") + "。");
  }

  function pager(p, box) {
    var nav = add(box, el("div", { "class": "pager" }));
    if (p.prev) { add(nav, link("上一页", p.prev)); txt(nav, " "); }
    txt(nav, "第 " + p.page + "/" + p.pages + " 页");
    if (p.next) { txt(nav, " "); add(nav, link("下一页", p.next)); }
  }

  function jsonld(obj) {
    var s = el("script", { type: "application/ld+json" });
    s.textContent = JSON.stringify(obj);
    document.head.appendChild(s);
  }

  var VIEWS = {
    home: function (d, box) {
      add(box, el("h1", {}, d.heading));
      var cats = add(box, el("section", { "class": "home-cats" }));
      add(cats, el("h2", {}, "商品分类"));
      d.groups.forEach(function (g) {
        var row = add(cats, el("div", { "class": "cat-row" }, g[0] + "："));
        g[1].forEach(function (l) { add(row, link(l[0], l[1])); txt(row, " "); });
      });
      var shops = add(box, el("section", { "class": "home-shops" }));
      add(shops, el("h2", {}, "推荐店铺"));
      var ul = add(shops, el("ul"));
      d.featured.forEach(function (s) { add(add(ul, el("li")), link(s.name, s.url)); });
      add(shops, link("更多店铺", d.more));
      var live = add(box, el("section", { "class": "home-live" }));
      add(live, link("进入直播广场", d.live));
    },
    shop: function (d, box) {
      add(add(box, el("div", { "class": "shop-head" })), el("h1", { "class": "shop-title" }, d.name));
      var info = add(box, el("div", { "class": "shop-info" }));
      add(info, el("h2", {}, "店铺信息"));
      var p = pairs(d.pairs, d.layout, d.n);
      if (p) add(info, p);
      if (d.exempt) add(info, el("p", { "class": "tips" }, d.exempt));
      if (d.licence) add(add(info, el("p", { "class": "license-entry" })), link(d.licence.text, d.licence.url));
      var goods = add(box, el("div", { "class": "shop-goods" }));
      add(goods, el("h2", {}, "全部商品"));
      var ul = add(goods, el("ul", { "class": "goods-list" }));
      d.goods.forEach(function (g) {
        var li = add(ul, el("li"));
        add(li, link(g.title, g.url));
        txt(li, " ");
        add(li, el("span", { "class": "price" }, g.price));
      });
      if (d.footer) add(box, el("div", { "class": "shop-foot" }, d.footer));
    },
    licence: function (d, box) {
      add(box, el("h1", {}, d.heading));
      var p = pairs(d.pairs, d.layout, d.n);
      if (p) add(box, p);
      if (d.image) add(box, el("img", { src: d.image, alt: "营业执照", width: "240", height: "170" }));
      add(add(box, el("p")), link("返回店铺", d.back));
    },
    goods: function (d, box) {
      var crumbs = add(box, el("div", { "class": "crumbs" }));
      d.crumbs.forEach(function (c, i) {
        if (i) txt(crumbs, " > ");
        add(crumbs, c[1] ? link(c[0], c[1]) : el("span", {}, c[0]));
      });
      add(box, el("h1", { "class": "goods-title" }, d.title));
      var price = add(box, el("div", { "class": "goods-price" }, "售价 "));
      add(price, el("strong", {}, d.price));
      if (d.coupon) {
        var cp = add(price, el("span", { "class": "coupon" }, " " + d.coupon[0] + " "));
        add(cp, el("strong", {}, d.coupon[1]));
      }
      if (d.original) { txt(price, " "); add(price, el("del", {}, d.original[0] + " " + d.original[1])); }
      var seller = add(box, el("div", { "class": "goods-shop" }, "店铺："));
      add(seller, el("span", { "class": "name" }, d.shop.name));
      txt(seller, " ");
      add(seller, link("进入店铺", d.shop.url));
      var detail = add(box, el("div", { "class": "goods-detail" }));
      add(detail, el("h2", {}, "商品详情"));
      add(detail, el("p", {}, d.desc));
      if (d.claims.length) {
        var ul = add(detail, el("ul", { "class": "claims" }));
        d.claims.forEach(function (c) { add(ul, el("li", {}, c)); });
      }
      var svc = add(box, el("div", { "class": "goods-service" }));
      add(svc, el("h2", {}, "服务保障"));
      add(svc, el("p", {}, d.service));
      var rv = add(box, el("div", { "class": "goods-reviews" }));
      add(rv, el("h2", {}, "买家评价"));
      var rl = add(rv, el("ul"));
      if (!d.reviews.length) add(rl, el("li", {}, "暂无评价"));
      d.reviews.forEach(function (r) {
        var li = add(rl, el("li"));
        add(li, el("b", {}, r[0]));
        txt(li, "：" + r[1]);
      });
      var recs = add(box, el("div", { "class": "goods-recs" }));
      add(recs, el("h2", {}, "猜你喜欢"));
      var rc = add(recs, el("ul"));
      d.recs.forEach(function (r) { add(add(rc, el("li")), link(r.title, r.url)); });
    },
    category: function (d, box) {
      add(box, el("h1", {}, d.heading));
      add(box, el("p", {}, d.sub));
      var ul = add(box, el("ul", { "class": "goods-list" }));
      d.items.forEach(function (x) {
        var li = add(ul, el("li"));
        add(li, link(x.title, x.url));
        txt(li, " ");
        add(li, el("span", { "class": "price" }, x.price));
        txt(li, " ");
        add(li, el("span", { "class": "shop" }, x.shop));
      });
      pager(d.pager, box);
    },
    directory: function (d, box) {
      add(box, el("h1", {}, d.heading));
      var ul = add(box, el("ul", { "class": "shop-list" }));
      d.shops.forEach(function (s) { add(add(ul, el("li")), link(s.name, s.url)); });
      pager(d.pager, box);
    },
    rooms: function (d, box) {
      add(box, el("h1", {}, d.title));
      var ul = add(box, el("ul", { "class": "rooms" }));
      d.rooms.forEach(function (r) {
        var li = add(ul, el("li"));
        add(li, link(r.title, r.url));
        if (r.host) txt(li, " 主播：" + r.host);
      });
    },
    calendar: function (d, box) {
      add(box, el("h1", {}, d.heading));
      add(box, el("p", {}, "本月暂无活动。"));
      add(box, link("上个月", d.prev));
      txt(box, " ");
      add(box, link("下个月", d.next));
    },
    history: function (d, box) {
      add(box, el("h1", {}, d.title));
      var ul = add(box, el("ul"));
      d.items.forEach(function (x) { add(add(ul, el("li")), link(x.title, x.url)); });
      add(box, link("刷新", d.refresh));
    }
  };

  function draw(res) {
    var d = res.data;
    document.title = d.title + " - " + res.chrome.name;
    if (d.ld) jsonld(d.ld);
    app.appendChild(header(res.chrome));
    var main = add(app, el("main", { "class": "h5-main" }));
    VIEWS[d.view](d, main);
    app.appendChild(footer(res.chrome));
  }

  fetch(api, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) {
        app.textContent = "加载失败，请稍后重试（" + r.status + "）";
        return null;
      }
      return r.json();
    })
    .then(function (res) { if (res) draw(res); });
})();
