"""The command line: parse flags, call one core function, render its result.

Everything here is edge: it knows Typer and the terminal; the core knows
neither. Users' mistakes arrive as ScaffoldError and leave as one line on stderr
with the exit code DESIGN.md names.

Annotations are evaluated where they are written (no `from __future__ import
annotations`): Typer reads every command's signature at start-up, and string
annotations would make it compile each one again. What a command needs beyond
Typer is imported inside it.
"""

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from scaffold import __version__
from scaffold.errors import InputUnreadable, ScaffoldError, UsageError
from scaffold.output import Output

EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="serverless-new",
    help="Create production-ready AWS serverless projects, upgrade them, lint them.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print one JSON document describing the result.")
]
QuietFlag = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
VerboseFlag = Annotated[
    bool, typer.Option("--verbose", "-v", help="Print details, and tracebacks.")
]


def _show_version(value: bool) -> None:
    if value:
        print(f"serverless-new {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def interactive(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Without a command: ask every question on the terminal, then create ./NAME."""
    if context.invoked_subcommand is not None:
        return
    if not sys.stdin.isatty():
        raise UsageError(
            "serverless-new asks its questions on a terminal; without one, run "
            "serverless-new create NAME --defaults (and flags for other answers)"
        )
    _create(given={}, output=Output(), parent=Path("."), use_defaults=False)


@app.command()
def create(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Project name: lowercase kebab-case, starts with a letter, "
            "at most 40 characters.",
            show_default=False,
        ),
    ] = None,
    description: Annotated[
        str | None, typer.Option(help="One line that says what the service does.")
    ] = None,
    runtime: Annotated[
        str | None,
        typer.Option(help="python3.13 (default), python3.12 or nodejs22.x."),
    ] = None,
    arch: Annotated[str | None, typer.Option(help="arm64 (default) or x86_64.")] = None,
    api: Annotated[
        str | None, typer.Option(help="http (default), rest or none.")
    ] = None,
    events: Annotated[
        str | None,
        typer.Option(
            help="Comma list of sqs, dynamodb-stream, s3, sns, eventbridge, "
            "schedule; or none (default)."
        ),
    ] = None,
    iac: Annotated[
        str | None, typer.Option(help="sam (default), cdk-python or cdk-typescript.")
    ] = None,
    vpc: Annotated[
        str | None, typer.Option(help="none (default), new or existing.")
    ] = None,
    nat: Annotated[
        bool | None,
        typer.Option(
            "--nat/--no-nat",
            help="With --vpc new: a NAT gateway for calls to the internet "
            "(default off; about 36 USD a month).",
            show_default=False,
        ),
    ] = None,
    tracing: Annotated[
        bool | None,
        typer.Option(
            "--tracing/--no-tracing",
            help="X-Ray active tracing and the Powertools tracer (default off).",
            show_default=False,
        ),
    ] = None,
    alarms: Annotated[
        bool | None,
        typer.Option(
            "--alarms/--no-alarms",
            help="CloudWatch alarms to an SNS topic (default on).",
            show_default=False,
        ),
    ] = None,
    ci: Annotated[str | None, typer.Option(help="github (default) or none.")] = None,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder to create NAME in.", show_default="."
        ),
    ] = Path("."),
    data_file: Annotated[
        Path | None,
        typer.Option(
            "--data-file",
            help="YAML or JSON file of answers; flags win over it.",
            show_default=False,
        ),
    ] = None,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", "-y", help="Take defaults; never ask."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="List the files it would write; write nothing."),
    ] = False,
    json_output: JsonFlag = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
) -> None:
    """Create ./NAME, asking only what the flags leave open."""
    output = Output(json_mode=json_output, quiet=quiet, verbose=verbose)
    output.configure_logging()

    flags = {
        "project_name": name,
        "description": description,
        "runtime": runtime,
        "arch": arch,
        "api": api,
        "events": events,
        "iac": iac,
        "vpc": vpc,
        "nat": nat,
        "tracing": tracing,
        "alarms": alarms,
        "ci": ci,
    }
    given = _read_data_file(data_file) if data_file else {}
    given.update({key: value for key, value in flags.items() if value is not None})
    _create(
        given=given,
        output=output,
        parent=output_dir,
        use_defaults=defaults,
        dry_run=dry_run,
    )


