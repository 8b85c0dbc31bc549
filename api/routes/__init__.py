"""The API's routers, one module per resource, each an APIRouter with its /v1 prefix."""
