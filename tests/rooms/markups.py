"""Rendered room DOMs in different markups that show the same facts (for extract_room)."""

# Markup A: label：value spans, a product list of cards, a badge image.
ROOM_A = """<!doctype html><html><head><title>直播间</title></head><body>
<header><a href="/">首页</a> <a href="/rooms">直播</a></header>
<main id="app"><h1>春茶上新专场</h1>
<div class="anchor"><span>主播：</span><b>李梅</b> <i class="v">已实名认证</i></div>
<div class="stats"><span>在线 1.5万</span><span>累计观看 12.9万</span>
<span>点赞 8,532</span><span>已售 10万+</span></div>
<div class="seller">店铺：<a href="/shop/88">云岭茶叶旗舰店</a></div>
<img src="/static/green.png" alt="绿色直播间">
<ul class="goods">
 <li><a href="/item/1"><h3>明前龙井 250g</h3></a><span>￥168</span><del>￥298</del><em>已售 2.1万</em></li>
 <li><a href="/item/2"><h3>普洱熟茶饼 357g</h3></a><span>￥89.9</span><em>已售 8,000</em></li>
</ul>
<p class="notice">直播间公告：理性消费，按需购买。</p>
</main></body></html>"""

# Markup B: a definition list, numbers before their labels, products in a table,
# the badge as text, full-width digits.
ROOM_B = """<!doctype html><html><head><title>春茶上新专场 - 直播</title></head><body>
<section><h1>春茶上新专场</h1>
<dl><dt>主播昵称</dt><dd>李梅</dd><dt>认证</dt><dd>主播已实名</dd>
<dt>销售方</dt><dd>云岭茶叶旗舰店</dd></dl>
<p><a href="/s/88">进入店铺</a></p>
<div><span><strong>１．５万</strong>人在看</span> · <span><strong>12.9万</strong>人看过</span></div>
<div><span>８,５３２</span><span>赞</span> <span>销量</span><span>10万+</span></div>
<span class="tag">绿色直播间</span>
<table><tr><th>商品</th><th>价格</th></tr>
<tr><td><a href="/p?id=1">明前龙井 250g</a></td><td>168元</td></tr>
<tr><td><a href="/p?id=2">普洱熟茶饼 357g</a></td><td>89.9元</td></tr></table>
<p>公告：理性消费，按需购买。</p>
</section></body></html>"""

# Markup C: running text; unverified host; a 正在申报 notice that is not a badge; no seller.
ROOM_C = """<html><body><div id="root"><div>
<p>欢迎来到直播间！主播 王小二 未实名认证</p>
<p>正在观看：3,201 ，累计观看人次：5.6万，获赞 1.2亿</p>
<p>本直播间正在申报绿色直播间</p>
<div><div><span>土蜂蜜 500g</span><span>¥59</span></div></div>
</div></div></body></html>"""
