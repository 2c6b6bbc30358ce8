/* Live room, rendering "r": a Kuaishou-like 主播卡 and a numbered 小黄车 (goods with the shop's
   name) in place of a's goods list; a's live-a.js calls window.liveExtra after drawing. */
(function () {
  "use strict";
  window.liveExtra = function (d, box, el) {
    var card = el("div", { "class": "anchor-card" });
    card.appendChild(el("span", { "class": "anchor-nick" }, d.anchor.nick));
    if (d.stats.online !== undefined) {
      card.appendChild(el("span", { "class": "online" }, d.stats.online + "人在看"));
    }
    card.appendChild(el("button", { type: "button", "class": "follow" }, "关注"));
    box.insertBefore(card, box.firstChild);
    var list = box.querySelector("ul.goods");
    if (!list) return;
    var cart = el("section", { "class": "yellow-cart" });
    cart.appendChild(el("h2", {}, "小黄车 · 共" + d.goods.length + "件"));
    if (d.shop) cart.appendChild(el("p", { "class": "cart-shop" }, d.shop.name));
    var ol = el("ol", { "class": "cart-goods" });
    d.goods.forEach(function (g, i) {
      var li = el("li", {});
      li.appendChild(el("span", { "class": "no" }, String(i + 1)));
      li.appendChild(g.url ? el("a", { href: g.url }, g.title) : el("span", {}, g.title));
      li.appendChild(el("span", { "class": "price" }, g.price));
      li.appendChild(el("button", { type: "button" }, "去抢购"));
      ol.appendChild(li);
    });
    cart.appendChild(ol);
    list.parentNode.replaceChild(cart, list);
  };
})();
