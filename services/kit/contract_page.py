"""The event contract as a page people read (事件目录), beside /asyncapi.json: made from the
same document (kit.contract), written by `deploy/local/onewindow sdl` to
gateway/contract/events.html and served by the gateway at /events. No script; one table per
event family, each event's data fields and an example."""

import html
import json

from .contract import VERSIONING, asyncapi_document

FAMILIES = {
    "application": "申请", "case": "办件", "clock": "时限", "correction": "补正",
    "complaint": "效能投诉", "supervision_case": "电子监察", "finding": "责任追究",
    "sanction": "处理决定", "appeal": "申诉", "rating": "好差评", "petition": "信访件",
    "inquiry": "咨询", "joint": "联合审批", "staff": "工作人员", "webhook": "订阅",
    "department_system": "部门业务系统",
}


def _type_of(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if kind == "array":
        return f"{_type_of(schema.get('items', {}))}[]"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return kind


def _event(message: dict, channel: dict) -> str:
    name = message["name"]
    data = message["payload"]["properties"]["data"]
    required = set(data.get("required", []))
    rows = "".join(
        f"<tr><td><code>{html.escape(field)}</code></td>"
        f"<td>{html.escape(_type_of(schema))}</td>"
        f"<td>{'是' if field in required else '否'}</td></tr>"
        for field, schema in data.get("properties", {}).items())
    example = json.dumps(message["examples"][0]["payload"], ensure_ascii=False, indent=2)
    return (f'<section id="{html.escape(name)}"><h3><code>{html.escape(name)}</code> '
            f'<small>{html.escape(message["title"])}</small></h3>'
            f"<p>{html.escape(message['summary'])}</p>"
            f"<p class=\"muted\">{html.escape(channel.get('description', ''))}</p>"
            f"<table><thead><tr><th>data 字段</th><th>类型</th><th>必有</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<details><summary>示例</summary><pre>{html.escape(example)}</pre></details>"
            "</section>")


def rendered_page() -> str:
    document = asyncapi_document()
    messages = document["components"]["messages"]
    channels = {c["address"]: c for c in document["channels"].values()}
    families: dict[str, list[dict]] = {}
    for message in sorted(messages.values(), key=lambda m: m["name"]):
        families.setdefault(message["name"].split(".")[0], []).append(message)
    toc = "".join(
        f"<li><strong>{html.escape(FAMILIES.get(family, family))}</strong> "
        + " ".join(f'<a href="#{html.escape(m["name"])}"><code>{html.escape(m["name"])}'
                   f"</code></a>" for m in found) + "</li>"
        for family, found in families.items())
    body = "".join(
        f"<h2>{html.escape(FAMILIES.get(family, family))} <code>{html.escape(family)}.*</code>"
        f"</h2>" + "".join(_event(m, channels[m["name"]]) for m in found)
        for family, found in families.items())
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>事件目录 · 政务服务中心平台</title>
<link rel="stylesheet" href="/pages/style.css">
<style>table{{border-collapse:collapse;margin:.5rem 0}}td,th{{border:1px solid #ccd;
padding:.2rem .5rem;text-align:left}}th{{background:#e8ecf4;color:#111}}pre{{background:#f6f8fa;padding:.5rem;overflow:auto}}
section{{margin:1.5rem 0}}.muted{{color:#555}}</style></head>
<body><main>
<h1>事件目录（Event catalogue）</h1>
<p>平台发布的全部 {len(messages)} 种事件，均为 CloudEvents 1.0（JSON）。机器可读的同一份契约：
<a href="/asyncapi.json">/asyncapi.json</a>（AsyncAPI 3.0）。部门业务系统通过签名的 Webhook
接收这些事件（Standard Webhooks：<code>webhook-id</code>、<code>webhook-timestamp</code>、
<code>webhook-signature</code>，HMAC-SHA256），订阅由管理员或本部门负责人通过 GraphQL
（<code>registerWebhookSubscriber</code>）登记；按 <code>webhook-id</code> 去重，同一办件的事件按序到达。</p>
<p>{html.escape(VERSIONING)}</p>
<nav><ul>{toc}</ul></nav>
{body}
</main></body></html>
"""
