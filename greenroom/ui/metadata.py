"""Datasette metadata for the greenroom database: Chinese titles, columns, facets, queries."""

from __future__ import annotations

from storage.search import search_sql

TABLES = {
    "findings": {
        "title": "发现的问题",
        "description": "每项检查对每个对象（店铺、商品、直播间）的一条发现；再次抓取仍命中则更新最后发现时间，不再命中则标记为已解决。",
        "facets": ["check_id", "severity", "status", "subject_type"],
        "sort_desc": "last_seen",
        "columns": {
            "id": "发现编号（点击打开证据页）",
            "check_id": "检查项编号",
            "severity": "严重程度：high 高 / medium 中 / low 低",
            "subject_type": "对象类型：shop 店铺 / listing 商品 / room 直播间",
            "subject_url": "对象本身页面的规范网址",
            "message": "发现说明（可直接写入案卷）",
            "snippet": "证据摘录（页面原文）",
            "first_seen": "首次发现时间（UTC）",
            "last_seen": "最后发现时间（UTC）",
            "status": "状态：open 未解决 / resolved 已解决",
            "first_run": "首次发现的抓取批次",
            "last_run": "最后检查的抓取批次",
            "resolved_at": "解决时间（UTC）",
            "reopened": "解决后再次出现的次数",
        },
    },
    "findings_by_shop": {
        "title": "发现的问题（按店铺）",
        "description": "发现的问题及其所属店铺（商品的发现归入其店铺）。",
        "facets": ["shop_url", "check_id", "severity", "status"],
        "sort_desc": "last_seen",
        "columns": {"shop_url": "所属店铺首页网址"},
    },
    "exports": {
        "title": "导出记录",
        "description": "从界面导出的每个证据包：导出人（账号）、导出内容、时间及文件的 SHA-256。",
        "sort_desc": "id",
        "facets": ["actor"],
        "columns": {
            "id": "导出编号",
            "exported_at": "导出时间（UTC）",
            "actor": "导出人（账号）",
            "what": "导出内容",
            "via": "导出方式",
            "sha256": "证据包的 SHA-256",
            "bytes": "证据包字节数",
        },
    },
    "cases": {
        "title": "案件",
        "description": "调查人员的案件：每个案件包含若干发现、备注和经过（只读；用 greenroom case 命令办理）。",
        "facets": ["status"],
        "sort_desc": "id",
        "columns": {
            "id": "案件编号",
            "name": "案件名称（点击查看案件中的问题）",
            "status": "状态：open 办理中 / referred 已移送 / closed 已结案",
            "opened_at": "立案时间（UTC）",
            "opened_by": "立案人",
        },
    },
    "findings_by_case": {
        "title": "案件中的问题",
        "description": "每个案件包含的发现及其当前状态；之后某次抓取已解决的发现仍留在案件中，标为已解决。",
        "facets": ["case_name", "status", "check_id"],
        "columns": {
            "case_name": "案件名称",
            "case_status": "案件状态",
            "resolved_run": "解决该问题的抓取批次",
            "added_at": "加入案件时间（UTC）",
            "added_by": "加入人",
        },
    },
    "case_history": {
        "title": "案件经过",
        "description": "案件的每次变更（立案、加入发现、备注、状态、导出），只增不改，以哈希链防篡改。",
        "facets": ["case_id", "action", "actor"],
        "sort": "id",
        "columns": {
            "case_id": "案件编号",
            "at": "时间（UTC）",
            "actor": "操作人",
            "action": "事项：opened 立案 / added 加入发现 / note 备注 / status 状态 / exported 导出",
            "detail": "内容（JSON）",
            "capture_head": "当时最后一条采集记录",
            "capture_hash": "该采集记录的链哈希",
            "prev_hash": "上一条经过的链哈希",
            "chain_hash": "本条经过的链哈希",
        },
    },
    "case_findings": {
        "title": "案件与发现",
        "columns": {"case_id": "案件编号", "finding_id": "发现编号"},
    },
    "finding_evidence": {
        "title": "发现的证据",
        "description": "每条发现所依据的采集记录。",
        "columns": {"finding_id": "发现编号", "capture_id": "采集记录编号"},
    },
    "captures": {
        "title": "采集记录",
        "description": "抓取到的每个响应、截图和渲染后的页面，按原样保存为 WARC 记录，并以哈希链防篡改。",
        "facets": ["kind", "http_status"],
        "sort_desc": "id",
        "columns": {
            "id": "采集记录编号（可下载原始内容）",
            "run_id": "抓取批次",
            "kind": "类型：response 响应 / screenshot 截图 / rendered 渲染页面",
            "about": "截图或渲染页面所属的采集记录",
            "url": "网址",
            "method": "请求方法",
            "fetched_at": "采集时间（UTC）",
            "http_status": "HTTP 状态码",
            "content_type": "内容类型",
            "sha256": "内容的 SHA-256（按接收原样）",
            "size": "内容字节数",
            "warc_file": "WARC 文件",
            "warc_offset": "WARC 文件中的偏移",
            "warc_length": "WARC 记录长度",
            "warc_record_id": "WARC 记录编号",
            "record_sha256": "WARC 记录字节的 SHA-256",
            "prev_hash": "上一条记录的链哈希",
            "chain_hash": "本条记录的链哈希",
        },
    },
    "shops": {
        "title": "店铺",
        "description": "店铺及其公示信息（营业执照、联系方式、许可证）。",
        "sort": "url",
        "columns": {
            "url": "店铺首页网址",
            "name": "店铺名称",
            "registered_name": "营业执照登记名称",
            "uscc": "统一社会信用代码",
            "operator": "经营者",
            "phones": "联系电话",
            "emails": "电子邮箱",
            "addresses": "地址",
            "permits": "许可证/备案编号",
            "listings": "商品数",
            "last_run": "最后抓取批次",
        },
    },
    "listings": {
        "title": "商品",
        "description": "商品页面及其标题、描述、宣称和价格。",
        "columns": {
            "url": "商品页面网址",
            "shop_url": "所属店铺首页网址",
            "title": "商品标题",
            "category": "类目",
            "price": "实际售价（元，最低成交价）",
            "description": "商品描述",
            "claims": "功效/宣传用语",
            "last_run": "最后抓取批次",
        },
    },
    "rooms": {
        "title": "直播间",
        "description": "直播间及其主播、带货店铺、绿色直播间标识。",
        "columns": {
            "url": "直播间网址",
            "title": "直播间标题",
            "host_name": "主播",
            "host_verified": "主播是否已实名认证",
            "sellers": "带货店铺/经营者",
            "badge": "绿色直播间标识",
            "samples": "采样次数",
            "last_run": "最后抓取批次",
        },
    },
    "pages": {
        "title": "页面",
        "description": "每个采集到的页面及其抽取的事实（JSON）。",
        "facets": ["role"],
        "columns": {"capture_id": "采集记录编号", "role": "页面角色", "facts": "抽取的事实"},
    },
    "runs": {"title": "抓取批次", "sort_desc": "id"},
    "shared_contacts": {
        "title": "共用执照或电话（汇总）",
        "columns": {
            "shared": "共用的是什么",
            "value": "统一社会信用代码或电话",
            "shops": "店铺数",
            "names": "店铺名称",
            "operators": "不同经营者名称数",
            "urls": "店铺网址",
        },
    },
    "offenders": {
        "title": "屡犯（汇总）",
        "sort_desc": "reopened",
        "columns": {
            "subject": "店铺（或无店铺的对象）网址",
            "findings": "发现数",
            "checks": "命中的检查项数",
            "reopened": "解决后再次出现的次数",
            "open": "未解决的发现数",
            "check_ids": "检查项",
        },
    },
    "crawl_errors": {"title": "抓取错误", "facets": ["kind"], "sort_desc": "id"},
    "unjudged": {
        "title": "未能判定 (unjudged)",
        "description": "检查“未公示”类问题时，可能载有该信息的页面未被读取（未抓取、robots 禁止、"
        "错误、站外或达到页数上限）：不是发现，需另行核实。",
        "facets": ["check_id"],
    },
    "unfetched": {"title": "未跟随的链接 (robots / off-site)", "facets": ["reason"]},
}

