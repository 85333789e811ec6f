"""The program commands: today, pain, log, history, step, export, import, delete-all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hingecoach.atomic import write_text_atomic
from hingecoach.errors import HingecoachError, InputError
from hingecoach.program.pain import PainWhen, RedFlag, pain_decision
from hingecoach.program.plan import plan_dict
from hingecoach.store.defaults import DB_ENV, PROFILE_ENV, default_profile, utc_now

if TYPE_CHECKING:  # SQLAlchemy and Alembic load only when a command opens the store
    from hingecoach.store.sets import SetStore

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"SQLAlchemy database URL (or ${DB_ENV}); SQLite by default."),
]
ProfileOption = Annotated[
    str | None, typer.Option("--profile", help=f"Whose program (or ${PROFILE_ENV}).")
]
LoadOption = Annotated[
    float | None, typer.Option("--load-kg", min=0, max=500, help="Load lifted, kg in total.")
]
NoStoreOption = Annotated[
    bool, typer.Option("--no-store", help="Do not save this set in your history.")
]
console = Console(soft_wrap=True)  # sentences stay whole; the terminal wraps them


def open_store(db: str | None) -> SetStore:
    """The store at ``db`` (default URL otherwise), with old live-set files imported once."""
    from hingecoach.store.sets import SetStore
    from hingecoach.store.transfer import import_live_files
    from hingecoach.web.settings import default_data_dir

    store = SetStore.open(db)
    import_live_files(store, default_data_dir(), default_profile())
    return store


def store_analysis(
    record: dict[str, Any],
    db: str | None,
    profile: str | None,
    load_kg: float | None,
    variant: str | None = None,
) -> str:
    """Save an analysed set (from ``analyze``); return one line saying what happened.

    The analysis has been shown and written already, so a storage problem is reported in
    that line instead of failing the command.
    """
    try:
        store = open_store(db)
        try:
            saved = store.save_set(
                record, "cli", profile or default_profile(), variant=variant, load_kg=load_kg
            )
        finally:
            store.close()
    except HingecoachError as error:
        return f"Not saved to your history: {escape(str(error))}"
    if saved is None:
        return "No reps, so nothing was added to your history."
    return "Saved to your history (`hingecoach history`; `--no-store` skips this)."


def print_plan(plan: dict[str, Any]) -> None:
    """Print today's plan."""
    step = plan["step"]
    colour = "red" if plan["action"] in ("stop", "regress") else "green"
    if step is None:
        console.print(f"[bold {colour}]{escape(plan['reason'])}[/]")
        return
    console.print(
        f"[bold]Today ({escape(plan['profile'])}): step {step['number']} of {step['of']}, "
        f"{escape(step['name'])}[/bold] — {step['prescription']}, load: {escape(step['load'])}"
    )
    console.print(f"[{colour}]{escape(plan['reason'])}[/]")
    if "drill" in plan:
        console.print(f"Drill: [bold]{escape(plan['drill']['name'])}[/bold]: "
                      f"{escape(plan['drill']['how'])}")
    for title, lines in (("Set-up", step["setup"]), ("Cues", step["cues"])):
        console.print(f"[bold]{title}[/bold]")
        for line in lines:
            console.print(f"  • {escape(line)}")
    console.print(
        f"[bold]Feel it[/bold] in the {', '.join(step['feel_primary'])}; second, the "
        f"{', '.join(step['feel_secondary'])}."
    )
    console.print(f"[bold]Next step[/bold]: {escape(step['advance'])}")
    console.print("[bold]Practise in daily life[/bold]")
    for line in step["daily_life"]:
        console.print(f"  • {escape(line)}")
    console.print(f"[dim]{escape(plan['caution'])}[/dim]")


def today(db: DbOption = None, profile: ProfileOption = None) -> None:
    """Today's plan: your ladder step, how to do it, and why."""
    store = open_store(db)
    result = store.today(profile or default_profile())
    print_plan(plan_dict(store.ladder, result.decision, result.profile))
    console.print(escape(store.daily_practice(result.profile).sentence()))


