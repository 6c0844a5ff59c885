"""There is no container engine here, so check the compose file against the project:
every service is there, every command and module it names exists."""

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_has_every_production_service_with_a_healthcheck():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat", "backup"}
    for name, service in services.items():
        if name != "migrate":  # a step that runs once, not a service to watch
            assert "healthcheck" in service, name
    assert "--appendonly" in " ".join(services["redis"]["command"])
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_it_names_only_modules_and_commands_that_exist():
    services = _compose()["services"]
    web = " ".join(services["web"]["command"])
    assert "config.wsgi:application" in web
    assert "migrate" not in web  # migrations run once, in their own step
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat", "backup"):
        needs = services[name]["depends_on"]
        assert needs["migrate"] == {"condition": "service_completed_successfully"}, name
        assert needs["postgres"] == {"condition": "service_healthy"}, name
    assert set(services["migrate"]["depends_on"]) == {"postgres", "redis"}
    importlib.import_module("config.wsgi")
    for name in ("worker", "beat"):
        command = services[name]["command"]
        assert command[:3] == ["celery", "-A", "config"], command
        assert command[3] == name
    from django.core.management import get_commands

    for cmd in ("migrate", "collectstatic"):
        assert cmd in get_commands()
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_it_uses_named_volumes_and_an_example_env_file():
    compose = _compose()
    assert {"postgres-data", "redis-data", "media"} <= set(compose["volumes"])
    example = (ROOT / ".env.example").read_text()
    for variable in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_URL"):
        assert f"{variable}=" in example
    for name in ("web", "worker", "beat"):
        assert compose["services"][name]["env_file"] == [".env"]
    assert (ROOT / "Dockerfile").exists()


def test_web_scales_and_the_backup_runs_inside_the_stack():
    services = _compose()["services"]
    # Each web replica takes its own host port from a range: --scale web=3 does not clash.
    (ports,) = services["web"]["ports"]
    host, container = ports.rsplit(":", 1)
    assert container == "8000" and "-" in host, ports
    backup = services["backup"]
    assert backup["command"][:3] == ["python", "ops/backups.py", "nightly"]
    assert "backups:/backups" in backup["volumes"] and "media:/app/media:ro" in backup["volumes"]
    assert backup["healthcheck"]["test"][1:4] == ["python", "ops/backups.py", "status"]
    assert "backups" in _compose()["volumes"]
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text(), "pg_dump in the image"
