/* Live room, rendering "a": draws the room into #root from /api/rooms/<id>. */
(function () {
  "use strict";
  var root = document.getElementById("root");
  var id = location.pathname.replace(/\/+$/, "").split(";")[0].split("/").pop();

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function render(d) {
    var box = el("article", { "class": "live-room" });
    box.appendChild(el("h1", { "class": "live-title" }, d.room.title));
    var anchor = el("div", { "class": "anchor" }, "主播：");
    anchor.appendChild(el("span", { "class": "nick" }, d.anchor.nick));
    if (d.anchor.auth) {
      anchor.appendChild(document.createTextNode(" "));
      anchor.appendChild(el("span", { "class": "auth" }, d.anchor.auth));
    }
    box.appendChild(anchor);
    if (d.shop) {
      var seller = el("div", { "class": "seller" });
      if (d.shop.url) {
        seller.appendChild(document.createTextNode("销售商家："));
        seller.appendChild(el("a", { href: d.shop.url }, d.shop.name));
      } else {
        seller.textContent = d.shop.name;
      }
      box.appendChild(seller);
    }
    if (d.badge === "img") {
      box.appendChild(el("img", { "class": "badge", src: "/static/green-badge.png", alt: "绿色直播间" }));
    } else if (d.badge === "text") {
      box.appendChild(el("span", { "class": "badge" }, "绿色直播间"));
    }
    var stats = el("ul", { "class": "stats" });
    [["online", "在线"], ["viewers", "累计观看"], ["likes", "点赞"], ["sold", "已售"]].forEach(function (p) {
      if (d.stats[p[0]] === undefined) return;
      var li = el("li", {}, p[1] + " ");
      li.appendChild(el("b", {}, d.stats[p[0]]));
      stats.appendChild(li);
    });
    box.appendChild(stats);
    d.room.notices.forEach(function (n) { box.appendChild(el("p", { "class": "notice" }, n)); });
    if (d.goods.length) {
      var goods = el("ul", { "class": "goods" });
      d.goods.forEach(function (g) {
        var li = el("li", {});
        li.appendChild(g.url ? el("a", { href: g.url }, g.title) : el("span", {}, g.title));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "price" }, g.price));
        goods.appendChild(li);
      });
      box.appendChild(goods);
    }
    if (window.liveExtra) window.liveExtra(d, box, el); // a rendering's own blocks
    root.appendChild(box);
  }

  fetch("/api/rooms/" + id, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) {
        root.textContent = "直播间加载失败，请稍后重试";
        return null;
      }
      return r.json();
    })
    .then(function (d) { if (d) render(d); });
})();
