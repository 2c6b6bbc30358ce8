/* Live room, rendering "o": a Douyin-like room drawn into #live-app from the room's JSON
   (/webcast/room/web/enter/?web_rid=<no>): host card, counters, 小黄车, comment feed. */
(function () {
  "use strict";
  var app = document.getElementById("live-app");
  var rid = location.pathname.replace(/\/+$/, "").split(";")[0].split("/").pop();

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function price(text) {
    var parts = String(text).split(".");
    var box = el("span", { "class": "price" });
    box.appendChild(el("span", { "class": "yen" }, "¥"));
    box.appendChild(el("span", { "class": "int" }, parts[0]));
    if (parts[1]) box.appendChild(el("span", { "class": "dec" }, "." + parts[1]));
    return box;
  }

  function hostCard(d) {
    var card = el("div", { "class": "host-card" });
    card.appendChild(el("span", { "class": "nickname" }, d.owner.nickname));
    if (d.owner.verify_text) card.appendChild(el("span", { "class": "verify-tag" }, d.owner.verify_text));
    if (d.room.stats.viewers !== undefined) card.appendChild(el("span", { "class": "watched" }, d.room.stats.viewers + "人看过"));
    card.appendChild(el("button", { type: "button", "class": "follow" }, "关注"));
    return card;
  }

  function counters(stats) {
    var bar = el("div", { "class": "room-counters" });
    if (stats.online !== undefined) bar.appendChild(el("span", { "class": "online" }, "在线观众 " + stats.online));
    if (stats.likes !== undefined) bar.appendChild(el("span", { "class": "likes" }, "本场点赞 " + stats.likes));
    if (stats.sold !== undefined) bar.appendChild(el("span", { "class": "sold" }, "已售 " + stats.sold + " 件"));
    return bar;
  }

  function cart(d) {
    var box = el("div", { "class": "cart-panel" });
    var head = el("div", { "class": "cart-head" }, "小黄车 共" + d.products.length + "件商品");
    if (d.shop) {
      head.appendChild(document.createTextNode(" "));
      if (d.shop.shop_url) {
        head.appendChild(el("a", { "class": "shop-entry", href: d.shop.shop_url }, d.shop.shop_name));
      } else {
        head.appendChild(el("span", { "class": "shop-entry" }, d.shop.shop_name));
      }
    }
    box.appendChild(head);
    var list = el("ol", { "class": "cart-list" });
    d.products.forEach(function (p, i) {
      var li = el("li", {});
      li.appendChild(el("span", { "class": "no" }, String(i + 1)));
      li.appendChild(p.detail_url ? el("a", { href: p.detail_url }, p.title) : el("span", { "class": "title" }, p.title));
      li.appendChild(price(p.price));
      li.appendChild(el("button", { type: "button" }, "去抢购"));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function render(resp) {
    var d = resp.data;
    var room = el("div", { "class": "webcast-room" });
    var top = el("div", { "class": "room-top" });
    top.appendChild(hostCard(d));
    top.appendChild(el("h1", { "class": "room-title" }, d.room.title));
    if (d.room.green_badge === "img") {
      top.appendChild(el("img", { "class": "green-badge", src: "/static/green-badge.png", alt: "绿色直播间" }));
    } else if (d.room.green_badge === "text") {
      top.appendChild(el("span", { "class": "green-badge" }, "绿色直播间"));
    }
    room.appendChild(top);
    room.appendChild(counters(d.room.stats));
    room.appendChild(el("div", { "class": "player" }, "直播中"));
    d.room.announcements.forEach(function (n) {
      room.appendChild(el("div", { "class": "pinned-notice" }, n));
    });
    if (d.products.length || d.shop) room.appendChild(cart(d));
    var feed = el("ul", { "class": "comment-feed" });
    feed.appendChild(el("li", { "class": "system" }, d.system_message));
    room.appendChild(feed);
    app.appendChild(room);
  }

  fetch("/webcast/room/web/enter/?aid=6383&web_rid=" + rid, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) {
        app.textContent = "直播间加载失败，请稍后重试";
        return null;
      }
      return r.json();
    })
    .then(function (d) { if (d) render(d); });
})();
