"""``sphinx-gh-reveal import``: a Jekyll gh-reveal site becomes a Sphinx project.

The site is ``tests/fixtures/jekyll-site/`` (written for these tests: five
courses, one of them in chapters, a draft, images by ``/data/...`` and by
relative paths, Liquid, a layout and an include), plus the real corpus
courses wrapped into a site at run time. Every test imports a *copy* of the
site, and the source tree's hash is compared before and after.

The decks are checked against :mod:`gridspec`, which reads the course text,
never our parser.
"""

from __future__ import annotations

import hashlib
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sphinx_gh_reveal.cli.__main__ import main

from conftest import run_module
from gridspec import expected_deck

FIXTURE = Path(__file__).parent / "fixtures" / "jekyll-site"

#: Site path -> project path of every course and chapter of the fixture.
COURSES = {
    "_presentations/basics.md": "courses/basics.md",
    "_presentations/chaptered.md": "courses/chaptered.md",
    "_presentations/draft.md": "courses/draft.md",
    "_presentations/liquid.md": "courses/liquid.md",
    "_presentations/2019/archive.md": "courses/2019/archive.md",
}
CHAPTERS = {
    "_presentations/chaptered/images.md": "courses/chaptered/images.md",
    "_presentations/chaptered/containers.md": "courses/chaptered/containers.md",
    "_presentations/chaptered/more/volumes.md": "courses/chaptered/more/volumes.md",
}
ASSETS = {
    "data/diagram.svg": "data/diagram.svg",
    "data/handout.txt": "data/handout.txt",
    "_presentations/img/logo.png": "courses/img/logo.png",
    "assets/css/extra.css": "assets/css/extra.css",
}
GENERATED = ("conf.py", "index.md", "requirements.txt", ".readthedocs.yaml")

#: Warnings the fixture's builds may give: the course refers to an image
#: that was never committed (the import reports it too).
EXPECTED_WARNINGS = (
    re.compile(r"liquid\.md:18: WARNING: image file not readable: data/missing\.png"),
)
# --------------------------------------------------------------------------
# Helpers


def import_site(capsys, *args: str | Path) -> tuple[int, str, str]:
    """Run ``sphinx-gh-reveal import`` in-process: exit status, stdout, stderr."""
    code = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with a hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        )
        for path in sorted(root.rglob("*"))
    }


def sphinx_build(builder: str, src: Path, out: Path) -> subprocess.CompletedProcess:
    return run_module("sphinx", "-b", builder, "-q", "-d", out / ".doctrees", src, out)