# short Chinese column titles, shown as the tables' headings (the column's name on hover)
LABELS = {
    "id": "编号",
    "check_id": "检查项",
    "severity": "严重程度",
    "subject_type": "对象类型",
    "subject_url": "对象网址",
    "message": "发现说明",
    "snippet": "证据摘录",
    "first_seen": "首次发现（UTC）",
    "last_seen": "最后发现（UTC）",
    "status": "状态",
    "first_run": "首次发现批次",
    "last_run": "最后抓取批次",
    "resolved_at": "解决时间（UTC）",
    "reopened": "再次出现次数",
    "shop_url": "所属店铺",
    "exported_at": "导出时间（UTC）",
    "actor": "导出人",
    "what": "导出内容",
    "via": "导出方式",
    "sha256": "SHA-256",
    "bytes": "字节数",
    "finding_id": "发现编号",
    "capture_id": "采集记录编号",
    "run_id": "抓取批次",
    "kind": "类型",
    "about": "所属采集记录",
    "url": "网址",
    "method": "请求方法",
    "fetched_at": "采集时间（UTC）",
    "http_status": "HTTP 状态码",
    "content_type": "内容类型",
    "size": "字节数",
    "warc_file": "WARC 文件",
    "warc_offset": "WARC 偏移",
    "warc_length": "WARC 长度",
    "warc_record_id": "WARC 记录编号",
    "record_sha256": "记录 SHA-256",
    "prev_hash": "上一条链哈希",
    "chain_hash": "链哈希",
    "name": "名称",
    "registered_name": "登记名称",
    "uscc": "统一社会信用代码",
    "operator": "经营者",
    "legal_rep": "法定代表人",
    "phones": "联系电话",
    "emails": "电子邮箱",
    "addresses": "地址",
    "permits": "许可证/备案编号",
    "listings": "商品数",
    "title": "标题",
    "category": "类目",
    "price": "售价（元）",
    "description": "描述",
    "claims": "宣传用语",
    "host_name": "主播",
    "host_verified": "主播已实名",
    "sellers": "带货店铺/经营者",
    "badge": "绿色直播间标识",
    "samples": "采样次数",
    "role": "页面角色",
    "facts": "抽取的事实",
    "canonical": "规范网址",
    "started": "开始（UTC）",
    "finished": "结束（UTC）",
    "config_hash": "配置哈希",
    "config_path": "配置文件",
    "start_urls": "起始网址",
    "pages": "页面数",
    "errors": "抓取错误数",
    "rooms_rendered": "渲染的直播间",
    "findings_new": "新增发现",
    "findings_persisting": "持续存在",
    "findings_resolved": "已整改",
    "findings_reopened": "重新出现",
    "health": "运行健康",
    "stats": "统计",
    "by_check": "按检查项统计",
    "at": "时间（UTC）",
    "reason": "原因",
    "reasons": "原因",
    "shared": "共用的是什么",
    "value": "代码或电话",
    "shops": "店铺数",
    "names": "店铺名称",
    "operators": "经营者名称数",
    "urls": "店铺网址",
    "subject": "对象",
    "findings": "发现数",
    "checks": "检查项数",
    "open": "未解决数",
    "check_ids": "检查项",
}

