"""The nightly schedule is written once (flows/schedule.toml); prefect.yaml repeats it for `prefect deploy`."""

from __future__ import annotations

from pathlib import Path

import yaml

from core.dates import BRUSSELS
from flows.serve import DEPLOYMENT_NAME, nightly_schedule, schedule_settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_declares_the_schedule_of_flows_schedule_toml():
    deployments = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    [nightly] = [d for d in deployments if d["name"] == DEPLOYMENT_NAME]
    [schedule] = nightly["schedules"]

    assert {"cron": schedule["cron"], "timezone": schedule["timezone"]} == schedule_settings()


def test_the_schedule_is_in_the_project_time_zone():
    assert schedule_settings()["timezone"] == BRUSSELS.key
    assert nightly_schedule().cron == schedule_settings()["cron"]
