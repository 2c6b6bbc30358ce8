"""The demo's listings (with categories) and their ground-truth labels."""

from __future__ import annotations

from greenroom_demo.codes import id_number
from greenroom_demo.model import Listing

CF, AB, MC = "listing.counterfeit_signal", "listing.absolute_claim", "listing.medical_claim"
FP, RR = "listing.fictitious_original_price", "listing.returns_refused"
FW, BD = "listing.food_waste_promotion", "listing.buyer_data_exposed"

# slug: (top level, leaf, default returns line)
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "tea": ("食品饮料", "茶叶", "支持七天无理由退货（未拆封）"),
    "snack": ("食品饮料", "休闲零食", "支持七天无理由退货（未拆封）"),
    "health": ("食品饮料", "保健食品", "支持七天无理由退货（未拆封）"),
    "liquor": ("食品饮料", "酒类", "支持七天无理由退货（未拆封）"),
    "fresh": ("生鲜", "水果蔬菜", "坏果包赔，签收后48小时内联系客服"),
    "beauty": ("美妆个护", "护肤彩妆", "支持七天无理由退货"),
    "clothing": ("服饰鞋包", "女装男装", "支持七天无理由退货"),
    "shoes": ("服饰鞋包", "鞋靴", "支持七天无理由退货"),
    "luxury": ("服饰鞋包", "奢品箱包", "支持七天无理由退货"),
    "digital": ("数码家电", "手机耳机", "支持七天无理由退货"),
    "device": ("医药健康", "医疗器械", "支持七天无理由退货（未拆封）"),
    "drug": ("医药健康", "非处方药", "请按药品说明书或在药师指导下使用"),
    "custom": ("定制礼品", "刻字定制", "定制商品，下单前请确认刻字内容"),
    "books": ("图书音像", "图书", "支持七天无理由退货"),
    "ebook": ("图书音像", "电子书", "数字商品，下单前可免费试读"),
    "home": ("家居日用", "家具家纺", "支持七天无理由退货"),
}

ID_FULL = id_number("33010619850715231")

