/* Rendering "i": draws an item's 近期成交 feed from its JSON island (#deal-feed-data). */
(function () {
  "use strict";
  var list = document.getElementById("deal-feed");
  var data = document.getElementById("deal-feed-data");
  if (!list || !data) return;
  JSON.parse(data.textContent).forEach(function (d) {
    var li = document.createElement("li");
    [["who", "收货人：" + d.name], ["addr", d.address], ["state", d.status]].forEach(function (p, i) {
      if (i) li.appendChild(document.createTextNode(" "));
      var span = document.createElement("span");
      span.className = p[0];
      span.textContent = p[1];
      li.appendChild(span);
    });
    list.appendChild(li);
  });
})();
