"""The staff console's settings on AWS: the networks staff work from reach the app; the
demo member of staff never exists on a deployed stage."""

import pytest

from infra.aws import template


def test_staff_networks_reach_the_apps_environment():
    settings = template.load_settings("prod")
    assert template.environment(settings)["STAFF_NETWORKS"] == ""
    settings["staff_ip_allowlist"] = ["198.51.100.0/24", "2001:db8::/32"]
    assert template.environment(settings)["STAFF_NETWORKS"] == "198.51.100.0/24,2001:db8::/32"


@pytest.mark.parametrize("stage", ["dev", "staging", "prod"])
def test_the_demo_member_of_staff_refuses_a_deployed_stage(stage):
    from chalicelib.config import settings
    from chalicelib.staff import demo

    object.__setattr__(settings, "stage", stage)
    try:
        with pytest.raises(RuntimeError):
            demo.seed(None, {})
    finally:
        object.__setattr__(settings, "stage", "test")
