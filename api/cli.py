"""The ``shiftplan`` command: write a roster template, solve a roster into a rota, check a rota."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from api.bench import bench_command
from api.check import check_rota, rota_horizon
from api.errors import RosterError
from api.files import replaced_atomically
from api.labels import Lang
from api.roster_io import read_roster
from api.rota_csv import read_rota, write_rota_csv
from api.rota_errors import RotaFileError
from api.rota_excel import write_rota_workbook
from api.summary import format_check_summary, format_solve_summary
from api.template import write_template
from models import Problem
from scheduler.result import SolveResult
from scheduler.solve import solve as solve_rota

app = typer.Typer(
    help="shiftplan: rotas from roster workbooks, checked against every rule.",
    no_args_is_help=True,
    add_completion=False,
)

OUTPUT_SUFFIXES = (".xlsx", ".csv", ".json")

StartOption = Annotated[
    dt.datetime | None,
    typer.Option("--start", formats=["%Y-%m-%d"], help="First day of the rota (YYYY-MM-DD)."),
]
WeeksOption = Annotated[
    int | None, typer.Option("--weeks", min=1, max=52, help="Length of the rota in weeks.")
]
DaysOption = Annotated[
    int | None, typer.Option("--days", min=1, help="Length of the rota in days (instead of weeks).")
]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the Excel file: en or zh.")]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _horizon_days(weeks: int | None, days: int | None) -> int | None:
    if weeks is not None and days is not None:
        _fail("Give either --weeks or --days, not both.")
    return days if days is not None else (None if weeks is None else weeks * 7)


def _language(lang: str) -> Lang:
    if lang == "en":
        return "en"
    if lang == "zh":
        return "zh"
    _fail(f"--lang {lang!r} is not supported; expected en or zh.")


def _load_roster(path: Path, start: dt.datetime | None, days: int | None) -> Problem:
    try:
        return read_roster(path, start=None if start is None else start.date(), days=days)
    except RosterError as error:
        _fail(f"The roster cannot be read ({len(error.problems)} problems):\n{error}")


def _write_rota(problem: Problem, result: SolveResult, out: Path, lang: Lang) -> None:
    assert result.rota is not None and result.report is not None
    with replaced_atomically(out) as temporary:
        if out.suffix == ".csv":
            write_rota_csv(result.rota, temporary)
        elif out.suffix == ".json":
            temporary.write_text(result.model_dump_json(indent=2), encoding="utf-8")
        else:
            write_rota_workbook(
                problem, result.rota, result.report, temporary, lang=lang, result=result
            )


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the blank roster workbook (.xlsx).")],
) -> None:
    """Write a blank roster workbook with an instructions sheet and example rows."""
    if path.suffix != ".xlsx":
        _fail(f"{path}: a roster template is an Excel workbook; give a path ending in .xlsx")
    with replaced_atomically(path) as temporary:
        write_template(temporary)
    typer.echo(
        f"Wrote {path}: fill in the sheets, then run: shiftplan solve {path} --start YYYY-MM-DD"
    )


@app.command()
def solve(
    roster: Annotated[
        Path, typer.Argument(help="Roster: .xlsx workbook, CSV folder or .zip, or .json.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Rota file: .xlsx, .csv or .json.")] = Path(
        "out/rota.xlsx"
    ),
    start: StartOption = None,
    weeks: WeeksOption = None,
    days: DaysOption = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds.")] = 30.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Solver threads.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the solver.")] = 0,
    lang: LangOption = "en",
) -> None:
    """Draw the best rota for a roster and write it as Excel, CSV or JSON."""
    if out.suffix not in OUTPUT_SUFFIXES:
        _fail(f"--out {out}: expected a file ending in {', '.join(OUTPUT_SUFFIXES)}")
    language = _language(lang)
    problem = _load_roster(roster, start, _horizon_days(weeks, days))
    result = solve_rota(problem, time_limit_s=time_limit, workers=workers, seed=seed)
    typer.echo(format_solve_summary(problem, result))
    if result.rota is None:
        raise typer.Exit(1)
    _write_rota(problem, result, out, language)
    typer.echo(f"\nWrote {out}")


@app.command()
def check(
    rota: Annotated[Path, typer.Argument(help="Rota to check: .xlsx (Rota sheet) or .csv.")],
    roster: Annotated[Path, typer.Option("--roster", help="The roster the rota is for.")],
    start: StartOption = None,
    weeks: WeeksOption = None,
    days: DaysOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the full report as .xlsx.")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Check any rota, also one drawn by hand: every hard rule, coverage, hours and the objective.

    The horizon is the rota's own dates unless --start and --weeks/--days are given. Exits with 1
    when the rota breaks a hard rule.
    """
    language = _language(lang)
    horizon = _horizon_days(weeks, days)
    if start is None and horizon is None and (span := rota_horizon(rota)) is not None:
        # The rota's own dates are the horizon to check, whatever the roster was last solved for.
        start, horizon = dt.datetime.combine(span[0], dt.time()), span[1]
    problem = _load_roster(roster, start, horizon)
    try:
        assignments = read_rota(rota, problem)
    except RotaFileError as error:
        _fail(f"The rota cannot be read:\n{error}")
    report = check_rota(problem, assignments)
    typer.echo(format_check_summary(problem, report))
    if out is not None:
        with replaced_atomically(out) as temporary:
            write_rota_workbook(problem, assignments, report, temporary, lang=language)
        typer.echo(f"\nWrote {out}")
    if not report.is_valid:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
) -> None:
    """Start the web app: pages, and the JSON API under /api. Settings: SHIFTPLAN_* variables."""
    import uvicorn

    from api.web.app import create_app
    from api.web.settings import Settings

    settings = Settings()
    typer.echo(
        f"shiftplan on http://{host}:{port} (API docs at /docs), data in {settings.database_url}"
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


app.command(name="bench")(bench_command)


def main() -> None:
    """Entry point for ``python -m api.cli``."""
    sys.exit(app())


if __name__ == "__main__":
    main()
