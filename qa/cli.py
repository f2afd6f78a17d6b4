"""The `qa` command line: parse arguments, call the engine once, format the result."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from index.domain.errors import QAError
from index.domain.model import KINDS, Filters
from index.ingest import read_document
from index.inspect import Inspection, inspect_text
from index.metadata import from_filename
from qa.config import MAX_K, Settings
from qa.engine import MODES, Engine
from qa.export import Turn
from qa.export_files import FORMATS, export
from qa.grades import GROUPS, counts, grade_rows, grades_payload

EXIT_ERROR = 1
EXIT_PARTIAL = 3


class Context:
    """Settings from global options; the engine is built on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(self.settings)
        return self._engine


class QAGroup(click.Group):
    """Turns project errors into one-line messages and exit code 1, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QAError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=QAGroup)
@click.version_option(package_name="treaty-qa")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Data directory [QA_DATA_DIR].")
@click.option(
    "--embedder",
    help="Embedding model: multilingual-e5-small (default), a "
    "sentence-transformers name or path [QA_EMBEDDER].",
)
@click.option(
    "--chroma-url", help="Use a Chroma server, e.g. http://127.0.0.1:8000 [QA_CHROMA_URL]."
)
@click.pass_context
def cli(ctx, data_dir, embedder, chroma_url):
    """Search and cite UN treaty-committee documents (concluding observations, follow-up)."""
    settings = Settings.from_env(data_dir=data_dir, embedder=embedder, chroma_url=chroma_url)
    ctx.obj = Context(settings)


@cli.command(name="index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def index_command(obj: Context, paths, rebuild, quiet, as_json):
    """Index files or folders (default: the bundled seeds/). Exit 3 when some files failed."""
    paths = list(paths) or [obj.settings.seeds_dir]
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{path} does not exist", param_hint="PATHS")
    report = obj.engine.index(paths, rebuild=rebuild, progress=not quiet and not as_json)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_report_text(report))
    for source, reason in report.skipped:
        click.echo(f"Skipped: {source}: {reason}", err=True)
    for source, reason in report.failed:
        click.echo(f"Failed: {source}: {reason}", err=True)
    if report.failed:
        sys.exit(EXIT_PARTIAL)


def _report_text(report) -> str:
    data = report.to_dict()
    counts = ", ".join(
        f"{data[key]} {key}" for key in ("added", "updated", "unchanged") if key in data
    )
    return f"Indexed: {counts}; {report.embedded} chunks embedded."


def _date_options(command):
    """--from and --to: only documents dated within the range (both ends included)."""
    dated = "(YYYY-MM-DD, YYYY-MM or YYYY; documents without a date are left out)"
    command = click.option(
        "--to", "date_to", metavar="DATE", help=f"Only documents dated up to DATE {dated}."
    )(command)
    return click.option(
        "--from", "date_from", metavar="DATE", help=f"Only documents dated from DATE {dated}."
    )(command)


@cli.command()
@click.argument("question")
@click.option("-k", type=click.IntRange(1, MAX_K), default=None, help="How many results.")
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="hybrid",
    show_default=True,
    help="Retrieval: dense and keyword fused, or one of them.",
)
@click.option("--symbol", help="Only this document symbol, e.g. CMW/C/AZE/CO/3.")
@click.option("--paragraph", type=int, help="Only this paragraph number.")
@click.option("--grade", help="Only this grade letter, e.g. C.")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of chunk.")
@click.option("--language", help="Only this language code, e.g. zh.")
@click.option("--state", "state_party", help="Only this State party, e.g. Azerbaijan.")
@_date_options
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON.")
@click.pass_obj
def search(obj: Context, question, k, mode, as_json, **filters):
    """Hybrid search; prints ranked excerpts with their citations."""
    grade = filters.get("grade")
    filters["grade"] = grade.strip("[]").upper() if grade else None
    _require_index(obj)
    hits = obj.engine.search(question, k=k, filters=Filters(**filters), mode=mode)
    _print_hits(hits, as_json, empty="No matching paragraph in the index.")


@cli.command()
@click.argument("question")
@click.option("-k", type=click.IntRange(1, MAX_K), default=None, help="How many hits to consider.")
@_date_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Export the answer with all its sources: Markdown, Word or CSV (a row per citation).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the export to this file (default: standard output).",
)
@click.pass_obj
def ask(obj: Context, question, k, date_from, date_to, as_json, fmt, output):
    """Answer a question with verbatim quotes and their citations."""
    _require_index(obj)
    dates = Filters(date_from=date_from, date_to=date_to)
    answer = obj.engine.ask(question, k=k, filters=dates)
    if fmt or output:
        _write_export([Turn(question, answer)], fmt or _format_of(output), output)
        return
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    for citation in answer.citations:
        click.echo(f"  [{citation.citation}] {citation.url or ''}")


@cli.command(short_help="Look up a paragraph, e.g. 'CMW/C/AZE/CO/3 para. 36(b)'.")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON.")
@click.option("--symbol", help="The document, when the reference names none.")
@click.pass_obj
def cite(obj: Context, reference, as_json, symbol):
    """Look up a paragraph: 'CMW/C/AZE/CO/3 para. 36(b)', 'para 36', '36(b)', '第36段(b)项'.

    Exits 1 when the symbol is not indexed (naming the closest) or a bare number is in
    several documents (listing them)."""
    hits = obj.engine.cite(reference, symbol=symbol)
    _print_hits(hits, as_json, empty=f"Not in the index: {reference}")
    if not hits:
        sys.exit(EXIT_ERROR)


@cli.command("inspect", short_help="What indexing reads in FILES: metadata, paragraphs, warnings.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the inspections as JSON.")
def inspect_files(files, as_json):
    """Show what indexing reads in FILES: metadata and its sources, paragraphs, warnings.

    Exits 1 when a file would be refused."""
    inspections = [inspect_file(Path(name)) for name in files]
    if as_json:
        payload = {"documents": [i.to_dict() for i in inspections]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for inspection in inspections:
            click.echo(render_inspection(inspection))
    if not all(i.accepted for i in inspections):
        sys.exit(EXIT_ERROR)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print documents as JSON.")
@click.pass_obj
def docs(obj: Context, as_json):
    """List indexed documents with their chunk counts."""
    records = obj.engine.documents()
    if as_json:
        payload = {"documents": [r.to_dict() for r in records]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not records:
        click.echo("No documents indexed yet; run `qa index`.")
    for record in records:
        data = record.to_dict()
        click.echo(
            f"{data['source']}\t{data.get('chunk_count')} chunks\t"
            f"{data.get('co_symbol') or data.get('symbol') or ''}\t{data.get('language')}"
        )


@cli.command()
@click.argument("doc")
@click.pass_obj
def remove(obj: Context, doc):
    """Remove one document (by its file name) from the index."""
    removed = obj.engine.remove(Path(doc).name)
    click.echo(f"Removed {Path(doc).name}: {removed} chunks.")


@cli.command(short_help="Run the web app (indexes the bundled seeds when empty).")
@click.option("--host", help="Address to bind [QA_HOST, default 127.0.0.1].")
@click.option("--port", type=int, help="Port [QA_PORT, default 7860].")
@click.pass_obj
def serve(obj: Context, host, port):
    """Run the web app (indexing the bundled seeds first if the index is empty)."""
    from qa.server import serve as serve_web

    settings = obj.settings.with_(host=host or obj.settings.host, port=port or obj.settings.port)
    serve_web(settings)


def _print_hits(hits, as_json: bool, *, empty: str) -> None:
    if as_json:
        click.echo(json.dumps({"hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(empty, err=True)
    for rank, hit in enumerate(hits, 1):
        click.echo(f"{rank}. {hit.citation}  [{hit.chunk.kind}]  {hit.url or ''}")
        click.echo(textwrap.indent(hit.chunk.text.strip(), "   "))
        click.echo()


def inspect_file(path: Path):
    """The inspection of one file as `qa index` would read it (a refusal is an outcome)."""
    try:
        text, given = read_document(path)
    except QAError as error:
        return Inspection(path.name, False, {}, {}, warnings=(str(error),), error=str(error))
    return inspect_text(text, path.name, given, from_filename(path))


def render_inspection(inspection) -> str:
    """A plain-text inspection: fields with sources, paragraph map, warnings."""
    lines = [f"== {inspection.source}" + ("" if inspection.accepted else "  REFUSED")]
    for name, value in inspection.fields.items():
        lines.append(f"  {name:<13} {value!s:<40} [{inspection.sources.get(name, '-')}]")
    for entry in inspection.paragraphs:
        items = f" ({','.join(entry.items)})" if entry.items else ""
        lines.append(f"  para. {entry.number:<6} {entry.kind:<15}{items} {entry.first_words}")
    lines += [f"  ! {warning}" for warning in inspection.warnings]
    return "\n".join(lines)


def _require_index(obj: Context) -> None:
    """Refuse to answer from an empty index: the user needs to index first, not a non-answer."""
    if not obj.engine.documents():
        raise click.ClickException(
            f"nothing is indexed in {obj.settings.data_dir} yet: run `qa index` "
            "(the bundled seeds) or `qa index PATH...` first"
        )


def _format_of(output: Path | None) -> str:
    """The export format named by the output file's suffix (.md, .docx, .csv)."""
    suffix = output.suffix.lstrip(".").lower() if output else ""
    if suffix not in FORMATS:
        raise click.BadParameter(
            f"say --format {'|'.join(FORMATS)} or name a .md, .docx or .csv file",
            param_hint="--output",
        )
    return suffix


def _write_export(turns: list[Turn], fmt: str, output: Path | None) -> None:
    """Write the export to `output`, or to standard output (bytes, for .docx too)."""
    content, _, _ = export(turns, fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(content)
    click.echo(f"Wrote {output} ({fmt}, {sum(len(t.answer.citations) for t in turns)} citations).")


@cli.command(short_help="Grades of the indexed follow-up assessments, by State.")
@click.option(
    "--by",
    type=click.Choice(GROUPS),
    default="state_party",
    show_default=True,
    help="Count the grades by State party, committee, paragraph or theme.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scale, assessments and counts.")
@click.pass_obj
def grades(obj: Context, by, as_json):
    """Where each State stands: the grades of the indexed follow-up assessments."""
    rows = grade_rows(obj.engine.assessments())
    if as_json:
        click.echo(json.dumps(grades_payload(rows), ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No follow-up assessment is indexed; run `qa index`.", err=True)
    for value, grade_counts in counts(rows, by).items():
        tally = "  ".join(f"[{grade}] {n}" for grade, n in sorted(grade_counts.items()))
        click.echo(f"{value}\t{tally}")
