"""The JSON twins of the supervision and data pages are described in OpenAPI by their response models, and
what they answer fits those models: every declared field is there, with its declared type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel

from tests.datagov.test_data import World as DataWorld
from tests.supervision.test_supervision import plan_id
from tests.web.test_web_supervision import World, csrf
from zhengce.access import accounts
from zhengce.web.routes import campaigns, data, data_catalog, data_requests, issues, supervision, tasks


def _served() -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) of every /api route of the supervision and data routers."""
    return [(method, route.path, route) for router in supervision.ROUTERS + data.ROUTERS for route in router.routes
            if isinstance(route, APIRoute) and route.path.startswith("/api")
            for method in sorted(route.methods - {"HEAD"})]


def _schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_every_api_route_shows_a_response_schema(tmp_path: Path) -> None:
    world = World(tmp_path)
    spec = world.client().get("/openapi.json").json()
    served = _served()
    assert len(served) >= 40
    for method, path, route in served:
        operation = spec["paths"][path][method.lower()]
        content = operation["responses"]["200"]["content"]
        schema = _schema(spec, next(iter(content.values()))["schema"])
        assert schema.get("properties") or schema.get("format") == "binary", (method, path, schema)
        if method == "GET" and route.response_model is not None:  # pages: the declared fields are described
            assert all(p.get("description") for p in schema["properties"].values()), (path, schema)
        if method == "POST":  # forms: what they take is described too
            assert operation["requestBody"]["content"]["application/json"]["schema"], path
    report = spec["paths"]["/api/campaign/{campaign_id}/task/{task_id}/report"]["post"]
    assert "percent" in report["requestBody"]["content"]["application/json"]["schema"]["properties"]


def _fits(model: type[BaseModel], got: dict[str, Any]) -> None:
    assert set(model.model_fields) <= set(got), set(model.model_fields) - set(got)
    model.model_validate(got)


def test_real_answers_fit_their_models(tmp_path: Path) -> None:
    world = World(tmp_path)
    for name in ("office", "boss", "finance"):
        client = world.client(name)
        _fits(campaigns.CampaignPage, client.get(f"/api/campaign/{world.cid}").json())
        _fits(tasks.TaskPage, client.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json())
        _fits(issues.Ledger, client.get(f"/api/campaign/{world.cid}/issues").json())
        _fits(issues.IssuePage, client.get(f"/api/issue/{world.issue}").json())
        _fits(campaigns.Campaigns, client.get("/api/campaigns").json())


def test_real_data_answers_fit_their_models(tmp_path: Path) -> None:
    world = DataWorld(tmp_path)
    civil = world.client("civil")
    catalog = civil.get("/api/data").json()
    _fits(data_catalog.Catalog, catalog)
    assert [r["id"] for r in catalog["resources"]] == [world.insured]
    for resource in catalog["resources"]:
        _fits(data_catalog.Resource, resource)
    _fits(data_catalog.Resource, civil.get(f"/api/data/resource/{world.insured}").json())
    filed = civil.post("/api/data/requests", json={"kind": "share", "resource_id": world.insured, "purpose": "核对"},
                       headers={"x-csrf-token": csrf(civil, "/data")})
    assert filed.status_code == 200, filed.text
    _fits(data_requests.DataRequest, filed.json())
    _fits(data_requests.DataRequest, civil.get(filed.json()["url"].replace("/data", "/api/data", 1)).json())
    _fits(data_requests.Requests, civil.get("/api/data/requests").json())
    _fits(data_requests.Dashboard, world.client("office").get("/api/data/dashboard").json())


def test_every_supervision_page_answers_what_its_model_declares(tmp_path: Path) -> None:
    world = World(tmp_path)
    ids = {"campaign_id": world.cid, "task_id": world.finance_task, "issue_id": world.issue, "year": 2025}
    pages = [(path, route.response_model) for method, path, route in _served()
             if method == "GET" and route.response_model is not None and path.startswith(("/api/campaign", "/api/issue",
                                                                                          "/api/me", "/api/account",
                                                                                          "/api/calendar", "/api/audit"))]
    assert len(pages) >= 14
    answered = set()
    for name in (None, "office", "boss", "finance"):
        client = world.client(name)
        for path, model in pages:
            for query in ("", "?cycle=1", f"?unit={world.finance}", "?year=2025"):
                got = client.get(path.format(**ids) + query)
                assert got.status_code in (200, 400, 401, 403), (name, path, query, got.status_code)
                if got.status_code == 200:
                    _fits(model, got.json())
                    answered.add(path)
    assert len(answered) == len(pages), {p for p, _ in pages} - answered