HIDDEN = [
    "search_docs",
    "search_queue",
    "search_meta",
    "shop_phones",
    "subjects_seen",
    "sqlite_sequence",
    *(f"search_{t}" for t in ("listings", "shops", "rooms", "findings")),
]

QUERIES = {
    "new_findings": {
        "title": "自某日起的新发现",
        "description": "首次发现时间在该日期（含）之后的问题，最新的在前。日期格式：2026-01-31。",
        "sql": (
            "SELECT id, check_id, severity, subject_type, subject_url, status, first_seen, "
            "last_seen, message FROM findings WHERE first_seen >= :since "
            "ORDER BY first_seen DESC LIMIT 1000"
        ),
    },
    "by_uscc": {
        "title": "按统一社会信用代码查询",
        "description": "与一个统一社会信用代码有关的一切：使用它的店铺、这些店铺的商品与直播间、以及相关发现。",
        "sql": """WITH s AS (SELECT url, name, operator, registered_name FROM shops
            WHERE uscc = upper(trim(:uscc))),
          subjects AS (SELECT url FROM s UNION SELECT url FROM listings
            WHERE shop_url IN (SELECT url FROM s))
        SELECT '店铺' AS kind, sh.url AS url, sh.name AS name,
               coalesce(sh.registered_name, sh.operator) AS detail, NULL AS finding_id,
               NULL AS check_id, NULL AS status
          FROM shops sh WHERE sh.url IN (SELECT url FROM s)
        UNION ALL
        SELECT '发现', f.subject_url, f.message, f.severity, f.id, f.check_id, f.status
          FROM findings f WHERE f.subject_url IN (SELECT url FROM subjects)
        UNION ALL
        SELECT '商品', l.url, l.title, l.category, NULL, NULL, NULL
          FROM listings l WHERE l.shop_url IN (SELECT url FROM s)
        UNION ALL
        SELECT '直播间', r.url, r.title, r.host_name, NULL, NULL, NULL
          FROM rooms r WHERE EXISTS (SELECT 1 FROM s, json_each(CASE WHEN json_valid(r.sellers)
            THEN r.sellers ELSE '[]' END) j
            WHERE j.value IN (s.url, s.name, s.operator, s.registered_name))
        LIMIT 2000""",
    },
    "shared_licences": {
        "title": "共用执照或电话的店铺",
        "description": "同一统一社会信用代码或同一联系电话出现在多家店铺：一证多用、借用执照的线索。"
        "（汇总于每次分析之后）",
        "sql": "SELECT * FROM shared_contacts ORDER BY shops DESC, value LIMIT 1000",
    },
    "repeat_offenders": {
        "title": "屡犯：反复出现或多项违规的店铺",
        "description": "解决后又再次出现（reopened）的发现，或同一店铺（含其商品）命中多项检查。"
        "（汇总于每次分析之后）",
        "sql": (
            "SELECT * FROM offenders ORDER BY reopened DESC, checks DESC, findings DESC LIMIT 1000"
        ),
    },
    "rooms_by_operator": {
        "title": "按经营者查直播间",
        "description": "带货店铺或经营者名称（或店铺网址）与输入一致的直播间。",
        "sql": """WITH ops AS MATERIALIZED (SELECT url, name FROM shops
            WHERE :operator != '' AND (operator = :operator OR registered_name = :operator
              OR name = :operator OR url = :operator))
        SELECT r.url, r.title, r.host_name, r.host_verified, r.sellers, r.badge
          FROM rooms r
         WHERE :operator != '' AND (instr(r.sellers, :operator) > 0
            OR EXISTS (SELECT 1 FROM ops WHERE instr(r.sellers, ops.url) > 0
                       OR instr(r.sellers, ops.name) > 0))
         LIMIT 1000""",
    },
}

for _table, _title in (
    ("listings", "搜索商品"),
    ("shops", "搜索店铺"),
    ("rooms", "搜索直播间"),
    ("findings", "搜索发现"),
):
    QUERIES[f"search_{_table}"] = {
        "title": f"{_title}（中文全文检索）",
        "description": "输入中文或英文词语，空格分隔多个词（同时满足）；按相关度排序。",
        "sql": search_sql(_table, limit="100"),
    }


def metadata(database: str, db_path: str, *, users: dict[str, str] | None = None) -> dict:
    """The metadata dict for one served database file; `users`: account name → hash."""
    tables = {name: dict(conf) for name, conf in TABLES.items()}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    plugins: dict = {"greenroom": {"database": database, "db_path": db_path}}
    if users:
        plugins["datasette-auth-passwords"] = {
            "http_basic_auth": True,
            **{f"{name}_password_hash": hashed for name, hashed in users.items()},
        }
    return {
        "title": "greenroom 网络交易合规检查",
        "description": "绿色直播间 / 十要十不准 合规检查结果：发现的问题、店铺、商品、直播间与原始证据。",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
        "plugins": plugins,
    }
