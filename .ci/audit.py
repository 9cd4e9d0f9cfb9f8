"""make audit: known vulnerabilities in the installed packages, honest about what it could not check.

pip-audit asks PyPI's advisory database about every installed distribution. Where PyPI cannot
be reached it reports each package as "not found" and still says "No known vulnerabilities
found"; this wrapper says instead that the database could not be reached.

Exit status: 0 no known vulnerability, 1 vulnerabilities found (listed with the versions that
fix them), 3 the vulnerability database could not be reached for some packages (a check that
did not run must not look like a pass).
"""

import json
import subprocess
import sys

FOUND, UNREACHABLE = 1, 3


def main() -> int:
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [
            sys.executable,
            *("-m", "pip_audit", "--local", "--skip-editable", "--progress-spinner", "off"),
            *("--format", "json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"audit: could not reach the vulnerability database: {last}")
        return UNREACHABLE

    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unchecked = [
        d for d in dependencies if "skip_reason" in d and "editable" not in d["skip_reason"]
    ]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases", []))
            print(
                f"{dependency['name']} {dependency['version']}: {vuln['id']}"
                f"{f' ({aliases})' if aliases else ''}; fixed in {fixed}"
            )
    checked = len(dependencies) - len(unchecked)
    if unchecked:
        print(
            f"audit: could not reach the vulnerability database for {len(unchecked)} of "
            f"{len(dependencies)} packages (PyPI's JSON API; is the network closed?); they were "
            f"not checked: {', '.join(d['name'] for d in unchecked[:10])}"
            f"{' …' if len(unchecked) > 10 else ''}"
        )
    if vulnerable:
        print(f"audit: {len(vulnerable)} package(s) with known vulnerabilities")
        return FOUND
    if unchecked:
        return UNREACHABLE
    print(f"audit: no known vulnerabilities in {checked} installed packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
