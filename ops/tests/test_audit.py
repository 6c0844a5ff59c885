"""The supply-chain check judges the advisory reports as the issue asks."""

from ops import audit


def _dep(name, version="1.0", vulns=(), skip=None):
    dep = {"name": name, "version": version, "vulns": list(vulns)}
    if skip:
        dep["skip_reason"] = skip
    return dep


def test_a_known_python_vulnerability_fails_and_is_named():
    vuln = {"id": "PYSEC-2026-1", "fix_versions": ["1.0.1"]}
    status, lines = audit.judge_python(
        {"dependencies": [_dep("django"), _dep("pillow", "9.0", [vuln])]}
    )
    assert status == audit.FAILED
    assert lines == ["pillow 9.0: PYSEC-2026-1 (fixed in 1.0.1)"]


def test_python_packages_pass_when_audited_and_clean():
    status, lines = audit.judge_python(
        {"dependencies": [_dep("django"), _dep("ops-local", skip="not on PyPI")]}
    )
    assert status == audit.PASSED
    assert lines[0] == "1 packages audited, no known vulnerability"


def test_an_advisory_service_that_answers_nothing_is_not_a_pass():
    status, _ = audit.judge_python(
        {"dependencies": [_dep("django", skip="not found"), _dep("celery", skip="not found")]}
    )
    assert status == audit.UNREACHABLE


def _npm(**counts):
    base = {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 0}
    base.update(counts)
    base["total"] = sum(base.values())
    return {"metadata": {"vulnerabilities": base}, "vulnerabilities": {}}


def test_npm_high_or_critical_fails_moderate_passes():
    assert audit.judge_npm(_npm(moderate=2))[0] == audit.PASSED
    report = _npm(critical=1)
    report["vulnerabilities"] = {"sass": {"severity": "critical"}}
    status, lines = audit.judge_npm(report)
    assert status == audit.FAILED
    assert "sass: critical" in lines


def test_bandit_finds_no_high_severity_issue_in_our_code():
    status, lines = audit.own_code()
    assert status == audit.PASSED, lines


def test_unreachable_fails_unless_allowed(monkeypatch, capsys):
    monkeypatch.setattr(audit, "python_packages", lambda: (audit.UNREACHABLE, ["down"]))
    monkeypatch.setattr(audit, "npm_packages", lambda: (audit.PASSED, []))
    monkeypatch.setattr(audit, "own_code", lambda: (audit.PASSED, []))
    monkeypatch.setattr("sys.argv", ["audit.py"])
    assert audit.main() == 2
    monkeypatch.setattr("sys.argv", ["audit.py", "--allow-unreachable"])
    assert audit.main() == 0
    assert "NOT audited" in capsys.readouterr().out
