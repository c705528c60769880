"""The web page in a real browser, through every step a bureau takes: upload and
validate the roster (1), change the policy and keep it (2), solve with its progress (3),
read the plan, a teacher's and a school's page (4), what-if scenarios side by side and
keep one (5), check a plan made by hand (6), download the workbooks and read them back
(7). Then hostile input, cancelling, a closed tab, and the guards (token, size, restart).

The README's screenshots are taken the same way by docs/web_screenshots.py.
"""

from __future__ import annotations

import http.client
import os
import signal
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Backbone
from rotation_planner.io.roster_write import write_roster
from tests import builders as b
from tests.io.test_merge import split
from tests.processes import group_members, running, wait_until
from tests.web.conftest import SAMPLE, Server

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.invalid","x")'


@pytest.fixture(scope="module")
def page(playwright_browser, server: Server):
    context = playwright_browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    outside: list[str] = []  # every request the pages make beyond this server

    def seen(request) -> None:  # noted, not intercepted: this machine has no network
        if not request.url.startswith(server.url + "/"):
            outside.append(request.url)

    context.on("request", seen)
    p = context.new_page()
    p.outside = outside  # type: ignore[attr-defined]
    p.set_default_timeout(30_000)
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.dialogs = dialogs  # type: ignore[attr-defined]
    yield p
    context.close()


def follow(page, target) -> None:
    """Click ``target`` (a selector or a locator: a form's button or a link) and wait
    until the page the server answers with has loaded; what follows could otherwise
    read the page the click left (under load it does)."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def upload(page, server: Server, path: Path) -> str:
    """Upload ``path`` from the first page; the roster's key."""
    page.goto(server.url + "/")
    page.set_input_files("#roster-input", str(path))
    page.click("#upload-button")
    page.wait_for_url("**/r/*")
    return page.url.rstrip("/").split("/r/")[1].split("/")[0]


def solve(page, server: Server, key: str) -> None:
    page.goto(f"{server.url}/r/{key}/solve")
    page.click("#solve-button")
    page.wait_for_url(f"**/r/{key}/plan")


