"""`onrecord eval …`: thin commands over the evaluation functions of the same name."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(name="eval")
def eval_group() -> None:
    """Score onrecord on the evaluation corpora (see EVALUATION.md)."""


@eval_group.command()
@click.option("--split", default="dev", show_default=True, help="Split name, or a split folder.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write each whole-attribution false positive and false negative here as JSON lines.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles.")
@click.option(
    "--ceiling",
    is_flag=True,
    help="Keep exactly the findings the gold confirms instead of asking the confidence "
    "model: about the most today's patterns can reach.",
)
@click.option(
    "--scheme",
    type=click.Choice(["news", "polnear"]),
    default="news",
    show_default=True,
    help="What counts as an attribution: 'news' (onrecord's default, newsgold/GUIDELINES.md) "
    "what a source communicated; 'polnear' also unspoken attitudes (believes, hopes, is "
    "expected to), as PolNeAR's gold annotates them.",
)
def polnear(
    split: str, errors_path: Path | None, limit: int | None, ceiling: bool, scheme: str
) -> None:
    """Attribution accuracy on PolNeAR: role, whole-attribution and per-kind P/R/F1."""
    # imported here so that `onrecord --help` does not wait for spaCy
    from onrecord.evaluate.run import run_polnear

    folder = Path(split)
    target: str | Path = folder if (folder / "text").is_dir() else split
    try:
        evaluation = run_polnear(
            target,
            errors_path=errors_path,
            limit=limit,
            ceiling=ceiling,
            scheme="polnear" if scheme == "polnear" else "news",
        )
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    click.echo(evaluation.format())


@eval_group.command()
@click.option("--split", default="dev", show_default=True, help="Split name, or a split folder.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write each missed, spurious or partly wrong content part here as JSON lines.",
)
def news(split: str, errors_path: Path | None) -> None:
    """Attributions and speakers on modern news pages (newsgold/GUIDELINES.md): parts found,
    and speaker, titles, affiliations and fully right among them."""
    from onrecord.evaluate.run import run_news

    folder = Path(split)
    try:
        evaluation = run_news(folder if folder.is_dir() else split, errors_path=errors_path)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    click.echo(evaluation.format())


@eval_group.command()
@click.option(
    "--pages",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Benchmark folder with ground-truth.json and html/ (default: the corpora's extraction/).",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=2),
    default=1000,
    show_default=True,
    help="Bootstrap resamples behind the ± figures.",
)
def extraction(folder: Path | None, bootstrap: int) -> None:
    """Article-body extraction on the Zyte benchmark: onrecord and plain trafilatura, same pages."""
    from onrecord.evaluate.extraction import evaluate_extraction, format_scores

    try:
        scores = evaluate_extraction(folder, n_bootstrap=bootstrap)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    click.echo(format_scores(scores))
