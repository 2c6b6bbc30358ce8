/* Live room, rendering "p": a pinned 公告 and the live comment feed (评论), drawn through a's
   window.liveExtra hook from the room API's `pinned` and `comments`. */
(function () {
  "use strict";
  window.liveExtra = function (d, box, el) {
    if (d.pinned && d.pinned.length) {
      var pin = el("div", { "class": "pinned", role: "note" });
      pin.appendChild(el("b", { "class": "pin-tag" }, "公告"));
      d.pinned.forEach(function (t) { pin.appendChild(el("p", {}, t)); });
      box.insertBefore(pin, box.querySelector(".stats"));
    }
    if (d.comments && d.comments.length) {
      var feed = el("section", { "class": "comments" });
      feed.appendChild(el("h2", {}, "评论"));
      var list = el("ul", { "class": "comment-feed" });
      d.comments.forEach(function (c) {
        var host = c.role === "host";
        var li = el("li", { "class": host ? "comment host" : "comment" });
        li.appendChild(el("span", { "class": "user" }, host ? "主播 " + c.user : c.user));
        li.appendChild(document.createTextNode("："));
        li.appendChild(el("span", { "class": "msg" }, c.text));
        list.appendChild(li);
      });
      feed.appendChild(list);
      box.appendChild(feed);
    }
  };
})();