def download(page, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_a_season_from_upload_to_downloads(page, server: Server, tmp_path: Path) -> None:
    # 1. Roster: upload, and the summary of what was read.
    key = upload(page, server, SAMPLE)
    summary = page.inner_text("#summary")
    assert "花名册有效" in summary and "符合交流条件" in summary and "岗位需求" in summary
    listed = openpyxl.load_workbook(download(page, "#download-eligibility", tmp_path))
    assert listed.worksheets[0].max_row > 300  # every teacher, under the header
    follow(page, "#save-roster")
    assert "sample_300.xlsx" in server.web.store.saved("rosters")

    # 2. Policy: a changed value is marked, applied, and kept as a TOML file.
    page.goto(f"{server.url}/r/{key}/policy")
    row = page.locator('tr[data-key="Q1.min_share"]')
    assert "changed" not in (row.get_attribute("class") or "")
    row.locator("input").fill("0.12")
    page.fill('input[name="save_as"]', "q12")
    follow(page, "#policy-apply")
    page.wait_for_selector("#applied")
    assert "changed" in (page.locator('tr[data-key="Q1.min_share"]').get_attribute("class") or "")
    kept = server.web.store.data / "policies" / "q12.toml"
    assert kept.read_text(encoding="utf-8") == '"Q1.min_share" = 0.12\n'
    row = page.locator('tr[data-key="Q1.min_share"]')
    row.locator("input").fill("0.1")
    follow(page, "#policy-apply")
    q1 = page.locator('tr[data-key="Q1.min_share"]')
    assert "changed" not in (q1.get_attribute("class") or "")
    follow(page, "#policy-load-saved")  # the kept file, loaded again
    page.wait_for_selector("#applied")
    assert page.locator('tr[data-key="Q1.min_share"] input').input_value() == "0.12"

    # 3. Solve: the page goes to the plan when done; the solve page lists every tier
    # with its objective value and bound.
    solve(page, server, key)
    verdict = page.inner_text("#verdict")
    assert "本方案符合全部" in verdict
    assert page.locator("#chart-bands .bar-row").count() >= 2
    page.goto(f"{server.url}/r/{key}/solve")
    page.wait_for_selector("#tiers tbody tr")
    tiers = page.inner_text("#tiers")
    assert "岗位覆盖" in tiers and "抽签" in tiers and "已证明最优" in tiers

    # 4. Plan: the rotation list with search, a teacher's page, a school's page.
    page.goto(f"{server.url}/r/{key}/plan?tab=assignments")
    rows = page.locator("#assignments tbody tr")
    total = rows.count()
    ws = server.web.store.get(key)
    assert total == len(ws.outcome.plan.assignments) > 0
    first_id = rows.nth(0).locator("td").nth(0).inner_text()
    page.fill("#assignments-search", first_id)
    assert page.locator("#assignments tbody tr:visible").count() == 1
    page.click(f'#assignments a:text-is("{first_id}")')
    page.wait_for_selector("#teacher-status")
    assert "已选派" in page.inner_text("#teacher-status")
    assert page.locator("#reasons li").count() >= 2
    page.goto(f"{server.url}/r/{key}/plan?tab=not_selected")
    page.locator("#not-selected tbody tr td:first-child a").first.click()
    page.wait_for_selector("#teacher-status")
    assert "未选派" in page.inner_text("#teacher-status")
    assert page.locator("#reasons li").count() >= 1
    page.goto(f"{server.url}/r/{key}/plan?tab=schools")
    page.locator("#schools tbody tr td:first-child a").first.click()
    page.wait_for_selector("#school-teachers")
    page.goto(f"{server.url}/r/{key}/plan?tab=public_list")
    assert page.locator("#public-list tbody tr").count() == total
    page.goto(f"{server.url}/r/{key}/plan?tab=constraints")
    assert page.locator("#constraints tbody tr").count() > 10

    # 5. What-if: two scenarios, run beside the baseline, compared, one kept.
    page.goto(f"{server.url}/r/{key}/whatif")
    page.fill('input[name="name"]', "q15")
    page.select_option("#scenario-param", "Q1.min_share")
    page.fill("#scenario-value", "0.15")
    follow(page, "#scenario-add")
    page.fill('input[name="name"]', "exempt")
    page.select_option("#scenario-kind", "exempt")
    page.fill('input[name="teacher_id"]', first_id)
    follow(page, "#scenario-add")
    assert page.locator("#scenarios tbody tr").count() == 2
    follow(page, "#whatif-run")
    page.wait_for_selector("#kpis", timeout=120_000)
    heads = page.inner_text("#kpis thead")
    assert "基准" in heads and "q15" in heads and "exempt" in heads
    assert first_id in page.inner_text("#changes")  # the exempted teacher stays home
    page.locator("#keep li", has_text="exempt").locator(".keep-button").click()
    page.wait_for_url(f"**/r/{key}/plan")
    assert "exempt" in page.inner_text("main")
    assert any(n.endswith(".exempt.plan.xlsx") for n in server.web.store.saved("plans"))

    # 7. Downloads: the plan workbook, the 公示名单, the comparison, read back.
    page.goto(f"{server.url}/r/{key}/downloads")
    plan_file = download(page, "#download-plan", tmp_path)
    wb = openpyxl.load_workbook(plan_file, read_only=True)
    assert {"方案摘要", "交流名单", "公示名单", "约束报告"} <= set(wb.sheetnames)
    kept_plan = server.web.store.get(key).outcome.plan
    assert first_id not in {a.teacher_id for a in kept_plan.assignments}
    ids = [r[0] for r in wb["交流名单"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert sorted(ids) == sorted(a.teacher_id for a in kept_plan.assignments)
    public = openpyxl.load_workbook(download(page, "#download-public", tmp_path))
    assert public.sheetnames == ["公示名单"]
    with page.context.expect_page() as opened:  # the printable report, in a new tab
        page.click("#download-report")
    report = opened.value
    report.wait_for_load_state()
    printed = report.inner_text("body")
    assert "城乡教师交流轮岗方案" in printed and "方案摘要（报批稿）" in printed
    report.close()
    page.goto(f"{server.url}/r/{key}/whatif")
    compare = openpyxl.load_workbook(download(page, "#download-compare", tmp_path))
    assert len(compare.sheetnames) >= 3

    # 6. Audit: the downloaded plan with one teacher put on a subject they do not teach.
    wb = openpyxl.load_workbook(plan_file)
    sheet = wb["交流名单"]
    header = [c.value for c in sheet[1]]
    row2 = sheet[2]
    broken_id = row2[0].value
    subject = row2[header.index("学科")]
    subject.value = "不存在的学科"
    hand = tmp_path / "hand.xlsx"
    wb.save(hand)
    page.goto(f"{server.url}/r/{key}/audit")
    page.set_input_files("#audit-input", str(hand))
    page.click("#audit-button")
    page.wait_for_selector("#audit-verdict")
    assert "违反" in page.inner_text("#audit-verdict")
    assert "P1" in page.inner_text("#violations")
    bad = page.locator("#audit-plan tr.bad")
    assert bad.count() == 1 and broken_id in bad.first.inner_text()

    # Language: English on request, the same plan.
    follow(page, "header .lang a")
    page.goto(f"{server.url}/r/{key}/plan?tab=assignments")
    assert "Rotation list" in page.inner_text("nav.tabs")
    assert page.locator("#assignments tbody tr").count() == len(kept_plan.assignments)
    follow(page, "header .lang a")  # back to Chinese for the next tests
    assert page.outside == []  # type: ignore[attr-defined]  # nothing loaded from outside


def test_no_lawful_plan_shows_why_and_a_proven_change_applies_in_one_click(
    page,
    server: Server,
) -> None:
    key = upload(page, server, SAMPLE)
    page.goto(f"{server.url}/r/{key}/policy")
    page.locator('tr[data-key="Q1.min_share"] input').fill("0.5")
    follow(page, "#policy-apply")
    page.wait_for_selector("#applied")
    solve(page, server, key)
    assert "没有符合全部规则的方案" in page.inner_text("#verdict")
    assert "Q1" in page.inner_text("#relaxations")
    page.locator(".relax-button").first.click()
    page.wait_for_selector("#applied")
    value = page.locator('tr[data-key="Q1.min_share"] input').input_value()
    assert 0.1 < float(value) < 0.5
    solve(page, server, key)
    assert "本方案符合全部" in page.inner_text("#verdict")


def hostile_roster(path: Path, names: tuple[str, str] = (SCRIPT, FORMULA)) -> Path:
    """Two urban schools of seven, one rural post of two; the two volunteers, named as
    an attacker would, are the ones sent."""
    teachers = []
    for s, name in zip(("U1", "U2"), names, strict=True):
        for i in range(7):
            kw: dict[str, object] = {}
            if i == 0:
                kw = {"name": name, "volunteer": True, "backbone": Backbone.COUNTY}
            teachers.append(b.teacher(f"{s}T{i}", s, **kw))
    schools = [b.school("U1", staff=7), b.school("U2", staff=7), b.rural("R1")]
    write_roster(b.instance(teachers, schools, [b.vacancy("R1", count=2)]), path)
    wb = openpyxl.load_workbook(path)  # a name cell typed as text, as Excel keeps it
    for row in wb.worksheets[0].iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"):
                c.value, c.data_type, c.quotePrefix = FORMULA, "s", True
    wb.save(path)
    return path


def test_hostile_names_are_text_everywhere(page, server: Server, tmp_path: Path) -> None:
    key = upload(page, server, hostile_roster(tmp_path / "hostile.xlsx"))
    solve(page, server, key)
    page.goto(f"{server.url}/r/{key}/plan?tab=assignments")
    listed = page.inner_text("#assignments")
    assert SCRIPT in listed and FORMULA in listed
    assert page.locator("#assignments script").count() == 0
    page.goto(f"{server.url}/r/{key}/teacher/U1T0")
    assert page.inner_text("#teacher-name").startswith(SCRIPT)
    page.goto(f"{server.url}/r/{key}/plan?tab=public_list")
    assert FORMULA in page.inner_text("#public-list")
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.goto(f"{server.url}/r/{key}/downloads")
    wb = openpyxl.load_workbook(download(page, "#download-plan", tmp_path))
    cells = [c for row in wb["公示名单"].iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_problems_show_at_their_cells_and_nothing_is_solved(page, server: Server,
                                                            tmp_path: Path) -> None:  # fmt: skip
    roster = hostile_roster(tmp_path / "bad.xlsx")
    wb = openpyxl.load_workbook(roster)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=3, column=header.index("年龄") + 1, value="四十")
    wb.save(roster)
    upload(page, server, roster)
    issues = page.locator("#issues tbody tr")
    assert issues.count() == 1
    cells = [c.inner_text() for c in issues.first.locator("td").all()]
    assert cells[0] == "教师" and cells[1] == "3" and cells[2].startswith("年龄"[0]) is False
    assert "年龄" in cells[2] and cells[3]
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    upload(page, server, damaged)
    text = page.inner_text("#issues")
    assert "Traceback" not in text and page.locator("#issues tbody tr").count() == 1


def test_the_schools_rosters_merge_into_one(page, server: Server, tmp_path: Path) -> None:
    """Each school's roster, as the schools send them back, given together (or as a
    folder): merged and checked as the county's (planner merge)."""
    folder = tmp_path / "returned"
    folder.mkdir()
    files = split(hostile_roster(tmp_path / "county.xlsx", ("张三", "李四")), folder)
    page.goto(server.url + "/")
    page.set_input_files("#roster-input", [str(f) for f in files])
    page.click("#upload-button")
    page.wait_for_url("**/r/*")
    assert "教师 14 人" in page.inner_text("#summary")
    # Two schools' files that claim the same teacher: the problem at its file and cell.
    twice = folder / "again.xlsx"
    twice.write_bytes(files[0].read_bytes())
    page.goto(server.url + "/")
    page.set_input_files("#roster-input", [str(f) for f in (*files, twice)])
    page.click("#upload-button")
    assert "again.xlsx" in page.inner_text("#issues")


def run_whatif_and_pause(page, server: Server, key: str, processes: int = 3) -> int:
    """Start a what-if run of several scenarios, wait until its group has ``processes``
    processes (the child and its two workers, on a server of two jobs), and freeze the
    whole group (so it cannot finish before the test stops it); returns its id."""
    from rotation_planner.scenario import Scenario

    ws = server.web.store.get(key)
    ws.scenarios = [Scenario(f"s{i}", (("Q1.min_share", 0.1 + i / 100),)) for i in range(12)]
    page.goto(f"{server.url}/r/{key}/whatif")
    follow(page, "#whatif-run")
    job = server.web.jobs.get(key)
    pgid = job.process.pid
    wait_until(lambda: len(group_members(pgid)) >= processes or not job.running, seconds=60)
    assert job.running, "the run ended before it could be stopped"
    os.killpg(pgid, signal.SIGSTOP)
    return pgid


def wait_dead(pid: int) -> bool:
    """Whether process ``pid`` is gone (or a zombie) within a few seconds."""
    return wait_until(lambda: not running(pid))


def wait_gone(pgid: int) -> list[int]:
    """The processes of group ``pgid`` still running once all are gone or ten seconds
    have passed (what a test expects is none)."""
    wait_until(lambda: not group_members(pgid))
    return group_members(pgid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_cancel_stops_every_process(page, server: Server) -> None:
    key = upload(page, server, SAMPLE)
    pgid = run_whatif_and_pause(page, server, key)
    assert len(group_members(pgid)) >= 3
    page.click("#cancel-button")
    assert wait_gone(pgid) == []
    assert server.web.jobs.get(key).state == "cancelled"
    # One solve per roster: with it stopped, a new one may start.
    page.goto(f"{server.url}/r/{key}/solve")
    page.click("#solve-button")
    page.wait_for_url(f"**/r/{key}/plan")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_second_solve_is_refused_and_a_closed_tab_stops_the_first(
    playwright_browser,
    server: Server,
) -> None:
    context = playwright_browser.new_context(reduced_motion="reduce")
    tab = context.new_page()
    key = upload(tab, server, SAMPLE)
    # Frozen as soon as it starts: it cannot end before the tab closes.
    pgid = run_whatif_and_pause(tab, server, key, processes=1)
    job = server.web.jobs.get(key)
    other = context.new_page()
    other.goto(f"{server.url}/r/{key}/solve")
    follow(other, "#solve-button")
    assert "已有一个求解正在进行" in other.inner_text("#message")
    context.close()  # every tab of the roster closed: nothing polls any more
    assert wait_gone(pgid) == []
    assert job.state == "cancelled"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_closed_tab_says_so_and_its_solve_stops_at_once(
    playwright_browser, tmp_path: Path
) -> None:
    # No idle timeout; one job: the scenarios are solved in the child itself.
    patient = Server(tmp_path, idle_cancel_s=600.0, leave_grace_s=0.5, jobs=1)
    try:
        context = playwright_browser.new_context(reduced_motion="reduce")
        tab = context.new_page()
        key = upload(tab, patient, SAMPLE)
        pgid = run_whatif_and_pause(tab, patient, key, processes=1)
        job = patient.web.jobs.get(key)
        tab.wait_for_selector("#cancel-button:visible")  # the page has seen it running
        tab.close(run_before_unload=True)
        assert wait_gone(pgid) == []
        assert job.state == "cancelled"
        context.close()
    finally:
        patient.stop()


def test_uploads_over_the_limit_are_refused(server: Server) -> None:
    """Refused on its declared size, before a byte of it is read."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/upload")
    connection.putheader("content-type", "multipart/form-data; boundary=zz")
    connection.putheader("content-length", str(6 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert "5.0 MB" in response.read().decode()
    connection.close()


def test_another_sites_name_for_this_machine_gets_nothing(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/", headers={"host": f"attacker.example:{server.port}"})
    assert connection.getresponse().status == 403
    connection.close()


def test_the_token_is_asked_for_and_saved_work_survives_a_restart(
    server: Server, tmp_path: Path
) -> None:
    # What the first server keeps (the season test keeps more through the page; this
    # test keeps its own, so that it holds run alone too).
    policy = tmp_path / "restart.toml"
    policy.write_text('"Q1.min_share" = 0.12\n', encoding="utf-8")
    server.web.store.save("policies", policy)
    server.web.store.save("plans", SAMPLE, "restart.plan.xlsx")
    guarded = Server(server.web.store.data, token="s3cret", preload=[SAMPLE])
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(guarded.url + "/")
        assert refused.value.code == 401
        request = urllib.request.Request(guarded.url + "/", headers={"authorization":
                                                                     "Bearer s3cret"})  # fmt: skip
        home = urllib.request.urlopen(request).read().decode()
        # The first server's kept roster, policy and plan are all there after "restart".
        assert "sample_300.xlsx" in home
        assert "restart.toml" in guarded.web.store.saved("policies")
        assert "restart.plan.xlsx" in guarded.web.store.saved("plans")
        # A solve still running when the server stops is stopped with it.
        ((key, ws),) = guarded.web.store.workspaces.items()
        payload = {"instance": ws.instance, "policy": ws.policy, "settings": ws.settings}
        job = guarded.web.jobs.start(key, "plan", {**payload, "lang": "zh"})
        os.kill(job.process.pid, signal.SIGSTOP)  # frozen before it could finish
    finally:
        guarded.stop()
    assert wait_dead(job.process.pid)
    assert not guarded.web.store.tmp.exists()  # the private folder is gone at exit


def test_another_address_needs_a_token(tmp_path: Path) -> None:
    from rotation_planner.web.server import App, ConfigError, WebConfig

    with pytest.raises(ConfigError):
        App(WebConfig(host="0.0.0.0", data_dir=tmp_path))
    app = App(WebConfig(host="0.0.0.0", token="t", data_dir=tmp_path))
    assert app.store.tmp.stat().st_mode & 0o777 == 0o700
    app.close()
    assert not app.store.tmp.exists()
