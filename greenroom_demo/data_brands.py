"""Reference brands the demo's listings name: brand, aliases (|-separated), lowest genuine price."""

from __future__ import annotations

BRANDS: list[tuple[str, str, int]] = [
    ("Louis Vuitton", "LV|路易威登", 2500),
    ("Gucci", "古驰|GUCCI", 1900),
    ("Chanel", "香奈儿|CHANEL", 350),
    ("Nike", "耐克|NIKE", 499),
    ("Adidas", "阿迪达斯|adidas|Yeezy", 399),
    ("Apple", "苹果|iPhone|AirPods", 999),
    ("茅台", "Moutai|贵州茅台", 1499),
    ("Dior", "迪奥", 320),
    ("Rolex", "劳力士", 50000),
    ("SK-II", "SK2|SKII", 540),
    ("Estee Lauder", "雅诗兰黛", 300),
    ("Hermès", "爱马仕|Hermes", 2000),
    ("Prada", "普拉达", 2500),
    ("Coach", "蔻驰", 1200),
    ("五粮液", "Wuliangye", 999),
]
