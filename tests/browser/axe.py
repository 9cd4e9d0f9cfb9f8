"""axe-core's accessibility rules on the page a browser test is looking at.

axe-playwright-python bundles axe-core and injects it through Playwright (DevTools, not a
script tag, so the site's CSP stays as it is); nothing is downloaded.
"""

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


def axe_violations(page) -> list[str]:
    """One line per violation: the rule, its impact and the first elements it names."""
    results = _AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe: " + " | ".join(violations)