@app.command()
def check(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="Project folder, or one template or source file."
        ),
    ] = Path("."),
    output_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="text (default), json or sarif."
        ),
    ] = "text",
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 on findings of this severity or above: error (default), "
            "warning or info.",
        ),
    ] = "error",
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="RULE",
            help="Rule id to leave out (repeatable).",
            show_default=False,
        ),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print every rule and exit.")
    ] = False,
    verbose: VerboseFlag = False,
) -> None:
    """Lint a SAM, CloudFormation or CDK project and its handler code."""
    import os

    from scaffold.check import ReportFormat, Severity, run_check
    from scaffold.check.report import RuleCatalogue, render_report, render_rules

    output = Output(verbose=verbose)
    output.configure_logging()
    choices = {
        "--format": (output_format, ReportFormat),
        "--fail-on": (fail_on, Severity),
    }
    for flag, (value, allowed) in choices.items():
        if value not in {choice.value for choice in allowed}:
            names = ", ".join(choice.value for choice in allowed)
            raise UsageError(f"{flag} {value}: choose one of {names}")
    report_format = ReportFormat(output_format)
    if list_rules:
        output.result(RuleCatalogue(), render_rules(report_format).splitlines())
        return

    report = run_check(path, ignore=ignore or ())
    colour = output.stdout.isatty() and not os.environ.get("NO_COLOR")
    rendered = render_report(report, report_format, colour=colour)
    output.result(report, rendered.splitlines())
    if report.failing(Severity(fail_on)):
        raise typer.Exit(1)


ConflictOption = Annotated[
    str,
    typer.Option(
        "--conflict",
        help="inline (default): conflict markers in the file; rej: a .rej file "
        "beside it.",
    ),
]
DryRunFlag = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
]


@app.command()
def update(
    path: Annotated[
        Path, typer.Argument(help="The generated project.", show_default=".")
    ] = Path("."),
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Template version to go to (default: this installation's)."
        ),
    ] = None,
    conflict: ConflictOption = "inline",
    dry_run: DryRunFlag = False,
    json_output: JsonFlag = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
) -> None:
    """Merge this installation's template version into a project, keeping edits."""
    from scaffold.upgrade import update_project

    output = Output(json_mode=json_output, quiet=quiet, verbose=verbose)
    output.configure_logging()
    output.progress(f"Updating {path.resolve().name} ...")
    result = update_project(path, to=to, conflict=conflict, dry_run=dry_run)
    _report_merge(result, output)


@app.command()
def add(
    what: Annotated[
        list[str],
        typer.Argument(
            metavar="WHAT... [PATH]",
            help="Event sources (sqs, dynamodb-stream, s3, sns, eventbridge, "
            "schedule), api http|rest, vpc new|existing, nat, alarms, tracing; "
            "then the project folder (default: .).",
        ),
    ],
    conflict: ConflictOption = "inline",
    dry_run: DryRunFlag = False,
    json_output: JsonFlag = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
) -> None:
    """Add event sources, an API, a VPC, alarms or tracing to a project."""
    from scaffold.upgrade import add_to_project

    output = Output(json_mode=json_output, quiet=quiet, verbose=verbose)
    output.configure_logging()
    words, path = _split_path(what)
    output.progress(f"Adding {' '.join(words)} to {path.resolve().name} ...")
    result = add_to_project(path, words, conflict=conflict, dry_run=dry_run)
    _report_merge(result, output)


def _split_path(words: list[str]) -> tuple[list[str], Path]:
    """WHAT... [PATH]: the last word is the path when it names a folder."""
    if len(words) > 1 and (Path(words[-1]).is_dir() or "/" in words[-1]):
        return words[:-1], Path(words[-1])
    return words, Path(".")


