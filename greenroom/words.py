"""The regulator's words for the values greenroom stores (one place for every page and mail)."""

SEVERITY = {"high": "高", "medium": "中", "low": "低"}
FINDING_STATUS = {"open": "未解决", "resolved": "已解决"}
SUBJECT = {"shop": "店铺", "listing": "商品", "room": "直播间"}
RUN_STATUS = {"finished": "已完成", "running": "运行中", "interrupted": "已中断", "failed": "失败"}
