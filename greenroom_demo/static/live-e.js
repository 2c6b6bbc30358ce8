/* 万象购直播, rendering "e": draws the room into #root from the Douyin-like
   /webcast/room/web/enter/?aid=6383&web_rid=<id> API. */
(function () {
  "use strict";
  var root = document.getElementById("root");
  var webRid = root.getAttribute("data-web-rid");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function render(res) {
    var room = res.data.data[0];  /* throws when the API gave no room: the "script" fault */
    var user = res.data.user;
    var box = el("div", "webcast-room");
    var head = el("div", "room-header");
    var anchor = el("div", "anchor-info");
    anchor.appendChild(el("span", "anchor-name", user.nickname));
    if (user.auth_info) anchor.appendChild(el("span", "anchor-auth", user.auth_info));
    var follow = el("a", "follow-btn", "关注");
    follow.setAttribute("href", "javascript:;");
    anchor.appendChild(follow);
    head.appendChild(anchor);
    head.appendChild(el("h1", "room-title", room.title));
    if (room.green_badge === "img") {
      var img = el("img", "green-badge");
      img.setAttribute("src", "/static/img/green-live.png");
      img.setAttribute("alt", "绿色直播间");
      head.appendChild(img);
    } else if (room.green_badge === "text") {
      head.appendChild(el("span", "green-badge", "绿色直播间"));
    }
    box.appendChild(head);
    var s = room.stats, stats = el("div", "room-stats");
    if (s.online !== undefined) stats.appendChild(el("span", "online", s.online + "在线"));
    if (s.viewers !== undefined) stats.appendChild(el("span", "viewers", s.viewers + "人看过"));
    if (s.likes !== undefined) stats.appendChild(el("span", "likes", "本场点赞 " + s.likes));
    if (s.sold !== undefined) stats.appendChild(el("span", "sold", "已售" + s.sold));
    box.appendChild(stats);
    if (res.data.shop) {
      var shop = el("div", "room-shop");
      if (res.data.shop.shop_url) {
        shop.appendChild(document.createTextNode("店铺："));
        var a = el("a", "", res.data.shop.shop_name);
        a.setAttribute("href", res.data.shop.shop_url);
        shop.appendChild(a);
      } else {
        shop.textContent = res.data.shop.shop_name;
      }
      box.appendChild(shop);
    }
    room.room_notice.forEach(function (n) { box.appendChild(el("div", "room-notice", "直播间公告：" + n)); });
    if (res.data.products.length) {
      var cart = el("div", "yellow-cart");
      cart.appendChild(el("div", "cart-title", "小黄车 共" + res.data.products.length + "件商品"));
      res.data.products.forEach(function (p, i) {
        var row = el("div", "cart-item");
        row.appendChild(el("span", "idx", String(i + 1)));
        if (p.url) {
          var link = el("a", "cart-name", p.title);
          link.setAttribute("href", p.url);
          row.appendChild(link);
        } else {
          row.appendChild(el("span", "cart-name", p.title));
        }
        var price = el("span", "cart-price");
        price.appendChild(el("i", "", "¥"));
        price.appendChild(document.createTextNode(p.price));
        row.appendChild(price);
        row.appendChild(el("span", "buy", "去购买"));
        cart.appendChild(row);
      });
      box.appendChild(cart);
    }
    var chat = el("div", "chat-list");
    chat.appendChild(el("div", "chat-system",
      "欢迎来到直播间！平台严禁未成年人进行直播或打赏。直播间内严禁出现违法违规、低俗色情、" +
      "吸烟酗酒等内容，请勿轻信各类招聘、代购、投资等广告信息，谨防网络诈骗。"));
    [["用户7***2", "主播好"], ["小***鱼", "已拍"], ["用户1***9", "什么时候发货"]].forEach(function (m) {
      var line = el("div", "chat-item");
      line.appendChild(el("span", "nick", m[0] + "："));
      line.appendChild(el("span", "content", m[1]));
      chat.appendChild(line);
    });
    box.appendChild(chat);
    root.appendChild(box);
  }

  fetch("/webcast/room/web/enter/?aid=6383&web_rid=" + webRid, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) {
        root.textContent = "直播间加载失败，请刷新重试";
        return null;
      }
      return r.json();
    })
    .then(function (res) { if (res) render(res); });
})();