def _report_merge(result: Any, output: Output) -> None:
    name = result.project.name
    lines = list(result.notes)
    if result.up_to_date and not result.dry_run:
        lines.append(f"{name} is up to date ({result.to_version}).")
    else:
        verb = "Would change" if result.dry_run else "Changed"
        versions = (
            f" from {result.from_version} to {result.to_version}"
            if result.from_version != result.to_version
            else ""
        )
        lines.append(
            f"{verb} {name}{versions}: {len(result.created)} created, "
            f"{len(result.changed)} changed, {len(result.removed)} removed, "
            f"{len(result.conflicts)} conflicts."
        )
        lines += [f"  created   {path}" for path in result.created]
        lines += [f"  changed   {path}" for path in result.changed]
        lines += [f"  removed   {path}" for path in result.removed]
        lines += [
            f"  conflict  {item.path} ({item.kind}): {item.advice}"
            for item in result.conflicts
        ]
        if not result.dry_run:
            lines.append("Review with git diff, then commit.")
    output.result(result, lines)
    if result.conflicts:
        count = len(result.conflicts)
        raise ScaffoldError(
            f"{count} conflict{'s' if count > 1 else ''} need you; see the list above"
        )


def _create(
    given: dict[str, Any],
    output: Output,
    parent: Path,
    use_defaults: bool,
    dry_run: bool = False,
) -> None:
    from scaffold.create import collect_answers, create_project
    from scaffold.template import installed_template

    template = installed_template()
    ask = None
    if not use_defaults and sys.stdin.isatty() and not output.json_mode:
        from scaffold.prompts import ask_on_terminal

        ask = ask_on_terminal
    answers = collect_answers(template, given, use_defaults=use_defaults, ask=ask)

    output.progress(f"Rendering {answers['project_name']} ...")
    result = create_project(template, answers, parent, dry_run=dry_run)

    if dry_run:
        lines = [f"would create {result.path}/{path}" for path in result.files]
    else:
        shown = _shown_path(result.path)
        lines = [
            f"Created {result.project} in {shown} ({len(result.files)} files).",
            f"Next: cd {shown} && make install && make test",
        ]
    output.result(result, lines)


def _shown_path(path: Path) -> str:
    try:
        return "./" + path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_data_file(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputUnreadable(f"--data-file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputUnreadable(f"--data-file {path}: cannot read it: {reason}") from None
    try:
        answers = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputUnreadable(
            f"--data-file {path}: not valid YAML or JSON{where}"
        ) from None
    if not isinstance(answers, dict):
        raise InputUnreadable(f"--data-file {path}: expected a mapping of answers")
    # Copier's own keys (such as _commit in an answers file) are not answers.
    return {str(key): value for key, value in answers.items() if str(key)[:1] != "_"}


def main() -> NoReturn:
    """The console script: run the app and turn every outcome into an exit code."""
    verbose = any(arg in ("-v", "--verbose") for arg in sys.argv[1:])
    try:
        outcome = app(standalone_mode=False, prog_name="serverless-new")
    except ScaffoldError as error:
        _fail(str(error), error.exit_code, verbose)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted", EXIT_INTERRUPTED, verbose)
    except typer.Exit as done:
        if done.exit_code == EXIT_INTERRUPTED:  # Typer's word for Ctrl-C
            _fail("interrupted", EXIT_INTERRUPTED, verbose)
        sys.exit(done.exit_code)
    except typer.TyperException as error:  # Typer's usage errors: exit code 2
        _fail(_usage_message(error), getattr(error, "exit_code", 2), verbose)
    except Exception as error:  # a bug: say so in one line, trace only with -v
        _fail(f"unexpected {type(error).__name__}: {error}", 1, verbose)
    sys.exit(outcome if isinstance(outcome, int) else 0)


def _usage_message(error: typer.TyperException) -> str:
    context = getattr(error, "ctx", None)
    command = context.command_path if context else "serverless-new"
    message = error.format_message() if hasattr(error, "format_message") else error
    return f"{command}: {message} (see {command} --help)"


def _fail(message: str, code: int, verbose: bool) -> NoReturn:
    if verbose:
        import traceback

        traceback.print_exc(file=sys.stderr)
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)