def unexpected_warnings(stderr: str, expected=EXPECTED_WARNINGS) -> list[str]:
    lines = [line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    allowed = expected
    return [line for line in lines if not any(pattern.search(line) for pattern in allowed)]


def deck_grid(page: Path) -> list[int]:
    """Vertical slides per horizontal slide of a built deck."""
    soup = BeautifulSoup(page.read_text(encoding="utf8"), "html.parser")
    stacks = soup.select_one("div.slides").find_all("section", recursive=False)
    return [len(stack.find_all("section", recursive=False)) or 1 for stack in stacks]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the fixture site."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


# --------------------------------------------------------------------------
# One import of the fixture, built once with both builders


class Imported:
    def __init__(self, root: Path) -> None:
        self.src = Path(shutil.copytree(FIXTURE, root / "site"))
        self.dest = root / "project"
        self.before = tree_digest(self.src)
        code = main(["import", str(self.src), str(self.dest)])
        assert code == 0
        self.html = sphinx_build("html", self.dest, root / "html")
        self.revealjs = sphinx_build("revealjs", self.dest, root / "revealjs")
        self.html_out, self.revealjs_out = root / "html", root / "revealjs"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Imported:
    return Imported(tmp_path_factory.mktemp("import"))


def test_courses_chapters_and_assets_are_copied_byte_for_byte(imported):
    for source, target in {**COURSES, **CHAPTERS, **ASSETS}.items():
        assert (imported.dest / target).read_bytes() == (imported.src / source).read_bytes(), target


def test_the_project_holds_nothing_else(imported):
    files = {
        p.relative_to(imported.dest).as_posix() for p in imported.dest.rglob("*") if p.is_file()
    }
    assert files == {*COURSES.values(), *CHAPTERS.values(), *ASSETS.values(), *GENERATED}


def test_the_site_is_left_untouched(imported):
    assert tree_digest(imported.src) == imported.before


def test_conf_py_names_the_site_and_loads_the_extension(imported):
    text = (imported.dest / "conf.py").read_text(encoding="utf8")
    conf = runpy.run_path(str(imported.dest / "conf.py"))
    assert conf["project"] == "Workshop slides"
    assert conf["extensions"] == ["sphinx_gh_reveal"]
    assert conf["exclude_patterns"] == ["_build"]
    assert conf["html_theme"] == "alabaster"
    assert conf["gh_reveal_show_drafts"] is False
    assert sum(line.startswith("#") for line in text.splitlines()) >= 5  # options explained


def test_index_has_the_title_description_courses_list_and_hidden_toctree(imported):
    text = (imported.dest / "index.md").read_text(encoding="utf8")
    assert text.startswith("# Workshop slides\n")
    assert "Short courses for the import tests" in text
    assert "```{gh-reveal-courses}\n```" in text
    toctree = text.split("```{toctree}\n", 1)[1].split("```", 1)[0]
    assert ":hidden:" in toctree
    entries = [line for line in toctree.splitlines() if line and not line.startswith(":")]
    assert entries == [target.removesuffix(".md") for target in COURSES.values()]


def test_publishing_files(imported):
    assert "sphinx-gh-reveal" in (imported.dest / "requirements.txt").read_text(encoding="utf8")
    rtd = yaml.safe_load((imported.dest / ".readthedocs.yaml").read_text(encoding="utf8"))
    assert rtd["version"] == 2
    assert rtd["sphinx"]["configuration"] == "conf.py"
    assert rtd["python"]["install"] == [{"requirements": "requirements.txt"}]


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_both_builds_succeed(imported, builder):
    result = getattr(imported, builder)
    assert result.returncode == 0, result.stderr
    assert unexpected_warnings(result.stderr) == []


@pytest.mark.parametrize("target", COURSES.values())
def test_each_deck_has_the_grid_the_course_text_gives(imported, target):
    course = imported.dest / target
    spec = expected_deck(course.read_text(encoding="utf8"), course.parent)
    page = imported.revealjs_out / target.replace(".md", ".html")
    assert deck_grid(page) == spec.verticals


def test_images_of_both_path_styles_are_published(imported):
    images = {p.name for p in (imported.revealjs_out / "_images").iterdir()}
    assert {"diagram.svg", "logo.png"} <= images


def test_chapters_are_not_pages(imported):
    for target in CHAPTERS.values():
        assert not (imported.html_out / target.replace(".md", ".html")).exists()
        assert not (imported.revealjs_out / target.replace(".md", ".html")).exists()


def test_the_index_lists_courses_but_not_drafts(imported):
    soup = BeautifulSoup(
        (imported.html_out / "index.html").read_text(encoding="utf8"), "html.parser"
    )
    listed = soup.select_one("ul.ghr-courses").get_text(" ")
    assert "Git basics" in listed and "Docker in chapters" in listed
    assert "Kubernetes" not in listed


# --------------------------------------------------------------------------
# The summary


def test_summary_counts_what_was_imported(site, tmp_path, capsys):
    code, out, err = import_site(capsys, site, tmp_path / "project")
    assert (code, err) == (0, "")
    assert re.search(r"courses: +5\n", out)
    assert re.search(r"chapters: +3\n", out)
    assert re.search(r"drafts: +1\n", out)
    assert re.search(r"assets: +4\n", out)
    assert "_presentations/draft.md -> courses/draft.md (draft)" in out


def test_summary_reports_what_could_not_be_carried_over_with_file_and_line(site, tmp_path, capsys):
    _, out, _ = import_site(capsys, site, tmp_path / "project")
    notes = out.split("Could not carry over", 1)[1]
    expected = [
        ("_presentations/liquid.md:3:", "layout 'wide' is not used"),
        ("_presentations/liquid.md:6:", "{{ site.title }}"),
        ("_presentations/liquid.md:8:", "{% if site.show_extra %}"),
        ("_presentations/liquid.md:10:", "{% endif %}"),
        ("_presentations/liquid.md:16:", "_includes/footer.html"),
        ("_presentations/liquid.md:18:", "missing file /data/missing.png"),
        ("_presentations/liquid.md:20:", "/data/diagram.svg is copied, but only Markdown images"),
        ("_presentations/liquid.md:23:", "<script> uses the Jekyll variable {{ site.baseurl }}"),
        ("_presentations/basics.md:28:", "/data/diagram.svg is copied"),
        ("_presentations/basics.md:32:", "/data/handout.txt is copied"),
        ("_layouts/presentation.html:1:", "layout 'presentation' is not used"),
        ("_includes/analytics.html:1:", "'analytics' is not used"),
        ("_presentations/stray.md:1:", "no front matter"),
        ("assets/README.md:1:", "Sphinx would build it as a page"),
        ("about.md:1:", "not a course: not imported"),
        ("index.html:1:", "site index not copied"),
    ]
    lines = [line.strip() for line in notes.splitlines()]
    for where, what in expected:
        assert any(line.startswith(where) and what in line for line in lines), (where, what, notes)
    assert f"Could not carry over ({len(expected)})" in out
    # The include_relative lines are chapters, not Liquid left behind.
    assert "include_relative" not in notes


def test_a_clean_site_has_nothing_to_report(tmp_path, capsys):
    src = tmp_path / "site"
    (src / "_presentations").mkdir(parents=True)
    (src / "_presentations" / "one.md").write_text(
        "---\ntitle: One\n---\nA\n§new\nB\n", encoding="utf8"
    )
    code, out, _ = import_site(capsys, src, tmp_path / "project")
    assert code == 0
    assert "Could not carry over" not in out
    assert (tmp_path / "project" / "conf.py").is_file()


# --------------------------------------------------------------------------
# Never destroying anything


@pytest.fixture
def occupied(tmp_path: Path) -> Path:
    """A destination folder that already holds a file of the user's."""
    dest = tmp_path / "project"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf8")
    return dest


def test_a_non_empty_destination_is_refused(site, occupied, capsys):
    code, out, err = import_site(capsys, site, occupied)
    assert code == 1
    assert "--force-nonempty" in err
    assert tree_digest(occupied) == {"notes.txt": hashlib.sha256(b"mine").hexdigest()}


def test_force_nonempty_adds_the_project_and_keeps_other_files(site, occupied, capsys):
    code, _, _ = import_site(capsys, site, occupied, "--force-nonempty")
    assert code == 0
    assert (occupied / "notes.txt").read_text(encoding="utf8") == "mine"
    assert (occupied / "courses" / "basics.md").is_file()


def test_a_folder_holding_only_git_counts_as_empty(site, tmp_path, capsys):
    dest = tmp_path / "project"
    (dest / ".git").mkdir(parents=True)
    code, _, _ = import_site(capsys, site, dest)
    assert code == 0


def test_existing_files_are_never_overwritten_without_overwrite(site, tmp_path, capsys):
    dest = tmp_path / "project"
    assert import_site(capsys, site, dest)[0] == 0
    (dest / "conf.py").write_text("# edited by hand\n", encoding="utf8")
    (dest / "courses" / "basics.md").write_text("edited\n", encoding="utf8")
    before = tree_digest(dest)

    code, _, err = import_site(capsys, site, dest, "--force-nonempty")
    assert code == 1
    assert "--overwrite" in err and "conf.py" in err and "courses/basics.md" in err
    assert tree_digest(dest) == before  # refused as a whole: nothing written

    code, out, _ = import_site(capsys, site, dest, "--force-nonempty", "--overwrite")
    assert code == 0
    assert "(2 files written)" in out
    assert (dest / "courses" / "basics.md").read_bytes() == (
        site / "_presentations" / "basics.md"
    ).read_bytes()


def test_importing_again_over_the_same_files_writes_nothing(site, tmp_path, capsys):
    dest = tmp_path / "project"
    assert import_site(capsys, site, dest)[0] == 0
    code, out, _ = import_site(capsys, site, dest, "--force-nonempty")
    assert code == 0
    assert "(0 files written)" in out


def test_dry_run_prints_the_plan_and_writes_nothing(site, tmp_path, capsys):
    dest = tmp_path / "project"
    code, out, _ = import_site(capsys, site, dest, "--dry-run")
    assert code == 0
    assert not dest.exists()
    for target in (*COURSES.values(), *CHAPTERS.values(), *ASSETS.values(), *GENERATED):
        assert f"  {target}\n" in out
    assert re.search(r"courses: +5\n", out)
    assert "liquid.md:8:" in out


def test_dry_run_tells_when_the_real_run_would_refuse(site, occupied, capsys):
    code, out, err = import_site(capsys, site, occupied, "--dry-run")
    assert code == 1
    assert "would be refused" in err and "--force-nonempty" in err
    assert [p.name for p in occupied.iterdir()] == ["notes.txt"]


def test_the_source_is_never_written(site, tmp_path, capsys):
    before = tree_digest(site)
    dest = tmp_path / "project"
    import_site(capsys, site, dest, "--dry-run")
    import_site(capsys, site, dest)
    (dest / "conf.py").write_text("changed\n", encoding="utf8")
    import_site(capsys, site, dest, "--force-nonempty")
    import_site(capsys, site, dest, "--force-nonempty", "--overwrite")
    assert tree_digest(site) == before


def test_a_destination_inside_the_source_is_refused(site, capsys):
    before = tree_digest(site)
    code, _, err = import_site(capsys, site, site / "sphinx")
    assert code == 2
    assert "inside SRC" in err
    assert tree_digest(site) == before


def test_a_destination_that_would_write_into_the_source_is_refused(tmp_path, capsys):
    # The site is DEST/data: its own data/ folder would land inside it.
    dest = tmp_path / "project"
    src = dest / "data"
    (src / "_presentations").mkdir(parents=True)
    (src / "data").mkdir()
    (src / "_config.yml").write_text("title: Nested\n", encoding="utf8")
    (src / "_presentations" / "one.md").write_text("---\ntitle: One\n---\n§new\n", encoding="utf8")
    (src / "data" / "x.svg").write_text("<svg/>", encoding="utf8")
    before = tree_digest(dest)
    code, _, err = import_site(capsys, src, dest, "--force-nonempty")
    assert code == 1
    assert "inside SRC" in err
    assert tree_digest(dest) == before


def test_a_site_inside_the_destination_is_fine_when_paths_do_not_meet(site, tmp_path, capsys):
    dest = tmp_path
    code, _, _ = import_site(capsys, site, dest, "--force-nonempty")
    assert code == 0
    assert (dest / "courses" / "basics.md").is_file()


@pytest.mark.parametrize(
    ("make_src", "message"),
    [
        (lambda root: root / "nowhere", "is not a folder"),
        (lambda root: root, "is not a Jekyll site"),
    ],
    ids=["missing", "not-jekyll"],
)
def test_usage_errors_exit_2(tmp_path, capsys, make_src, message):
    (tmp_path / "page.md").write_text("# A page\n", encoding="utf8")
    code, out, err = import_site(
        capsys, make_src(tmp_path), tmp_path.parent / f"{tmp_path.name}-dest"
    )
    assert code == 2
    assert message in err
    assert not (tmp_path.parent / f"{tmp_path.name}-dest").exists()


def test_a_destination_that_is_a_file_is_a_usage_error(site, tmp_path, capsys):
    dest = tmp_path / "project"
    dest.write_text("a file", encoding="utf8")
    code, _, err = import_site(capsys, site, dest)
    assert code == 2
    assert "not a folder" in err


def test_the_module_entry_point_runs_import():
    result = run_module("sphinx_gh_reveal", "import", "--help", timeout=120)
    assert result.returncode == 0, result.stderr
    for flag in ("--force-nonempty", "--overwrite", "--dry-run"):
        assert flag in result.stdout


# --------------------------------------------------------------------------
# The real corpus, wrapped into a Jekyll site


CORPUS_COURSES = ("docker-cluster-2018", "gh-reveal-intro")


def test_the_corpus_courses_import_and_build_to_their_decks(corpus: Path, tmp_path: Path, capsys):
    src = tmp_path / "site"
    (src / "_presentations").mkdir(parents=True)
    for course in CORPUS_COURSES:
        shutil.copyfile(corpus / f"{course}.md", src / "_presentations" / f"{course}.md")
    shutil.copytree(corpus / "data", src / "data")
    (src / "_config.yml").write_text(
        "title: Courses\ndescription: The seed courses.\n", encoding="utf8"
    )
    before = tree_digest(src)
    dest = tmp_path / "project"

    code, out, _ = import_site(capsys, src, dest)
    assert code == 0
    assert re.search(r"courses: +2\n", out) and re.search(r"drafts: +1\n", out)
    assert "Could not carry over" not in out
    assert (dest / "data" / "swarm.png").read_bytes() == (
        corpus / "data" / "swarm.png"
    ).read_bytes()
    for course in CORPUS_COURSES:
        assert (dest / "courses" / f"{course}.md").read_bytes() == (
            corpus / f"{course}.md"
        ).read_bytes()
    assert tree_digest(src) == before

    for builder in ("html", "revealjs"):
        result = sphinx_build(builder, dest, tmp_path / builder)
        assert result.returncode == 0, result.stderr
        assert unexpected_warnings(result.stderr, expected=()) == []
    for course in CORPUS_COURSES:
        text = (corpus / f"{course}.md").read_text(encoding="utf8")
        page = tmp_path / "revealjs" / "courses" / f"{course}.html"
        assert deck_grid(page) == expected_deck(text, corpus).verticals, course
    assert "swarm.png" in {p.name for p in (tmp_path / "revealjs" / "_images").iterdir()}
