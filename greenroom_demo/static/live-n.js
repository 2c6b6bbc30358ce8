/* Live room, rendering "n": after a's room, the 直播间公约 and a 直播看点 timeline
   (window.liveExtra, called by live-a.js with the API data, the room box and its el()). */
(function () {
  "use strict";
  window.liveExtra = function (d, box, el) {
    if (d.rules) {
      var rules = el("aside", { "class": "rules", role: "note" });
      rules.appendChild(el("h2", {}, "直播间公约"));
      rules.appendChild(el("p", {}, d.rules));
      box.appendChild(rules);
    }
    if (!d.highlights || !d.highlights.length) return;
    var part = el("section", { "class": "highlights" });
    part.appendChild(el("h2", {}, "直播看点"));
    var list = el("ol", { "class": "timeline" });
    d.highlights.forEach(function (h) {
      var li = el("li", {});
      li.appendChild(el("time", {}, h.time));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "point" }, h.text));
      list.appendChild(li);
    });
    part.appendChild(list);
    box.appendChild(part);
  };
})();
