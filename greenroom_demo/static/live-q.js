/* Live room, rendering "q": the room's 商品讲解 chapters and its 福袋 winners, drawn by
   live-a.js through window.liveExtra from the room API's "chapters" and "lucky_bag". */
(function () {
  "use strict";
  window.liveExtra = function (d, box, el) {
    if (d.chapters && d.chapters.length) {
      var sec = el("section", { "class": "chapters" });
      sec.appendChild(el("h2", {}, "商品讲解"));
      var list = el("ol", { "class": "chapter-list" });
      d.chapters.forEach(function (c) {
        var li = el("li", {});
        li.appendChild(el("time", {}, c.at));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "chapter-title" }, c.title));
        list.appendChild(li);
      });
      sec.appendChild(list);
      box.appendChild(sec);
    }
    if (d.lucky_bag) {
      var bag = el("section", { "class": "lucky-bag" });
      bag.appendChild(el("h2", {}, "福袋中奖名单"));
      bag.appendChild(el("p", { "class": "prize" }, "奖品：" + d.lucky_bag.prize));
      var ul = el("ul", { "class": "winners" });
      d.lucky_bag.winners.forEach(function (w) { ul.appendChild(el("li", {}, w)); });
      bag.appendChild(ul);
      box.appendChild(bag);
    }
  };
})();
