/* Live room, rendering "k": the 商品讲解 cards (host's pinned words) and a scrolling 弹幕 feed,
   drawn by live-a.js's hook once the room is drawn. */
(function () {
  "use strict";
  window.liveExtra = function (d, box, el) {
    if (d.cards && d.cards.length) {
      var explain = el("section", { "class": "explain" });
      explain.appendChild(el("h2", {}, "商品讲解"));
      d.cards.forEach(function (c, i) {
        var card = el("div", { "class": "explain-card" });
        card.appendChild(el("div", { "class": "ec-no" }, c.no + "号"));
        if (i === 0) card.appendChild(el("div", { "class": "ec-tag" }, "讲解中"));
        var title = el("div", { "class": "ec-title" });
        title.appendChild(c.url ? el("a", { href: c.url }, c.title) : el("span", {}, c.title));
        card.appendChild(title);
        card.appendChild(el("div", { "class": "ec-price" }, c.price));
        if (c.pin) {
          var pin = el("div", { "class": "ec-pin" });
          pin.appendChild(el("span", { "class": "ec-pin-tag" }, "主播置顶"));
          pin.appendChild(el("b", { "class": "ec-pin-who" }, c.pin.who));
          pin.appendChild(el("span", { "class": "ec-pin-text" }, c.pin.text));
          card.appendChild(pin);
        }
        explain.appendChild(card);
      });
      box.appendChild(explain);
    }
    if (d.danmaku && d.danmaku.length) {
      var feed = el("div", { "class": "danmaku", "aria-live": "polite" });
      var track = el("div", { "class": "dm-track", style: "animation: dm-scroll 12s linear infinite" });
      d.danmaku.forEach(function (m) {
        var item = el("div", { "class": "dm-item" });
        item.appendChild(el("span", { "class": "dm-user" }, m.who));
        item.appendChild(el("span", { "class": "dm-text" }, m.text));
        track.appendChild(item);
      });
      feed.appendChild(track);
      box.appendChild(feed);
    }
  };
})();