def test_the_data_forms_json_twins_answer_what_their_models_declare(tmp_path: Path) -> None:
    world = DataWorld(tmp_path)
    civil, hr = (world.client() for _ in range(2))
    civil.headers["Authorization"] = f"Bearer {accounts.new_token(world.engine, 'civil', 'test')}"
    hr.headers["Authorization"] = f"Bearer {accounts.new_token(world.engine, 'hr', 'test')}"
    filed = civil.post("/api/data/requests", json={"kind": "share", "resource_id": world.insured, "purpose": "核对",
                                                   "items": ["姓名", "参保状态"]})
    _fits(data_requests.DataRequest, filed.json())
    granted = hr.post(f"/api/data/request/{filed.json()['id']}/act", json={"action": "grant"})
    assert granted.status_code == 200, granted.text
    _fits(data_requests.DataRequest, granted.json())
    grant = civil.get(f"/api/data/request/{filed.json()['id']}").json()["grants"][0]["id"]
    records = civil.get(f"/api/data/grant/{grant}/records")
    _fits(data_requests.Records, records.json())
    assert records.json()["records"][0] == {"姓名": "赵**", "参保状态": "正常"}
    suspended = hr.post(f"/api/data/grant/{grant}/suspend", json={"reason": "超出用途使用"})
    _fits(data_requests.Grant, suspended.json())
    assert suspended.json()["state"] == "suspended"
    changed = hr.post(f"/api/data/resource/{world.insured}/change", json={"on": "2024-10-01", "note": "法规修订"})
    _fits(data_catalog.Resource, changed.json())
    assert changed.json()["change_note"] == "法规修订"


def test_the_supervision_forms_json_twins_answer_what_their_models_declare(tmp_path: Path) -> None:
    world = World(tmp_path)
    office = world.client()
    office.headers["Authorization"] = f"Bearer {accounts.new_token(world.engine, 'office', 'test')}"
    models = {path: route.response_model for method, path, route in _served() if method == "POST"}
    answered = set()

    def post(path: str, body: dict[str, Any], **ids: Any) -> dict[str, Any]:
        got = office.post(path.format(cid=world.cid, **ids), json=body)
        assert got.status_code == 200, (path, got.text)
        pattern = path.replace("{cid}", "{campaign_id}")
        for name in ids:
            pattern = pattern.replace("{" + name + "}", "{" + name + "_id}")
        _fits(models[pattern], got.json())
        answered.add(pattern)
        return got.json()  # type: ignore[no-any-return]

    post("/api/campaigns", {"document_id": plan_id(world.engine), "name": "第二个督办事项"})
    post("/api/campaign/{cid}/edit", {"name": "改名的督办事项"})
    tid = post("/api/campaign/{cid}/tasks", {"text": "补充一项任务", "lead": "县财政局"})["id"]
    post("/api/campaign/{cid}/task/{task}/edit", {"heading": "补充"}, task=tid)
    post("/api/campaign/{cid}/task/{task}/assign", {"unit": "县司法局", "role": "support"}, task=tid)
    post("/api/campaign/{cid}/task/{task}/unassign", {"unit_id": world.justice}, task=tid)
    post("/api/campaign/{cid}/task/{task}/comment", {"text": "抓紧办理"}, task=tid)
    parts = post("/api/campaign/{cid}/task/{task}/split", {"parts": "甲项\n乙项"}, task=tid)["ids"]
    merged = post("/api/campaign/{cid}/merge", {"ids": ",".join(map(str, parts))})["id"]
    post("/api/campaign/{cid}/task/{task}/archive", {"reason": "不再督办"}, task=merged)
    iid = post("/api/campaign/{cid}/issues", {"title": "新问题", "unit": "县财政局"})["id"]
    post("/api/issue/{issue}/action", {"action": "comment", "note": "请尽快办结"}, issue=iid)
    post("/api/campaign/{cid}/settings", {"weight_issues": "10"})
    post("/api/campaign/{cid}/units", {"name": "县新设局", "kind": "department", "level": "county"})
    post("/api/campaign/{cid}/adjust", {"unit": "县财政局", "points": "1", "reason": "经验被推广"})
    token = post("/api/account/tokens", {"name": "脚本"})["tokens"][-1]["id"]
    post("/api/account/tokens/{token}/revoke", {}, token=token)
    assert len(answered) == 17
