"""`make bench`'s summary: the TARGET lines each bench prints, gathered into a table."""

from bench.run_all import Target, reports_of, table, targets_of

OUTPUT = """machine: Linux; 2 CPUs
round 1: 55 runs in 12.10 s
TARGET mkp proven optima: 55/55 at the published optimum (target 55/55) met
TARGET mkp wall time: 12.1 s for 55 runs (target < 10 s) not met
REPORT stress 1000 applications, seed 2022: time_limit in 60.0 s, proven gap 1.2e-04
"""


def test_each_target_line_is_read_with_its_figure_and_state() -> None:
    assert targets_of("mkp_bench.py", OUTPUT) == [
        Target(
            "mkp_bench.py",
            "mkp proven optima",
            "55/55 at the published optimum (target 55/55)",
            met=True,
        ),
        Target("mkp_bench.py", "mkp wall time", "12.1 s for 55 runs (target < 10 s)", met=False),
    ]


def test_the_table_names_missed_targets_and_failed_benches() -> None:
    text = table(targets_of("mkp_bench.py", OUTPUT), ["weight.py"])
    lines = text.splitlines()
    assert lines[0].split() == ["bench", "target", "figure", "state"]
    assert lines[2].endswith("met") and "mkp proven optima" in lines[2]
    assert lines[3].endswith("NOT MET") and "12.1 s for 55 runs" in lines[3]
    assert lines[4].startswith("weight.py") and lines[4].endswith("FAILED")


def test_report_lines_are_figures_without_a_target() -> None:
    assert reports_of(OUTPUT) == [
        "stress 1000 applications, seed 2022: time_limit in 60.0 s, proven gap 1.2e-04"
    ]
    assert len(targets_of("optimiser_bench.py", OUTPUT)) == 2  # a report is not a target
