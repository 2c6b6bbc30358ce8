/* Live room, rendering "m": a JD-style live page drawn into #J_liveRoom from the liveDetail API. */
(function () {
  "use strict";
  var root = document.getElementById("J_liveRoom");
  var liveId = root.getAttribute("data-live-id");

  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function draw(r) {
    root.innerHTML = "";
    document.title = r.title + " - 集采优品直播";
    var head = node("div", "live-head");
    var author = node("div", "author-info");
    author.appendChild(node("span", "author-nick", r.author.nickName));
    if (r.author.authText) author.appendChild(node("em", "author-tag", r.author.authText));
    author.appendChild(node("a", "btn-follow", "+关注"));
    head.appendChild(author);
    var counts = node("div", "live-counts");
    var words = { online: "人在线", viewers: "次观看", likes: "个赞" };
    Object.keys(words).forEach(function (key) {
      if (r.counts[key] === undefined) return;
      var c = node("span", "count-" + key);
      c.appendChild(node("i", null, r.counts[key]));
      c.appendChild(document.createTextNode(words[key]));
      counts.appendChild(c);
    });
    head.appendChild(counts);
    if (r.greenMark === "img") {
      var img = node("img", "green-mark");
      img.src = "/misc/live/green.png";
      img.alt = "绿色直播间";
      head.appendChild(img);
    } else if (r.greenMark === "text") {
      head.appendChild(node("span", "green-mark", "绿色直播间"));
    }
    root.appendChild(head);
    root.appendChild(node("h1", "live-title", r.title));
    if (r.shop) {
      var shop = node("div", "live-shop");
      if (r.shop.shopUrl) {
        shop.appendChild(document.createTextNode("直播店铺："));
        var a = node("a", null, r.shop.shopName);
        a.href = r.shop.shopUrl;
        shop.appendChild(a);
      } else {
        shop.textContent = r.shop.sellerText;
      }
      root.appendChild(shop);
    }
    if (r.notices.length) {
      var board = node("div", "live-notice");
      board.appendChild(node("strong", null, "直播公告"));
      r.notices.forEach(function (t) { board.appendChild(node("p", null, t)); });
      root.appendChild(board);
    }
    var bag = node("div", "live-bag");
    bag.appendChild(node("h3", null, "购物袋(" + r.skuList.length + ")"));
    if (r.counts.sold !== undefined) bag.appendChild(node("p", "bag-sold", "本场已抢 " + r.counts.sold + " 件"));
    var list = node("ol", "sku-list");
    r.skuList.forEach(function (s) {
      var li = node("li", "sku-item");
      li.appendChild(node("span", "sku-index", String(s.index)));
      li.appendChild(node("p", "sku-name", s.skuName));
      li.appendChild(node("span", "sku-price", "¥" + s.jdPrice));
      if (s.url) {
        var buy = node("a", "sku-buy", "去购买");
        buy.href = s.url;
        li.appendChild(buy);
      }
      list.appendChild(li);
    });
    bag.appendChild(list);
    root.appendChild(bag);
  }

  var xhr = new XMLHttpRequest();
  xhr.open("GET", "/api?functionId=liveDetail&appid=live_pc&liveId=" + encodeURIComponent(liveId));
  xhr.onload = function () {
    if (xhr.status !== 200) {
      root.textContent = "网络开小差了，请稍后再试";
      return;
    }
    var body = JSON.parse(xhr.responseText);
    draw(body.result);
  };
  xhr.send();
})();
