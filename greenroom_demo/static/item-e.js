/* 万象购, rendering "e": item and list prices by SKU from /prices/mgets (as JD's p.3.cn does),
   drawn into every [data-sku] element of the page. */
(function () {
  "use strict";
  var nodes = Array.prototype.slice.call(document.querySelectorAll("[data-sku]"));
  var ids = [];
  nodes.forEach(function (n) {
    var id = "J_" + n.getAttribute("data-sku");
    if (ids.indexOf(id) < 0) ids.push(id);
  });
  if (!ids.length) return;
  fetch("/prices/mgets?skuIds=" + ids.join(","), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (list) {
      var byId = {};
      list.forEach(function (p) { byId[p.id] = p.p; });
      nodes.forEach(function (n) {
        var p = byId["J_" + n.getAttribute("data-sku")];
        if (p && n.children.length === 0) n.textContent = p;
      });
    })
    .catch(function () { /* the static price (or placeholder) stays */ });
})();
