"""The JSON twins of the supervision and data pages are described in OpenAPI by their response models, and
what they answer fits those models: every declared field is there, with its declared type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel

from tests.datagov.test_data import World as DataWorld
from tests.web.test_web_supervision import World, csrf
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
