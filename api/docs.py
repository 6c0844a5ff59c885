"""The API's documentation page, written from its own OpenAPI schema: each endpoint
with its filters and the fields of its records, so the page cannot drift from
what the API does."""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator


@functools.cache
def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def _describe(prop, components):
    """A property's type in words: 'integer', 'date', 'one of: a, b', 'list of Group'…"""
    nullable = prop.get("nullable", False)
    for key in ("allOf", "oneOf"):
        if key in prop:
            parts = [_describe(p, components) for p in prop[key]]
            words = " or ".join(p for p in parts if p != "blank")
            return (
                (words + ", or empty")
                if "blank" in parts
                else (words + (", or null" if nullable else ""))
            )
    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        target = components.get(name, {})
        words = (
            _describe(target, components)
            if "enum" in target
            else f"{name.removesuffix('Ref')} (id and name)"
            if name.endswith("Ref")
            else name
        )
    elif "enum" in prop:
        values = [v for v in prop["enum"] if v not in ("", None)]
        if not values:
            return "blank"
        words = "one of: " + ", ".join(str(v) for v in values)
    elif prop.get("type") == "array":
        words = "list of " + _describe(prop.get("items", {}), components)
    else:
        words = prop.get("format") or prop.get("type", "any")
        if words == "uri":
            words = "web address"
        if "example" in prop:
            words += f", for example {prop['example']}"
    return words + (", or null" if nullable else "")


def _fields(schema, components):
    """The fields of the records an operation returns, from its 200 response."""
    content = schema["responses"]["200"]["content"]["application/json"]["schema"]
    name = _ref_name(content["$ref"])
    component = components[name]
    if "results" in component.get("properties", {}):
        name = _ref_name(component["properties"]["results"]["items"]["$ref"])
        component = components[name]
    required = set(component.get("required", []))
    return [
        {
            "name": field,
            "type": _describe(prop, components),
            "notes": prop.get("description", "")
            + ("" if field in required else " Not always present."),
        }
        for field, prop in component["properties"].items()
    ]


def _parameters(schema, components):
    return [
        {
            "name": p["name"],
            "type": _describe(p.get("schema", {}), components),
            "description": p.get("description", ""),
        }
        for p in schema.get("parameters", [])
        if p["in"] == "query"
    ]


def endpoints():
    """Each endpoint: its list and detail paths, what it is, its filters and fields."""
    schema = _schema()
    components = schema["components"]["schemas"]
    found = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        base = path.split("{", 1)[0]
        entry = found.setdefault(base, {"path": base, "detail": None})
        if "{" in path:
            entry["detail"] = path
        else:
            entry.update(
                name=get.get("summary", base),
                anchor=base.strip("/").rsplit("/", 1)[-1],
                description=get.get("description", ""),
                parameters=_parameters(get, components),
                fields=_fields(get, components),
            )
    return [entry for entry in found.values() if "name" in entry]


@login_required
def docs(request):
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": endpoints(),
            "schema_url": request.build_absolute_uri(reverse("api:schema")),
            "api_root": request.build_absolute_uri("/api/v1/"),
            "token_days": settings.API_TOKEN_DAYS,
        },
    )
