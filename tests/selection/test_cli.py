"""The command line: `python -m opencall.selection` and `manage.py optimise`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opencall.selection import cli

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

INSTANCE: dict[str, Any] = {
    "pools": {"editorial_hours": 100, "sponsorship_usd": 5000},
    "max_events": 2,
    "hubs": {"esa": {"min": 1}},
    "applications": [
        {
            "ref": "EV-1",
            "hub": "ap",
            "offers": [
                {"type": "editorial", "value": 10, "cost": {"editorial_hours": 60}},
                {"type": "sponsorship_funding", "value": 9, "cost": {"sponsorship_usd": 4000}},
            ],
        },
        {
            "ref": "EV-2",
            "hub": "esa",
            "offers": [{"type": "editorial", "value": 4, "cost": {"editorial_hours": 30}}],
        },
        {
            "ref": "EV-3",
            "hub": "ap",
            "offers": [
                {"type": "sponsorship_funding", "value": 8, "cost": {"sponsorship_usd": 2000}}
            ],
        },
    ],
}


def write(tmp_path: Path, data: Any, name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_main_prints_the_optimal_selection_as_json(tmp_path: Path, capsys) -> None:
    assert cli.main([str(write(tmp_path, INSTANCE))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal"
    assert out["value"] == 23.0
    assert out["gap"] == 0.0
    assert [(s["ref"], s["offers"]) for s in out["selected"]] == [
        ("EV-1", ["editorial", "sponsorship_funding"]),
        ("EV-2", ["editorial"]),
    ]
    assert out["pools_left"] == {"editorial_hours": 10.0, "sponsorship_usd": 1000.0}
    assert [b["detail"] for b in out["binding"]] == [
        "pool sponsorship_usd: 1000 left, less than any offer not granted needs from it "
        "(at least 2000)",
        "the number of events is at its most: 2",
        "hub esa at its minimum: 1",
    ]
    assert out["left_out"] == [
        {
            "ref": "EV-3",
            "why": [
                # EV-2 is worth less, but it alone holds hub esa at its minimum
                "the number of events is at its most (2), and its whole request is worth 8, "
                "not more than the least valuable selected application that could make room "
                "(EV-1: 19)",
                "sponsorship_funding needs 1000 more in sponsorship_usd (1000 left)",
            ],
            "needs": [
                {
                    "offers": ["sponsorship_funding"],
                    "value": 8.0,
                    "short": {"sponsorship_usd": 1000.0},
                }
            ],
        }
    ]
    assert "greedy" not in out


def test_compare_greedy_adds_the_baseline_and_the_gain(tmp_path: Path, capsys) -> None:
    assert cli.main([str(write(tmp_path, INSTANCE)), "--compare-greedy"]) == 0
    baseline = json.loads(capsys.readouterr().out)["greedy"]
    assert baseline["status"] == "heuristic"
    assert baseline["value"] == 23.0
    assert baseline["value_gained"] == 0.0
    assert baseline["percent_gained"] == 0.0


def test_infeasible_instance_exits_0_with_the_explanation(tmp_path: Path, capsys) -> None:
    data = {**INSTANCE, "hubs": {"esa": {"min": 2}}}
    assert cli.main([str(write(tmp_path, data))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible"
    assert out["value"] is None
    assert out["explanation"] == [
        "hub esa: its minimum is 2, but only 1 of its applications (out of 1) can be supported"
    ]


def test_bad_field_exits_2_naming_its_json_path(tmp_path: Path, capsys) -> None:
    data = json.loads(json.dumps(INSTANCE))
    data["applications"][0]["offers"][1]["cost"]["sponsorship_usd"] = -5
    assert cli.main([str(write(tmp_path, data))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: applications[0].offers[1].cost.sponsorship_usd: must be a number >= 0\n"
    )


def test_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert cli.main([str(tmp_path / "absent.json")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'absent.json'}: no such file\n"


def test_bad_option_exits_2_with_usage(tmp_path: Path, capsys) -> None:
    assert cli.main([str(write(tmp_path, INSTANCE)), "--time-limit", "-1"]) == 2
    assert "--time-limit: '-1' must be a finite number >= 0" in capsys.readouterr().err


def test_solver_chatter_on_stdout_is_sent_to_stderr(capfd) -> None:
    with cli.solver_chatter_to_stderr():
        os.write(1, b"chatter from C\n")
    print("json", flush=True)
    captured = capfd.readouterr()
    assert captured.out == "json\n"
    assert captured.err == "chatter from C\n"


# -- as separate processes ---------------------------------------------------------


def run(*args: str, buffered: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if buffered:  # as a script's pipe has it: this machine's environment says unbuffered
        env.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        [PYTHON, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.slow
def test_manage_py_optimise_prints_the_selection(tmp_path: Path) -> None:
    done = run("manage.py", "optimise", str(write(tmp_path, INSTANCE)), "--compare-greedy")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["status"], out["value"], out["greedy"]["value"]) == ("optimal", 23.0, 23.0)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "error"),
    [
        ('{"pools": {"usd": -1}, "applications": []}', "pools.usd: capacity must be a number >= 0"),
        ('{"pools": {}, "applications": [', "not valid JSON: Expecting value: line 1 column 32"),
        (
            '{"pools": {}, "applications": [{"ref": "A", "locked": "yes"}]}',
            'applications[0].locked: must be "in", "out" or null',
        ),
    ],
)
def test_manage_py_optimise_on_bad_input_exits_2_without_traceback(
    tmp_path: Path, content: str, error: str
) -> None:
    done = run("manage.py", "optimise", str(write(tmp_path, content)))
    assert done.returncode == 2
    assert error in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_manage_py_optimise_on_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("manage.py", "optimise", str(tmp_path / "absent.json"))
    assert (done.returncode, "Traceback" in done.stderr) == (2, False)
    assert "absent.json: no such file" in done.stderr


@pytest.mark.slow
def test_python_m_runs_without_importing_django(tmp_path: Path) -> None:
    path = write(tmp_path, INSTANCE)
    code = (
        "import sys; from opencall.selection.cli import main; rc = main([sys.argv[1]]); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)"
    )
    done = run("-c", code, str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "optimal"
    assert run("-m", "opencall.selection", str(path)).returncode == 0


@pytest.mark.slow
def test_python_m_refuses_a_bad_file_before_loading_the_solver(tmp_path: Path) -> None:
    # Start-up is most of a small run (docs/optimiser.md): HiGHS loads only to solve.
    path = write(tmp_path, {"pools": {"hours": -1}, "applications": []})
    code = (
        "import sys; from opencall.selection.cli import main; rc = main([sys.argv[1]]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'highspy', 'numpy', 'ctypes'})); "
        "sys.exit(rc)"
    )
    done = run("-c", code, str(path))
    assert (done.returncode, done.stdout) == (2, "[]\n")
    assert "pools.hours: capacity must be a number >= 0" in done.stderr


@pytest.mark.slow
def test_python_m_writes_the_whole_answer_through_a_pipe(tmp_path: Path, capsys) -> None:
    # The command leaves without the interpreter's teardown (__main__.py): what it printed
    # must still all reach the pipe: 100 kB, past any buffer, and a small answer.
    many = {
        "pools": {"hours": 1000},
        "applications": [
            {"ref": f"EV-{n}", "offers": [{"type": "t", "value": n % 7 + 1, "cost": {"hours": 3}}]}
            for n in range(600)
        ],
    }
    path = write(tmp_path, many)
    assert cli.main([str(path)]) == 0
    in_process = json.loads(capsys.readouterr().out)
    done = run("-m", "opencall.selection", str(path), buffered=True)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 65_536
    assert done.stdout.endswith("}\n")
    through_pipe = json.loads(done.stdout)
    assert {**through_pipe, "seconds": 0} == {**in_process, "seconds": 0}
    small = run("-m", "opencall.selection", str(write(tmp_path, INSTANCE)), buffered=True)
    assert json.loads(small.stdout)["status"] == "optimal"  # all of it held in the buffer
    bad = run(
        "-m", "opencall.selection", str(write(tmp_path, {"pools": {"hours": -1}}, "bad.json"))
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "pools.hours: capacity must be a number >= 0" in bad.stderr