def pain(
    rating: Annotated[str, typer.Argument(help="Pain now, 0 (none) to 10 (worst imaginable).")],
    when: Annotated[PainWhen, typer.Option(help="Before or after a session, or next morning.")] = (
        PainWhen.BEFORE
    ),
    flag: Annotated[
        list[RedFlag] | None,
        typer.Option("--flag", help="A red-flag symptom you have (repeat for several)."),
    ] = None,
    cleared: Annotated[
        bool, typer.Option(help="A clinician has seen you since a red flag and cleared you.")
    ] = False,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Record a pain check-in (0-10) and hear what it means for today."""
    from hingecoach.store.sets import checkin_of

    try:
        value = int(rating)
    except ValueError:
        raise InputError(
            f"Pain is rated from 0 (none) to 10 (worst imaginable); {rating!r} is not a number."
        ) from None
    store = open_store(db)
    who = profile or default_profile()
    store.add_pain(value, when, who, flags=flag or (), cleared=cleared)
    decision = pain_decision([checkin_of(row) for row in store.pain(who)], utc_now())
    console.print(f"Saved pain {value}/10 ({when.value}). {escape(decision.reason)}")


def log(
    variant: Annotated[str, typer.Option(help="Exercise variant id, e.g. dumbbell_rdl.")],
    reps: Annotated[int, typer.Option(min=1, max=100, help="Reps in each set.")],
    sets: Annotated[int, typer.Option(min=1, max=20, help="How many such sets.")] = 1,
    load_kg: LoadOption = None,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Log sets done without the camera (they count as practice, not for form)."""
    from hingecoach.program.ladder import VARIANTS

    if variant not in VARIANTS:
        raise InputError(f"{variant!r} is not a variant; use one of {', '.join(VARIANTS)}.")
    store = open_store(db)
    who = profile or default_profile()
    record = {"rep_count": reps, "score": None, "variant": variant, "logged": True}
    for _ in range(sets):
        store.save_set(record, "log", who, variant=variant, load_kg=load_kg)
    console.print(f"Logged {sets} × {reps} {variant} for {who}.")


def history(
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a trend page (HTML) here.")
    ] = None,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Your sessions: form scores, loads, faults and pain, as a table and a trend page."""
    store = open_store(db)
    who = profile or default_profile()
    table = Table(title=f"History of {who}")
    for column in ("date (UTC)", "source", "variant", "load kg", "reps", "score", "faults"):
        table.add_column(column)
    rows = store.sets(who)
    for row in rows:
        table.add_row(
            row.at.strftime("%Y-%m-%d %H:%M"), row.source, row.variant or "-",
            f"{row.load_kg:g}" if row.load_kg else "-", str(row.rep_count),
            f"{row.score:.0f}" if row.score is not None else "-", ", ".join(row.faults) or "-",
        )
    console.print(table)
    pains = store.pain(who)
    if pains:
        console.print("Pain: " + ", ".join(
            f"{p.at:%m-%d} {p.when} {p.value}" + (" (red flag)" if p.flags else "") for p in pains
        ))
    for change in store.step_changes(who):
        console.print(f"{change.at:%Y-%m-%d}: {change.from_step} → {change.to_step}: "
                      f"{escape(change.reason)}")
    if html is not None:
        from hingecoach.cli.extras import require_extra
        from hingecoach.cli.history_page import write_history_page

        require_extra("report", "The history page (--html)")

        write_history_page(html, store, who)
        console.print(f"Wrote {html}")


def step(
    step_id: Annotated[
        str | None, typer.Argument(help="Put yourself on this step (e.g. a physio's choice).")
    ] = None,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Show the ladder and your step, or choose a step."""
    store = open_store(db)
    who = profile or default_profile()
    if step_id is not None:
        store.set_step(step_id, who)
    with store.transaction() as session:
        current = store.profile_row(session, who).step_id
    for i, rung in enumerate(store.ladder.steps, start=1):
        mark = "→" if rung.id == current else " "
        console.print(f"{mark} {i}. {rung.id}: {escape(rung.name)} ({rung.prescription})")


def export(
    out: Annotated[Path | None, typer.Option("--out", help="File to write (stdout if absent).")]
    = None,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Export all of a person's data as JSON."""
    from hingecoach.store.transfer import export_profile

    data = json.dumps(export_profile(open_store(db), profile or default_profile()), indent=1)
    if out is None:
        typer.echo(data)
        return
    write_text_atomic(out, data + "\n")
    console.print(f"Wrote {out}")


def import_(
    file: Annotated[Path, typer.Argument(help="A file from `hingecoach export`.")],
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Import a person's data from an export file (already stored items are skipped)."""
    from hingecoach.store.transfer import import_profile, read_export

    store = open_store(db)
    data = read_export(file, store)
    added = import_profile(store, data, profile)
    console.print(f"Imported {added} sets and check-ins into {profile or data['profile']}.")


def delete_all(
    yes: Annotated[bool, typer.Option("--yes", help="Really delete, without asking.")] = False,
    db: DbOption = None,
    profile: ProfileOption = None,
) -> None:
    """Delete everything stored for a person (sets, pain, steps)."""
    who = profile or default_profile()
    if not yes and not typer.confirm(f"Delete all of {who}'s sets, pain check-ins and steps?"):
        raise typer.Exit(1)
    deleted = open_store(db).delete_all(who)
    console.print(f"Deleted all data of {who}." if deleted else f"Nothing stored for {who}.")


def register(app: typer.Typer) -> None:
    """Add the program commands to the ``hingecoach`` app."""
    for command in (today, pain, log, history, step, export):
        app.command(context_settings={"ignore_unknown_options": command is pain})(command)
    app.command("import")(import_)
    app.command("delete-all")(delete_all)
