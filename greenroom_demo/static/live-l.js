/* Live room, rendering "l": a chat feed (<ul aria-live="polite">) after a's room (live-a.js). */
(function () {
  "use strict";
  var ROLES = { host: "主播", mod: "房管", system: "系统" };

  window.liveExtra = function (d, box, el) {
    if (!d.chat || !d.chat.length) return;
    var sec = el("section", { "class": "chat" });
    sec.appendChild(el("h2", {}, "互动消息"));
    var feed = el("ul", { "class": "chat-feed", "aria-live": "polite" });
    d.chat.forEach(function (m) {
      var li = el("li", { "class": "chat-line " + m.role });
      var who = ROLES[m.role] || m.who;
      li.appendChild(el("span", { "class": "chat-who" }, who));
      li.appendChild(document.createTextNode("："));
      li.appendChild(el("span", { "class": "chat-text" }, m.text));
      feed.appendChild(li);
    });
    sec.appendChild(feed);
    box.appendChild(sec);
  };
})();
