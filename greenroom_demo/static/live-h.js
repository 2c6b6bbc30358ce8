/* Live room, rendering "h": a Douyin-like webcast page drawn from /webcast/room/info. */
(function () {
  "use strict";
  var root = document.getElementById("live-root");
  var roomId = new URLSearchParams(location.search).get("room_id");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function stat(box, value, before, after) {
    if (value === undefined) return;
    var s = el("span", "stat");
    if (before) s.appendChild(document.createTextNode(before));
    s.appendChild(el("b", "", value));
    if (after) s.appendChild(document.createTextNode(after));
    box.appendChild(s);
  }

  function render(d) {
    var data = d.data;
    var room = data.room;
    root.textContent = "";
    var head = el("div", "webcast-header");
    var owner = el("div", "owner-info");
    owner.appendChild(el("span", "nickname", data.owner.nickname));
    if (data.owner.real_name_tag) owner.appendChild(el("em", "tag", data.owner.real_name_tag));
    owner.appendChild(el("button", "follow", "关注"));
    head.appendChild(owner);
    var stats = el("div", "room-stats");
    stat(stats, room.stats.online, "在线观众 ", "");
    stat(stats, room.stats.viewers, "", "人看过");
    stat(stats, room.stats.likes, "本场点赞 ", "");
    head.appendChild(stats);
    if (room.green_mark === "img") {
      var img = el("img", "green-mark");
      img.src = "/obj/static/green-live.png";
      img.alt = "绿色直播间";
      head.appendChild(img);
    } else if (room.green_mark === "text") {
      head.appendChild(el("span", "green-mark", "绿色直播间"));
    }
    root.appendChild(head);
    root.appendChild(el("h2", "room-title", room.title));
    var player = el("div", "player", "");
    player.appendChild(el("div", "video-placeholder", "直播中"));
    root.appendChild(player);

    var chat = el("div", "chat-list");
    chat.appendChild(el("p", "system-msg", "欢迎来到直播间！平台倡导理性消费，严禁未成年人打赏，请勿私下交易。"));
    room.announcements.forEach(function (n) {
      var p = el("p", "announcement");
      p.appendChild(el("span", "label", "公告"));
      p.appendChild(document.createTextNode(n));
      chat.appendChild(p);
    });
    root.appendChild(chat);

    if (data.shop) {
      var seller = el("div", "shop-entry");
      if (data.shop.shop_url) {
        seller.appendChild(document.createTextNode("小店 "));
        var a = el("a", "shop-link", data.shop.shop_name);
        a.href = data.shop.shop_url;
        seller.appendChild(a);
      } else {
        seller.textContent = data.shop.text;
      }
      root.appendChild(seller);
    }

    if (data.products.length) {
      var cart = el("div", "cart-panel");
      cart.appendChild(el("h3", "", "直播商品 " + data.products.length));
      data.products.forEach(function (g, i) {
        var card = el("div", "goods-card");
        card.appendChild(el("span", "idx", String(i + 1)));
        card.appendChild(el("div", "goods-title", g.title));
        var price = el("div", "goods-price", "¥");
        price.appendChild(el("b", "", g.price_str));
        card.appendChild(price);
        if (g.detail_url) {
          var buy = el("a", "buy", "去抢购");
          buy.href = g.detail_url;
          card.appendChild(buy);
        } else {
          card.appendChild(el("span", "buy", "去抢购"));
        }
        cart.appendChild(card);
      });
      stat(cart, room.stats.sold, "本场已售 ", "件");
      root.appendChild(cart);
    }
  }

  fetch("/webcast/room/info?room_id=" + encodeURIComponent(roomId), { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) {
        root.textContent = "直播间加载失败，请刷新重试";
        return null;
      }
      return r.json();
    })
    .then(function (d) { if (d) render(d); });
})();
