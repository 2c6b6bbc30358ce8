/* Live room, rendering "i": loaded before live-a.js, which calls liveExtra(d, box, el)
   once it has drawn the room. Food rooms' notices come as the pinned lines of a chat feed
   (d.chat); the goods come as a 小黄车 of numbered links (d.cart). */
window.liveExtra = function (d, box, el) {
  "use strict";
  function section(cls, title, listCls) {
    var sec = el("section", { "class": cls });
    sec.appendChild(el("h2", {}, title));
    var list = el("ol", { "class": listCls });
    sec.appendChild(list);
    box.appendChild(sec);
    return list;
  }
  if (d.chat.length) {
    var chat = section("chat", "互动区", "chat-feed");
    d.chat.forEach(function (m) {
      var li = el("li", { "class": m.pinned ? "msg pinned" : "msg" });
      var head = el("header", {});
      head.appendChild(el("b", { "class": "who" }, m.who));
      head.appendChild(el("small", { "class": "role" }, m.pinned ? m.role + " · 置顶" : m.role));
      li.appendChild(head);
      li.appendChild(el("p", { "class": "text" }, m.text));
      chat.appendChild(li);
    });
  }
  if (d.cart.length) {
    var cart = section("cart", "小黄车", "cart-list");
    d.cart.forEach(function (g, i) {
      var li = el("li", {});
      li.appendChild(el("span", { "class": "no" }, i + 1 + "号链接"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(g.url ? el("a", { href: g.url }, g.title) : el("span", {}, g.title));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "price" }, g.price));
      cart.appendChild(li);
    });
  }
};
