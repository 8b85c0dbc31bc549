"""Every example in the OpenAPI document is valid for its model; every response model has one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel

from ipledger.api import bundle_models, cosigning_models, models, pages, witness_models
from ipledger.api.problems import Problem
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from tests.api.test_schema import _API_ROUTES

MODELS = [
    m
    for module in (models, bundle_models, pages, witness_models, cosigning_models)
    for m in vars(module).values()
    if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == module.__name__
]
DOCUMENTED = [m for m in MODELS if m.model_config.get("json_schema_extra")]


@pytest.mark.parametrize("model", DOCUMENTED, ids=lambda m: m.__name__)
def test_example_validates(model: type[BaseModel]) -> None:
    extra: Any = model.model_config["json_schema_extra"]
    for example in extra["examples"]:
        model.model_validate(example)


@pytest.mark.parametrize("route", _API_ROUTES, ids=lambda r: f"{sorted(r.methods)} {r.path}")
def test_every_response_model_has_an_example(route: APIRoute) -> None:
    declared = [route.response_model, *(r.get("model") for r in route.responses.values())]
    for model in declared:
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not Problem:
            assert model in DOCUMENTED, f"{route.path}: {model.__name__} has no example"


def test_example_hashes_are_real() -> None:
    meta = models._META
    assert metadata_hash(meta).hex() == models._META_HASH
    leaf = entry_leaf_hash(
        bytes.fromhex(models._DIGEST[7:]),
        bytes.fromhex(models._NONCE),
        metadata_hash(meta),
        1795996865123,
    )
    assert leaf.hex() == models._LEAF
