/* Live room, rendering "c": jQuery-free XHR to /ajax/live_info.php?rid=<LIVE_RID>, drawn with strings. */
var LiveRoom = {
  box: null,
  esc: function (s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  },
  show: function (r) {
    var esc = LiveRoom.esc, h = "";
    h += '<div class="live-hd"><span class="live-tit">' + esc(r.title) + "</span>";
    if (r.green === "img") h += ' <img src="/res/img/green_live.png" alt="绿色直播间" width="60">';
    if (r.green === "text") h += ' <i class="lv-tag">绿色直播间</i>';
    h += "</div>";
    h += '<div class="live-anchor">主播：<span>' + esc(r.anchor_name) + "</span>";
    if (r.anchor_auth) h += ' <span class="auth">[' + esc(r.anchor_auth) + "]</span>";
    h += "</div>";
    if (r.shop) {
      if (r.shop.shop_url) {
        h += '<div class="live-shop">店铺：' + esc(r.shop.shop_name) +
          ' <a href="' + esc(r.shop.shop_url) + '">进店</a></div>';
      } else {
        h += '<div class="live-shop">' + esc(r.shop.shop_name) + "</div>";
      }
    }
    var c = r.count, bits = [];
    if (c.online !== undefined) bits.push("<span><b>" + esc(c.online) + "</b>人在看</span>");
    if (c.viewers !== undefined) bits.push("<span>观看人次 <b>" + esc(c.viewers) + "</b></span>");
    if (c.likes !== undefined) bits.push("<span>获赞 <b>" + esc(c.likes) + "</b></span>");
    if (c.sold !== undefined) bits.push("<span>已售 <b>" + esc(c.sold) + "</b> 件</span>");
    h += '<div class="live-num">' + bits.join(" · ") + "</div>";
    for (var i = 0; i < r.notice.length; i++) h += '<div class="live-gg">【公告】' + esc(r.notice[i]) + "</div>";
    if (r.goods.length) {
      h += '<div class="live-goods">';
      for (var j = 0; j < r.goods.length; j++) {
        var g = r.goods[j];
        var name = g.link ? '<a href="' + esc(g.link) + '">' + esc(g.name) + "</a>" : esc(g.name);
        h += '<div class="g">' + (j + 1) + ". " + name + ' <span class="yen">¥</span>' + esc(g.price) + "</div>";
      }
      h += "</div>";
    }
    LiveRoom.box.innerHTML = h;
  },
  load: function () {
    LiveRoom.box = document.getElementById("live-box");
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/ajax/live_info.php?rid=" + LIVE_RID + "&_=" + new Date().getTime());
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status !== 200) {
        LiveRoom.box.innerHTML = "网络异常，请刷新重试（" + xhr.status + "）";
        return;
      }
      var res = JSON.parse(xhr.responseText);
      LiveRoom.show(res.result);
    };
    xhr.send(null);
  }
};
LiveRoom.load();
