"""Supply-chain checks: known vulnerabilities in the Python and npm packages, and
bandit's static analysis of our own code.

    python ops/audit.py [--allow-unreachable]

Fails (exit 1) on any known vulnerability in an installed Python package, any
high or critical npm advisory, or any high-severity bandit finding. When an
advisory service cannot be reached, the check cannot vouch for anything: it
says so and fails (exit 2), unless --allow-unreachable is given, in which case
it says so loudly and carries on with the checks that did run.
"""

import argparse
import json
import shutil
import subprocess  # nosec B404 - fixed commands, no shell, no user input
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

PASSED, FAILED, UNREACHABLE = "passed", "FAILED", "UNREACHABLE"


def _run(*cmd):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)  # nosec B603


def _last_error(stderr):
    """The line of a tool's error output that says what went wrong."""
    lines = [ln for ln in stderr.splitlines() if ln.strip() and "log of this run" not in ln]
    return lines[-1].strip() if lines else "no answer"


def python_packages():
    """pip-audit over every package installed beside this interpreter."""
    done = _run(str(BIN / "pip-audit"), "--format", "json", "--progress-spinner", "off")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return UNREACHABLE, [_last_error(done.stderr)]
    return judge_python(report)


def judge_python(report):
    deps = report.get("dependencies", [])
    vulns = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or 'no release'})"
        for d in deps
        for v in d.get("vulns", [])
    ]
    audited = [d for d in deps if "skip_reason" not in d]
    if vulns:
        return FAILED, vulns
    if not audited:
        return UNREACHABLE, [
            f"none of {len(deps)} packages could be looked up in the advisory service"
        ]
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in deps if "skip_reason" in d]
    return PASSED, [f"{len(audited)} packages audited, no known vulnerability", *skipped]


def npm_packages():
    """npm audit of package-lock.json: high and critical advisories fail."""
    npm = shutil.which("npm")
    if not npm:
        return FAILED, ["npm is not installed"]
    done = _run(npm, "audit", "--json", "--audit-level=high")
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if "error" in report or "metadata" not in report:
        reason = report.get("error", {}).get("summary") or _last_error(done.stderr)
        return UNREACHABLE, [f"npm audit: {reason}"]
    return judge_npm(report)


def judge_npm(report):
    counts = report["metadata"]["vulnerabilities"]
    serious = counts.get("high", 0) + counts.get("critical", 0)
    summary = ", ".join(f"{k} {v}" for k, v in counts.items() if k != "total")
    if serious:
        names = [
            f"{name}: {v['severity']}"
            for name, v in report.get("vulnerabilities", {}).items()
            if v["severity"] in ("high", "critical")
        ]
        return FAILED, [summary, *names]
    return PASSED, [f"no high or critical advisory ({summary})"]


def own_code():
    """bandit over the project's own code: any high-severity finding fails."""
    done = _run(
        str(BIN / "bandit"), "-c", "pyproject.toml", "-r", ".", "--severity-level", "high",
        "--format", "json", "--quiet",
    )  # fmt: skip
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return FAILED, [done.stderr.strip() or "bandit gave no report"]
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    if findings or done.returncode not in (0, 1):
        return FAILED, findings or [done.stderr.strip()]
    files = len(report["metrics"]) - 1
    return PASSED, [f"{files} files, no high-severity finding"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--allow-unreachable",
        action="store_true",
        help="report an unreachable advisory service without failing",
    )
    args = parser.parse_args()
    results = {
        "Python packages (pip-audit)": python_packages(),
        "npm packages (npm audit)": npm_packages(),
        "Our code (bandit)": own_code(),
    }
    for name, (status, lines) in results.items():
        print(f"{name}: {status}")
        for line in lines:
            print(f"  {line}")
    statuses = {status for status, _ in results.values()}
    if FAILED in statuses:
        return 1
    if UNREACHABLE in statuses:
        if args.allow_unreachable:
            print("WARNING: an advisory service was unreachable; those packages were NOT audited.")
            return 0
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
