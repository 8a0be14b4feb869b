"""The API describes itself: every JSON endpoint declares a response model, OpenAPI shows its schema, and
what the endpoints answer on a real library is what their models say (the HTML twin renders too)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from tests.db.test_store import LATER, PLAN
from zhengce.calc import CALCULATORS
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path, parse_text
from zhengce.web.app import create_app
from zhengce.web.routes import calc, document, eligibility, library, lifecycle, search

NOT_YET: frozenset[str] = frozenset()  # JSON endpoints allowed without a response schema: none


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    engine = open_store(str(tmp_path_factory.mktemp("openapi") / "o.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    for path in sorted(folder.glob("*.txt"))[:2]:  # the gazettes holding the calculators' and rules' documents
        store_parsed(engine, parse_path(path), path.stat().st_size)
    for name, content in (("plan.txt", PLAN), ("later.txt", LATER)):
        store_parsed(engine, parse_text(content, name), len(content))
    return TestClient(create_app(engine=engine))


def _success_schema(operation: dict[str, Any]) -> dict[str, Any]:
    """The schema of the success answer: of its JSON body, or of the file it sends (a download under /api)."""
    answer = operation["responses"].get("200") or operation["responses"].get("201") or {}
    content = answer.get("content", {})
    if "application/json" not in content and any(kind.startswith("application/") for kind in content):
        kind = next(k for k in content if k.startswith("application/"))
        schema = content[kind].get("schema", {})
        return {"properties": schema} if schema.get("format") == "binary" else {}
    return content.get("application/json", {}).get("schema", {})  # type: ignore[no-any-return]


def _api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in spec["paths"].items() if path.startswith("/api")
            for method, op in item.items() if method in {"get", "post"}]


def test_every_json_endpoint_has_a_response_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = _api_operations(spec)
    assert len(operations) > 60
    bare = [f"{method} {path}" for method, path, op in operations
            if path not in NOT_YET and not {"$ref", "properties"} & set(_success_schema(op))]
    assert bare == []
    described = spec["components"]["schemas"]["SearchPage"]["properties"]
    assert described["results"]["items"] == {"$ref": "#/components/schemas/SearchHit"}
    assert described["total"]["description"] == "命中文件数"


def test_not_yet_lists_only_endpoints_still_without_a_schema(client: TestClient) -> None:
    operations = _api_operations(client.get("/openapi.json").json())
    assert sorted(NOT_YET - {path for _, path, _ in operations}) == []  # no typo, no endpoint that is gone
    bare = {path for _, path, op in operations if not {"$ref", "properties"} & set(_success_schema(op))}
    assert sorted(NOT_YET - bare) == [], "these have a response model now: remove them from NOT_YET"


def _doc_id(client: TestClient, number: str) -> int:
    return int(client.get("/api/search", params={"q": number}).json()["results"][0]["id"])


def _pages(client: TestClient) -> list[tuple[str, type[BaseModel]]]:
    plan = _doc_id(client, "南政办发〔2024〕12号")
    unit = client.get(f"/api/doc/{plan}/plan").json()["units"][0]["unit_id"]
    rule = client.get("/api/eligibility/rules").json()["rules"][0]["rule"]
    return [
        ("/", library.HomePage), ("/search?q=数据", search.SearchPage), (f"/doc/{plan}", document.DocumentPage),
        (f"/doc/{plan}/plan", library.PlanPage), (f"/unit/{unit}", library.UnitPage), ("/units", library.UnitsPage),
        ("/issuer/南河市人民政府办公室", library.ListingPage), ("/registry", lifecycle.RegistryReport),
        ("/expiring?months=120&as_of=2024-01-01", lifecycle.ExpiryAlerts),
        ("/cleanup?issuer=南河市人民政府&before=2030-01-01", lifecycle.CleanupSheet), ("/impact", lifecycle.Impact),
        ("/calc", calc.CalculatorList), ("/calc/deed-tax-subsidy", calc.CalculatorAbout),
        ("/eligibility/rules", eligibility.Rules), (f"/eligibility/rules/{rule}", eligibility.RulePage),
    ]


def test_answers_are_what_the_models_declare_and_the_pages_render(client: TestClient) -> None:
    filled: list[str] = []  # the lists that held items: their item models were checked too
    for path, model in _pages(client):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        answer = client.get("/api" + (path if path != "/" else ""))
        assert answer.status_code == 200, path
        model.model_validate_json(answer.text, strict=True)  # types as declared, JSON numbers stay numbers
        filled += [key for key, value in answer.json().items() if isinstance(value, list) and value]
    assert {"recent", "results", "tasks", "targets", "units", "documents", "findings", "rules"} <= set(filled)
    status = client.get("/api/status", params={"doc": "南政办发〔2024〕12号"})
    assert document.StatusPage.model_validate_json(status.text, strict=True).stored
    questions = client.get("/api/eligibility/questions")
    assert eligibility.Questions.model_validate_json(questions.text, strict=True).keys


def test_posted_answers_are_what_the_models_declare(client: TestClient) -> None:
    for name in ("deed-tax-subsidy", "housing-subsidy"):
        got = client.post(f"/api/calc/{name}", json=CALCULATORS[name].example)
        result = calc.CalcResult.model_validate_json(got.text, strict=True)
        assert result.steps and got.json()["calculator"] == name  # undeclared fields pass through
    profile = {"kind": "person", "county": "冷水滩区", "purchase_date": "2024-08-15", "home_type": "new_residential",
               "deed_tax_paid": "12000", "children": 2}
    got = client.post("/api/eligibility/match", json=profile, params={"on": "2024-10-01"})
    assert eligibility.MatchResult.model_validate_json(got.text, strict=True).answers


def test_optional_fields_the_data_leaves_out_stay_out(client: TestClient) -> None:
    sheet = client.get("/api/cleanup", params={"issuer": "南河市人民政府", "before": "2030-01-01"}).json()
    assert "notice" not in sheet  # declared with a default, not added as null
    assert "notice" in client.get("/api/cleanup").json()