L = Listing
# fmt: off
LISTINGS: list[Listing] = [
    # 1 山间茶舍
    L(101, 1, "tea", "2026新茶 西湖龙井 明前 250g 礼盒装", 398, original=("原价", 598),
      desc="产自西湖产区，明前采摘，手工炒制，豆香清雅。",
      claims=("最佳赏味期：18个月", "独立小包装，方便携带"),
      reviews=(("138****5678", "茶香浓郁，包装精美，送人很体面。"),),
      structured=True, near_miss=(AB, BD),
      note="最佳赏味期 is not absolute; reviewer phone masked"),
    L(102, 1, "tea", "苦荞茶 500g 降血糖 降血脂", 59, coupon=("券后价", 39),
      desc="每天一杯苦荞茶，帮助降血糖、降血脂，三高人群的好选择。",
      fires=(MC,), note="tea claiming to lower blood sugar"),
    L(103, 1, "tea", "安吉白茶 200g 第一次购买送茶具", 268,
      desc="新客第一次购买赠送便携茶具一套，数量有限。",
      near_miss=(AB,), note="第一次 is not absolute"),
    L(104, 1, "tea", "福鼎白茶 寿眉茶饼 357g", 168, original=("划线价", 298),
      desc="福鼎高山寿眉，紧压成饼，便于存放。",
      schedule=((168, None), (168, None), (158, None), (168, None), (148, None),
                (168, None), (168, None), (158, 298)),
      note="night 8 shows 划线价 ¥298, above every price of nights 1-7 (max ¥168)"),
    # 2 云栖茶业
    L(201, 2, "tea", "国家级非遗工艺 九曲红梅 红茶 100g", 128,
      desc="杭州西湖区传统工艺制作，汤色红艳。",
      fires=(AB,), note="国家级 in the title; removed from night 2",
      n2={"title": "非遗工艺 九曲红梅 红茶 100g", "fires": (),
          "note": "night 2+: 国家级 removed (finding resolves)"}),
    L(202, 2, "tea", "普洱熟茶 357g 治疗失眠 调理肠胃", 199,
      desc="睡前一杯，治疗失眠，陈香醇厚。", fires=(MC,), note="tea claiming to treat insomnia"),
    L(203, 2, "tea", "茉莉花茶 家庭装 1kg", 89,
      desc="家庭装大份量，密封保存，按需冲泡。", near_miss=(FW,), note="家庭装 is not waste"),
    # 3 御膳坊零食
    L(301, 3, "snack", "大胃王挑战 辣条 10斤装 吃播专用", 69.9,
      desc="主播同款，大胃王挑战一口气吃完！", fires=(FW,), note="大胃王 eating challenge"),
    L(302, 3, "snack", "每日坚果 小包装 30袋", 99,
      desc="拒绝浪费，按需购买，每日一小袋刚刚好。", near_miss=(FW,), note="拒绝浪费"),
    L(303, 3, "snack", "网红薯片 第一品牌 6连包", 29.9,
      desc="酥脆可口，追剧必备。", fires=(AB,), note="第一品牌"),
    # 4 康元堂保健
    L(401, 4, "health", "蜂胶软胶囊 60粒 预防癌症 增强免疫", 199,
      desc="精选蜂胶，长期服用预防癌症。", fires=(MC,), note="health food claiming to prevent cancer"),
    L(402, 4, "health", "深海鱼油软胶囊 100粒", 128,
      desc="每粒含EPA+DHA，配料表清晰。", claims=("高血压人群慎食", "孕妇及儿童不宜食用"),
      near_miss=(MC,), note="a warning, not a claim"),
    L(403, 4, "health", "维生素C咀嚼片 蓝莓味 90片", 49, desc="蓝莓风味，每日两片。"),
    # 5 茗香记 (GBK)
    L(501, 5, "tea", "安溪铁观音 清香型 500g", 158, desc="兰花香型，回甘持久。"),
    L(502, 5, "tea", "武夷大红袍 礼盒 250g", 298, desc="岩韵明显，焙火适中。",
      reviews=(("买家13957126684", "第二次回购了，很好喝。"), ("t***9", "物流很快。")),
      fires=(BD,), note="a review shows the buyer's full mobile number"),
    # 6 老街坊食品 (GBK, undeclared)
    L(601, 6, "snack", "手工牛轧糖 500g", 45, desc="奶香浓郁，独立包装。"),
    L(602, 6, "snack", "酵素果冻 10条 暴饮暴食也不怕", 79,
      desc="聚餐前来一条，暴饮暴食也不怕。", fires=(FW,), note="encourages overeating"),
    # 7 北京稻香斋
    L(701, 7, "snack", "京八件 传统糕点礼盒 1.2kg", 138, desc="八种传统糕点，老北京味道。"),
    L(702, 7, "snack", "驴打滚 豆面糕 500g", 29.9, original=("原价", 29.9),
      desc="黄豆面裹红豆沙，软糯香甜。",
      schedule=((29.9, None), (29.9, None), (29.9, None), (25.9, None), (25.9, None),
                (25.9, None), (25.9, None), (25.9, 29.9)),
      note="night 8 原价 ¥29.9 was offered on nights 1-3"),
    # 8 城隍庙老字号 (unreachable from night 2)
    L(801, 8, "snack", "城隍庙五香豆 250g×2", 26, desc="老上海风味，越嚼越香。"),
    L(802, 8, "snack", "梨膏糖 300g 治疗咽炎", 39, desc="传统工艺熬制，治疗咽炎咳嗽。",
      fires=(MC,), note="candy claiming to treat pharyngitis"),
    # 9 荔湾糖水铺 (GBK meta)
    L(901, 9, "snack", "双皮奶粉 200g", 22, desc="冲调即食，顺滑香甜。"),
    L(902, 9, "snack", "龟苓膏 家庭装 12碗", 36,
      desc="家庭装，拒绝浪费，建议按需选购。", near_miss=(FW,), note="家庭装 + 拒绝浪费"),
    # 10 小满食品 (filing)
    L(1001, 10, "snack", "进口黑巧克力礼盒 200g", 99, original=("原价", 128),
      desc="比利时进口，可可含量70%。",
      schedule=((99, None), (128, None), (99, None), (99, None), (99, None),
                (99, None), (99, None), (99, 128)),
      note="night 8 原价 ¥128 was offered on night 2"),
    L(1002, 10, "snack", "即食燕麦片 1kg", 35, high=59, desc="多种口味可选。"),
    L(1003, 10, "snack", "自热火锅 8盒 大胃王吃播套餐", 88,
      desc="大胃王吃播同款，一次吃完8盒！", fires=(FW,), note="大胃王 eating show pack"),
    # 11 赣南果园 (exempt, fresh)
    L(1101, 11, "fresh", "赣南脐橙 5斤装 现摘现发", 39.9, service="生鲜商品不退不换，坏果包赔",
      desc="果园直发，酸甜多汁。", near_miss=(RR,), note="fresh produce is exempt"),
    L(1102, 11, "fresh", "红心猕猴桃 家庭装 10斤", 59.9, desc="家庭装，常温后熟。",
      near_miss=(FW,), note="家庭装"),
    L(1103, 11, "fresh", "农家土鸡蛋 30枚", 39.9, original=("原价", 45.9),
      desc="散养土鸡蛋，破损包赔。",
      schedule=((39.9, None), (45.9, None), (39.9, None), (42.9, None), (39.9, None),
                (39.9, None), (45.9, None), (39.9, 45.9)),
      note="night 8 原价 ¥45.9 equals the highest price of nights 1-7"),
    # 12 安康医疗器械 (class I)
    L(1201, 12, "device", "医用外固定绷带 第一类医疗器械", 12.8,
      desc="第一类医疗器械，弹性适中，透气。", near_miss=(AB,), note="第一类医疗器械"),
    L(1202, 12, "device", "一次性使用压舌板 100支 第一类医疗器械", 19.9,
      desc="第一类医疗器械，独立包装。", near_miss=(AB,), note="第一类医疗器械"),
    # 13 仁和家用医疗 (class II filing)
    L(1301, 13, "device", "上臂式电子血压计 家用", 219,
      desc="第二类医疗器械，用于测量血压、脉搏。", near_miss=(MC,),
      note="a device measuring blood pressure"),
    L(1302, 13, "device", "血糖仪套装 含50片试纸", 199, original=("专柜价", 399),
      desc="第二类医疗器械，用于测量血糖，采血量少。",
      schedule=((199, None), (189, None), (199, None), (199, None), (179, None),
                (199, None), (189, None), (199, 399)),
      note="night 8 专柜价 ¥399 above every price of nights 1-7 (max ¥199)"),
    # 14 优选血压计专营店 (class II, no permit)
    L(1401, 14, "device", "腕式电子血压计 第二类医疗器械", 159,
      desc="第二类医疗器械，注册证号 粤械注准20212070318。"),
    L(1402, 14, "device", "家用制氧机 5L 第二类医疗器械", 1899, desc="第二类医疗器械，静音运行。",
      reviews=((f"实名登记 {ID_FULL}", "已下单，期待发货。"),),
      fires=(BD,), note="an order feed shows a full ID number"),
    # 15 百草堂大药房 (drugs)
    L(1501, 15, "drug", "布洛芬缓释胶囊 0.3g×24粒", 18.5,
      desc="用于缓解轻至中度疼痛，如头痛、牙痛；也用于治疗普通感冒引起的发热。",
      near_miss=(MC,), note="a drug may state what it treats"),
    L(1502, 15, "drug", "复方感冒灵颗粒 14g×15袋", 22,
      desc="用于感冒引起的头痛、发热、鼻塞。",
      reviews=(("张*", "实名购药登记 3301**********1234，已发货。"),),
      near_miss=(MC, BD), note="drug indication; buyer name and ID masked"),
    # 16 惠民药铺 (drugs, no permit)
    L(1601, 16, "drug", "阿莫西林胶囊 0.25g×24粒", 16.8,
      desc="用于治疗敏感菌所致的呼吸道感染。", near_miss=(MC,), note="a drug"),
    L(1602, 16, "drug", "维C银翘片 24片", 15, desc="用于风热感冒引起的发热、头痛。"),
    # 17 潮流服饰工作室
    L(1701, 17, "clothing", "法式碎花连衣裙 夏季", 189, service="特价商品，不支持七天无理由退货",
      desc="雪纺面料，收腰显瘦。", fires=(RR,), note="clothing refusing 7-day returns"),
    L(1702, 17, "clothing", "直筒牛仔裤 男款", 129, service="售出概不退换",
      desc="弹力牛仔，四季可穿。", fires=(RR,), note="售出概不退换 on clothing"),
    L(1703, 17, "clothing", "纯棉短袖T恤", 59, original=("原价", 99), desc="精梳棉，多色可选。"),
    # 18 街头潮牌 (GBK as gb2312)
    L(1801, 18, "shoes", "Nike Air Jordan 1 高帮 芝加哥配色", 399, coupon=("券后价", 99),
      original=("原价", 1299), desc="经典配色，限时领券。", fires=(CF,),
      note="Nike: 券后价 ¥99 is below 30% of the reference price"),
    L(1802, 18, "shoes", "阿迪达斯 Yeezy 350 椰子 复刻版", 289, desc="复刻版，细节到位。",
      fires=(CF,), note="brand + 复刻"),
    L(1803, 18, "clothing", "加绒连帽卫衣", 99, service="本店商品不退不换",
      desc="加绒加厚，冬季保暖。", fires=(RR,), note="不退不换 on clothing"),
    # 19 奢品汇
    L(1901, 19, "luxury", "LV Neverfull 老花托特包 高仿 1:1", 680, desc="高仿1:1，五金精致。",
      structured=True, fires=(CF,), note="brand + 高仿 1:1"),
    L(1902, 19, "luxury", "古驰 GG Marmont 链条包 原单", 1299, desc="原单尾货，数量有限。",
      fires=(CF,), note="brand + 原单; this page answers 500 on its first request each night"),
    L(1903, 19, "luxury", "劳力士 潜航者型 绿水鬼 自动机械表", 2800, desc="钢带，夜光清晰。",
      fires=(CF,), note="Rolex at far below 30% of the reference price"),
    L(1904, 19, "luxury", "香奈儿 CF 菱格链条包 超A 精仿", 880, desc="超A精仿，皮质细腻。",
      fires=(CF,), note="brand + 超A/精仿"),
    # 20 名品正品店
    L(2001, 20, "luxury", "GUCCI 古驰 GG Marmont 小号链条包", 19800, go_link=True,
      desc="意大利制造，附购物凭证。", reviews=(("张*", "做工很好，和描述一致。"),),
      structured=True, near_miss=(CF, BD), note="genuine at a normal price; reviewer masked"),
    L(2002, 20, "shoes", "Nike Dunk Low 复古篮球鞋", 799, coupon=("券后价", 699), go_link=True,
      desc="经典低帮，百搭。", near_miss=(CF,), note="券后价 stays above 30% of reference"),
    L(2003, 20, "liquor", "茅台 飞天 53度 500ml 酱香型白酒", 1499, go_link=True,
      desc="官方授权，支持验真。", near_miss=(CF,), note="genuine Moutai at retail price"),
    L(2004, 20, "beauty", "Dior 迪奥 烈艳蓝金唇膏 999", 350, go_link=True,
      desc="经典正红色号。", near_miss=(CF,), note="genuine Dior at retail price"),
    # 21 数码极客
    L(2101, 21, "digital", "Apple AirPods Pro 2 复刻 华强北", 158, desc="复刻版，弹窗定位。",
      fires=(CF,), note="brand + 复刻, priced far below reference"),
    L(2102, 21, "digital", "苹果 iPhone 15 128GB 国行", 5299, desc="国行正品，全国联保。",
      near_miss=(CF,), note="genuine at a normal price"),
    L(2103, 21, "digital", "蓝牙耳机 主动降噪 运动款", 129, service="电子产品拆封后不退不换",
      desc="续航30小时。", fires=(RR,), note="electronics are not exempt"),
    # 22 手作刻字定制
    L(2201, 22, "custom", "定制刻字钢笔 礼盒装", 168, service="定制商品，不支持七天无理由退货",
      desc="可刻姓名或祝福语。", near_miss=(RR,), note="custom-made goods are exempt"),
    L(2202, 22, "custom", "复刻版 老上海搪瓷杯 可定制刻字", 39, desc="怀旧复刻，经典图案。",
      near_miss=(CF,), note="复刻 without a brand"),
    L(2203, 22, "home", "高仿真 仿生绿植盆栽 客厅摆件", 49, service="支持七天无理由退货",
      desc="高仿真叶片，免浇水。", near_miss=(CF,), note="高仿(真) without a brand"),
    # 23 书香阁
    L(2301, 23, "ebook", "电子书《三体》全集 下载版", 25,
      service="数字商品，下载后不支持七天无理由退货", desc="支持手机、平板阅读。",
      near_miss=(RR,), note="downloaded digital goods are exempt"),
    L(2302, 23, "books", "《活着》精装 第一次印刷纪念版", 45, desc="余华代表作，精装典藏。",
      near_miss=(AB,), note="第一次印刷"),
    L(2303, 23, "books", "复刻版 民国老课本 全套", 88, desc="按原版复刻，繁体竖排。",
      near_miss=(CF,), note="复刻 without a brand"),
    L(2304, 23, "books", "《读者》期刊 2027年全年订阅", 198,
      service="报纸期刊订阅类商品，不适用七天无理由退货", desc="全年24期，按期寄送。",
      near_miss=(RR,), note="periodicals are exempt"),
    # 24 个人闲置小店
    L(2401, 24, "clothing", "二手羽绒服 九成新 女款M码", 120, desc="穿过两次，无破损。",
      reviews=(("成交记录", "收货人：王建国 浙江省杭州市西湖区文三路90号 已发货"),),
      fires=(BD,), note="full name with address in the order feed"),
    L(2402, 24, "clothing", "闲置毛呢大衣 驼色", 150, desc="尺码偏大，适合L码。"),
    # 25 无证小铺
    L(2501, 25, "snack", "手工辣椒酱 280g", 19.9, desc="湘味剁辣椒，香辣下饭。"),
    L(2502, 25, "snack", "湘西腊肉 500g", 58, desc="柴火熏制，肥瘦相间。"),
    # 26 织锦服饰
    L(2601, 26, "clothing", "棉麻衬衫 宽松版", 139, desc="透气舒适。"),
    L(2602, 26, "clothing", "真丝围巾", 199, high=259, desc="桑蚕丝，多色可选。"),
    # 27 鹿城鞋业
    L(2701, 27, "shoes", "头层牛皮 商务皮鞋", 329, desc="头层牛皮，手工缝线。",
      n2={"service": "售出概不退换", "fires": (RR,),
          "note": "night 2+: 售出概不退换 added (new finding)"}),
    L(2702, 27, "shoes", "软底休闲鞋", 199, desc="软底防滑。"),
    # 28 壳子数码
    L(2801, 28, "digital", "透明防摔手机壳 6.1英寸", 29, desc="四角气囊防摔。"),
    L(2802, 28, "digital", "氮化镓快充充电器 65W", 89, original=("原价", 129), desc="三口快充。"),
    # 29 XSS shop
    L(2901, 29, "home", "316不锈钢保温杯 500ml", 89, desc="保温12小时，全网销量第一。",
      fires=(AB,), note="第一 in the description of the XSS shop's listing (its bundle is tested)"),
    L(2902, 29, "home", "双层隔热玻璃茶杯", 39, desc="高硼硅玻璃。"),
    # 30 潮汇服饰
    L(3001, 30, "clothing", "纯棉圆领T恤 重磅", 89, original=("划线价", 159), desc="260g重磅棉。",
      schedule=((89, None), (99, None), (89, None), (79, None), (89, None),
                (99, None), (89, None), (89, 159)),
      note="night 8 划线价 ¥159 above every price of nights 1-7 (max ¥99)"),
    L(3002, 30, "clothing", "休闲工装裤", 169, desc="多口袋设计。"),
    # 31 名仓美妆
    L(3101, 31, "beauty", "SK-II 神仙水 230ml", 1370, desc="专柜同款，附防伪码。",
      near_miss=(CF,), note="genuine at a normal price"),
    L(3102, 31, "beauty", "国货面霜 50g 最佳抗皱效果", 89, desc="最佳抗皱效果，温和不刺激。",
      fires=(AB,), note="最佳"),
    L(3103, 31, "beauty", "雅诗兰黛 小棕瓶精华 50ml", 750, structured=True,
      desc="第七代小棕瓶。", near_miss=(CF,), note="genuine at a normal price"),
    # 32 奢享小铺
    L(3201, 32, "luxury", "蔻驰 Coach 托特包 A货", 399, desc="A货，做工精细。",
      fires=(CF,), note="brand + A货"),
    L(3202, 32, "luxury", "帆布托特包 简约", 69, high=99, desc="大容量。"),
    # 33 森屿家居旗舰店
    L(3301, 33, "home", "北美白橡木书桌 1.2m", 1299, desc="FAS级白橡木。"),
    L(3302, 33, "home", "乳胶床垫 1.8m 全网最佳睡感", 2399, desc="天然乳胶，七区承托。",
      fires=(AB,), note="最佳"),
    # 34 森屿家居奥莱店
    L(3401, 34, "home", "实木书架 五层 样品清仓", 399, desc="展厅样品，轻微划痕。"),
    L(3402, 34, "home", "布艺沙发 三人位", 1899, desc="科技布面料。"),
    # 35 橙乡合作社
    L(3501, 35, "fresh", "赣南脐橙 10斤 合作社直供", 69.9, desc="合作社统一采摘分级。"),
    L(3502, 35, "fresh", "新鲜蔬菜礼盒 5斤", 39.9, desc="当季蔬菜，次日达。"),
]
# fmt: on
