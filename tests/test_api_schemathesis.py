"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis):
no server error, every status and body as documented, on the invented database."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

import serve_data
from newsblotter.api import create_app

_TMP = tempfile.TemporaryDirectory(prefix="newsblotter-schemathesis-")
APP = create_app(serve_data.build(Path(_TMP.name) / "st.db"), token="token-for-schemathesis")
# An opaque cursor the server did not issue is a client error (400, documented): the one
# schema-valid input the server may refuse.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404"]}
        }
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate()
