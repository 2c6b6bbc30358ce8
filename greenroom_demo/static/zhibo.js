/* Live room, rendering "b": fills #zhibo-app from /live/data.json?room=<rid>. */
(function () {
  var app = document.getElementById("zhibo-app");
  var rid = app.getAttribute("data-rid");

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw(d) {
    var h = [];
    h.push('<div class="zb-top"><h2 class="zb-bt">' + esc(d.bt) + "</h2>");
    if (d.bz === "img") h.push('<img src="/images/lszbj.png" alt="绿色直播间" class="lszbj">');
    if (d.bz === "text") h.push('<span class="tag-green">绿色直播间</span>');
    h.push("</div>");
    h.push('<p class="zb-host">主播 ' + esc(d.zb.mc) + (d.zb.rz ? " <em>（" + esc(d.zb.rz) + "）</em>" : "") + "</p>");
    if (d.sj && d.sj.lj) {
      h.push('<p class="zb-shop">卖家：<a href="' + esc(d.sj.lj) + '">' + esc(d.sj.mc) + "</a></p>");
    } else if (d.sj) {
      h.push('<p class="zb-shop">' + esc(d.sj.mc) + "</p>");
    }
    var names = { zx: "在线人数", gk: "累计观看", dz: "点赞数", ys: "已售件数" };
    h.push('<table class="zb-data"><tr>');
    Object.keys(names).forEach(function (k) {
      if (d.tj[k] !== undefined) h.push("<td>" + names[k] + "</td><td><b>" + esc(d.tj[k]) + "</b></td>");
    });
    h.push("</tr></table>");
    d.gg.forEach(function (g) { h.push('<div class="zb-gg">' + esc(g) + "</div>"); });
    if (d.sp.length) {
      h.push('<ol class="zb-sp">');
      d.sp.forEach(function (p) {
        var name = p.lj ? '<a href="' + esc(p.lj) + '">' + esc(p.mc) + "</a>" : esc(p.mc);
        h.push("<li>" + name + " <i>" + esc(p.jg) + "</i></li>");
      });
      h.push("</ol>");
    }
    app.innerHTML = h.join("");
  }

  var xhr = new XMLHttpRequest();
  xhr.open("GET", "/live/data.json?room=" + encodeURIComponent(rid));
  xhr.onload = function () {
    if (xhr.status !== 200) {
      app.innerHTML = '<p class="err">直播加载失败（' + xhr.status + "）</p>";
      return;
    }
    var res = JSON.parse(xhr.responseText);
    draw(res.data);
  };
  xhr.send();
})();
