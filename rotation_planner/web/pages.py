"""The pages: roster, policy, solve, plan, teacher, school, what-if, audit, downloads.

Each handler reads the request, calls ``api`` (or, for what the plan pages show, the
report modules the workbook is made of, through web/views.py) and renders a template.
Heavy calls (reading a roster, building the plan's tables, writing a workbook) run in a
worker thread so the page stays responsive; solves run in child processes (jobs.py).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from rotation_planner import api
from rotation_planner.policy import Policy, PolicyError
from rotation_planner.report import labels
from rotation_planner.scenario import EditKind, RosterEdit, Scenario
from rotation_planner.web import hooks, views
from rotation_planner.web.jobs import Busy, Job
from rotation_planner.web.server import LANG_COOKIE, App
from rotation_planner.web.workspace import Workspace, safe_name

CHUNK = 1 << 20


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def _save_upload(upload: UploadFile, target: Path, limit: float) -> bool:
    """Write an uploaded file to ``target``; False when it is over ``limit`` bytes."""
    size = 0
    with target.open("wb") as fh:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                return False
            fh.write(chunk)
    return True


def _page(request: Request) -> str:
    """The name a page gave itself (``?page=``, app.js), so that the server tells its
    polls from another page's; at most 64 characters."""
    return request.query_params.get("page", "")[:64]


def _open(web: App, path: Path, name: str, policy_file: Path | None = None) -> str:
    """Copy a roster into a fresh private folder and read it; returns its key. A roster
    that cannot be read is kept with its problems (the page lists them)."""
    key, target = web.store.new_folder(name)
    if path != target:
        shutil.copyfile(path, target)
    _read_into(web, key, target, policy_file)
    return key


def _read_into(web: App, key: str, target: Path, policy_file: Path | None) -> None:
    try:
        roster = api.read_roster(target, policy_file)
    except api.RosterError as exc:
        web.store.failed[key] = (target, exc)
        return
    _install(web, key, target, roster, policy_file)


def _install(
    web: App, key: str, target: Path, roster: api.Roster, policy_file: Path | None
) -> None:
    """``roster``, read from ``target`` under ``policy_file``, becomes workspace ``key``."""
    web.store.failed.pop(key, None)
    old = web.store.get(key)
    ws = Workspace(key, target.parent, target, roster, policy_file)
    if old is not None:  # the policy changed: the scenarios stay, the plan goes
        ws.scenarios = old.scenarios
    web.store.add(ws)


def preload(web: App, path: Path) -> str:
    """A roster named on the command line (``planner serve roster.xlsx``)."""
    return _open(web, Path(path), Path(path).name)


def routes(web: App) -> list[Route]:
    """Every page of the application."""

    def ws_or_none(request: Request) -> Workspace | None:
        return web.store.get(request.path_params["key"])

    def _busy(ws: Workspace) -> bool:
        """A solve runs for this roster: its policy stays as it is until it ends."""
        job = web.jobs.get(ws.key)
        return job is not None and job.running

    def missing(request: Request) -> Response:
        return web.message(request, "no_roster", 404)

    def with_roster(
        handler: Callable[..., Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        """A page of one open roster (the path's ``key``): the handler gets its workspace;
        an unknown key gets the "no such roster" page."""

        async def page(request: Request) -> Response:
            ws = ws_or_none(request)
            if ws is None:
                return missing(request)
            return await handler(request, ws)

        return page

    # --- home and upload -------------------------------------------------------------

    async def home(request: Request) -> Response:
        open_ = [
            {"key": k, "name": w.name, "plan": w.outcome is not None}
            for k, w in web.store.workspaces.items()
        ]
        failed = [{"key": k, "name": p.name} for k, (p, _e) in web.store.failed.items()]
        return web.render(
            request, "home.html", open_=open_, failed=failed,
            saved=web.store.saved("rosters"), plans=web.store.saved("plans"),
            accept=",".join(hooks.roster_suffixes()), limit=web.config.max_upload_mb,
        )  # fmt: skip

    async def upload(request: Request) -> Response:
        limit = web.config.max_upload_mb * 1024 * 1024
        form = await request.form(max_files=2000, max_fields=50)
        files = [f for f in form.getlist("roster") if isinstance(f, UploadFile) and f.filename]
        if not files:
            return web.message(request, "no_file", 400)
        if len(files) > 1 and hooks.MERGE is None:
            return web.message(request, "merge_missing", 400, n=len(files))
        key, target = web.store.new_folder(files[0].filename or "roster.xlsx")
        if len(files) == 1:
            if not await _save_upload(files[0], target, limit):
                shutil.rmtree(target.parent, ignore_errors=True)
                return web.message(request, "too_large", 413, mb=web.config.max_upload_mb)
        else:
            parts = target.parent / "parts"
            parts.mkdir(mode=0o700)
            saved: list[Path] = []
            for f in files:  # each under its own name: the merge's messages cite it
                name = safe_name(f.filename or "part.xlsx")
                p = parts / name
                n = 1
                while p.exists():
                    n += 1
                    p = parts / f"{Path(name).stem}_{n}{Path(name).suffix}"
                if not await _save_upload(f, p, limit):
                    return web.message(request, "too_large", 413, mb=web.config.max_upload_mb)
                saved.append(p)
            target = target.with_name("merged.xlsx")
            paths = hooks.MERGE_FILES([parts]) if all(p.parent == parts for p in saved) else saved
            try:
                merged = await run_in_threadpool(hooks.MERGE, paths, target)  # type: ignore[arg-type]
            except (api.RosterError, api.OutputError) as exc:
                if isinstance(exc, api.OutputError):
                    return web.message(request, "no_file", 400)
                web.store.failed[key] = (target, exc)
                return _see(f"/r/{key}")
            web.store.add(Workspace(key, target.parent, target, merged))
            return _see(f"/r/{key}")
        await run_in_threadpool(_read_into, web, key, target, None)
        return _see(f"/r/{key}")

    async def open_saved(request: Request) -> Response:
        form = await request.form()
        path = web.store.saved_path("rosters", str(form.get("name", "")))
        if path is None:
            return web.message(request, "no_roster", 404)
        key = await run_in_threadpool(_open, web, path, path.name)
        return _see(f"/r/{key}")

    async def set_lang(request: Request) -> Response:
        lang = request.path_params["lang"]
        back = request.query_params.get("next", "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = _see(back)
        if lang in labels.LANGS:
            response.set_cookie(LANG_COOKIE, lang, samesite="strict")
        return response

    # --- roster ----------------------------------------------------------------------

    async def roster(request: Request) -> Response:
        key = request.path_params["key"]
        lang = web.lang(request)
        if key in web.store.failed:
            path, exc = web.store.failed[key]
            issues = [
                {"sheet": i.sheet or labels.web("file", lang), "row": i.row or "",
                 "column": i.column or "", "header": i.header or "", "message": i.message(lang)}
                for i in exc.issues
            ]  # fmt: skip
            return web.render(request, "issues.html", status=422, key=key, name=path.name,
                              issues=issues, warnings=[])  # fmt: skip
        ws = ws_or_none(request)
        if ws is None:
            return missing(request)
        summary = await run_in_threadpool(api.roster_summary, ws.roster, lang)
        supply = await run_in_threadpool(_supply, ws, lang)
        warnings = [
            {"sheet": i.sheet or "", "row": i.row or "", "column": i.column or "",
             "header": i.header or "", "message": i.message(lang)}
            for i in await run_in_threadpool(_warnings, ws)
        ]  # fmt: skip
        saved = ws.name in web.store.saved("rosters")
        return web.render(request, "roster.html", ws=ws, summary=summary.splitlines(),
                          supply=supply, warnings=warnings, saved=saved,
                          job=web.jobs.get(ws.key))  # fmt: skip

    @with_roster
    async def save_roster(request: Request, ws: Workspace) -> Response:
        web.store.save("rosters", ws.path)
        return _see(f"/r/{ws.key}")

    # --- policy ----------------------------------------------------------------------

    @with_roster
    async def policy(request: Request, ws: Workspace) -> Response:
        lang = web.lang(request)
        params = views.policy_form(ws.policy, lang)
        return web.render(request, "policy.html", ws=ws, params=params,
                          saved=web.store.saved("policies"), problems=[])  # fmt: skip

    @with_roster
    async def policy_post(request: Request, ws: Workspace) -> Response:
        """Apply the form: the values that differ from the roster's Policy sheet become
        a policy TOML file in the private folder, read like ``--policy``; "save" also
        keeps it in the state folder."""
        if _busy(ws):
            return web.message(request, "busy", 409)
        lang = web.lang(request)
        form = await request.form()
        base = _sheet_policy(ws)
        overrides = views.form_overrides(
            [(k, str(v)) for k, v in form.multi_items() if isinstance(v, str)], base, lang
        )
        return await _apply_policy(request, ws, overrides, lang, str(form.get("save_as", "")))

    async def _read_policy(
        request: Request, ws: Workspace, source: Path, lang: str, keep: Path | None
    ) -> Response | None:
        """Read the roster once under the policy file ``source``: its problems on the
        policy page (422, nothing changed), or the roster becomes the workspace's, its
        policy file kept as ``keep`` (None: the roster's own Policy sheet alone)."""
        try:
            roster = await run_in_threadpool(api.read_roster, ws.path, source)
        except api.RosterError as exc:
            params = views.policy_form(ws.policy, lang)
            problems = [f"{i.location(lang)}: {i.message(lang)}" for i in exc.issues]
            return web.render(request, "policy.html", status=422, ws=ws, params=params,
                              saved=web.store.saved("policies"), problems=problems)  # fmt: skip
        if keep is not None and keep != source:
            shutil.copyfile(source, keep)
        _install(web, ws.key, ws.path, roster, keep)
        return None

    async def _apply_policy(
        request: Request, ws: Workspace, overrides: dict[str, object], lang: str, save_as: str
    ) -> Response:
        target = ws.folder / "policy.toml"
        target.write_text(views.toml_text(overrides), encoding="utf-8")
        refused = await _read_policy(request, ws, target, lang, target if overrides else None)
        if refused is not None:
            return refused
        if save_as.strip():
            name = safe_name(save_as.strip(), "policy.toml")
            if not name.endswith(".toml"):
                name += ".toml"
            web.store.save("policies", target, name)
        return _see(f"/r/{ws.key}/policy?applied=1")

    @with_roster
    async def relax(request: Request, ws: Workspace) -> Response:
        """Apply one of the proven relaxations of a plan that does not exist: its
        policy values on top of the page's, then back to the policy page."""
        if _busy(ws):
            return web.message(request, "busy", 409)
        form = await request.form()
        found = ws.outcome.relaxations if ws.outcome else ()
        try:
            chosen = found[int(str(form.get("index", "-1")))]
        except (ValueError, IndexError):
            return web.message(request, "no_scenario", 404)
        if not chosen.overrides:
            return web.message(request, "no_scenario", 404)
        overrides = {**ws.policy.diff(_sheet_policy(ws)), **chosen.overrides}
        return await _apply_policy(request, ws, overrides, web.lang(request), "")

    @with_roster
    async def policy_load(request: Request, ws: Workspace) -> Response:
        if _busy(ws):
            return web.message(request, "busy", 409)
        lang = web.lang(request)
        form = await request.form()
        upload = form.get("toml")
        source = ws.folder / "loaded.toml"
        if isinstance(upload, UploadFile) and upload.filename:
            if not await _save_upload(upload, source, 1024 * 1024):
                return web.message(request, "too_large", 413, mb=1)
        else:
            saved = web.store.saved_path("policies", str(form.get("name", "")))
            if saved is None:
                return web.message(request, "no_file", 400)
            shutil.copyfile(saved, source)
        target = ws.folder / "policy.toml"
        refused = await _read_policy(request, ws, source, lang, target)
        if refused is not None:
            return refused
        return _see(f"/r/{ws.key}/policy?applied=1")

    @with_roster
    async def policy_toml(request: Request, ws: Workspace) -> Response:
        diff = ws.policy.diff(_sheet_policy(ws))
        target = ws.out("policy.toml")
        target.write_text(views.toml_text(dict(diff)), encoding="utf-8")
        return FileResponse(target, filename=f"{ws.path.stem}.policy.toml",
                            media_type="application/toml")  # fmt: skip

    # --- solve -----------------------------------------------------------------------

    @with_roster
    async def solve_page(request: Request, ws: Workspace) -> Response:
        return web.render(request, "solve.html", ws=ws, job=web.jobs.get(ws.key))

    @with_roster
    async def solve(request: Request, ws: Workspace) -> Response:
        form = await request.form()
        lang = web.lang(request)
        try:
            limit = max(1.0, min(3600.0, float(str(form.get("time_limit", "60")))))
            seed = int(str(form.get("seed", "0")))
        except ValueError:
            return web.message(request, "bad_number", 400)
        settings = api.SolverSettings(seed=seed, workers=1, tier_time_limit=limit)

        def finished(job: Job) -> None:
            ws.outcome = job.result  # type: ignore[assignment]
            ws.settings = settings
            ws.plan_lang = lang
            ws.plan_instance, ws.plan_policy = ws.instance, ws.policy
            ws.kept_from = ""
            ws.views.clear()

        try:
            web.jobs.start(ws.key, "plan", {"instance": ws.instance, "policy": ws.policy,
                                            "settings": settings, "lang": lang},
                           on_done=finished)  # fmt: skip
        except Busy:
            return web.message(request, "busy", 409)
        return _see(f"/r/{ws.key}/solve?started=1")

    @with_roster
    async def cancel(request: Request, ws: Workspace) -> Response:
        web.jobs.cancel(ws.key)
        if request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse({"cancelled": True})
        return _see(f"/r/{ws.key}/solve")

    async def leave(request: Request) -> Response:
        """A page of this roster is going away (closed, or left for another page)."""
        ws = ws_or_none(request)
        if ws is not None:
            web.jobs.left(ws.key, web.config.leave_grace_s, _page(request))
        return Response(status_code=204)

    async def progress(request: Request) -> Response:
        """The job's state for the page's poller (JSON): each step in words, and for a
        tier its name, status, objective value and bound."""
        ws = ws_or_none(request)
        if ws is None:
            return JSONResponse({"state": "none"}, status_code=404)
        lang = web.lang(request)
        job = web.jobs.get(ws.key)
        if job is None:
            return JSONResponse({"state": "none"})
        web.jobs.seen(ws.key, _page(request))
        steps = []
        for s in job.steps:
            if s.key == "scenario_done":
                index = int(str(s.fields["index"]))
                status = labels.status_text(str(s.fields["status"]), lang)
                text = labels.web("scenario_done", lang, n=index + 1, status=status)
            elif s.key in labels.WEB:
                text = labels.web(s.key, lang)
            else:
                try:
                    text = labels.step_text(s.key, lang, **s.fields)
                except (KeyError, IndexError):
                    text = s.key
            row: dict[str, object] = {"t": round(s.seconds, 1), "text": text}
            if s.key == "tier_done":
                row.update(
                    tier=labels.tier_name(str(s.fields["tier"]), lang),
                    status=labels.solve_status(str(s.fields["status"]), lang),
                    value=labels.figure(float(s.fields["value"])),  # type: ignore[arg-type]
                    bound=labels.figure(float(s.fields["bound"])),  # type: ignore[arg-type]
                )
            steps.append(row)
        state_text = labels.web(f"job_{job.state}", lang)
        if job.state == "failed" and job.error:
            state_text += f" ({job.error})"
        return JSONResponse({
            "state": job.state, "kind": job.kind, "text": state_text,
            "elapsed": round(job.elapsed, 1), "steps": steps, "done_count": job.done_count,
            "next": f"/r/{ws.key}/{'plan' if job.kind == 'plan' else 'whatif'}",
        })  # fmt: skip

    # --- plan ------------------------------------------------------------------------

    async def _view(request: Request, ws: Workspace) -> views.PlanView | None:
        if ws.outcome is None:
            return None
        lang = web.lang(request)
        if lang not in ws.views:
            ws.views[lang] = await run_in_threadpool(views.PlanView, ws, lang)
        return ws.views[lang]

    @with_roster
    async def plan(request: Request, ws: Workspace) -> Response:
        view = await _view(request, ws)
        if view is None:
            return _see(f"/r/{ws.key}/solve")
        lang = web.lang(request)
        tab = request.query_params.get("tab", "summary")
        outcome = view.outcome
        tiers = [
            {"name": labels.tier_name(t.name, lang), "status": labels.solve_status(t.status, lang),
             "value": labels.figure(t.value), "bound": labels.figure(t.bound)}
            for t in outcome.result.tiers if t.value == t.value
        ]  # fmt: skip
        return web.render(
            request, "plan.html", ws=ws, view=view, tab=tab, bars=views.band_chart(view),
            tiers=tiers, verdict=labels.solve_status(outcome.result.status, lang),
            has_plan=outcome.plan is not None, ok=outcome.check.ok,
            empty_posts=outcome.empty_posts, conflicts=outcome.conflicts,
            relaxations=[
                (i, r.text(lang), bool(r.overrides)) for i, r in enumerate(outcome.relaxations)
            ],
        )  # fmt: skip

    async def _detail(request: Request, ws: Workspace, page: str, key: str) -> Response:
        """A teacher's or a school's page of the plan (``page``: teacher or school; the
        id is the path's ``key``)."""
        view = await _view(request, ws)
        if view is None:
            return _see(f"/r/{ws.key}/solve")
        build = views.teacher_page if page == "teacher" else views.school_page
        info = build(ws, view, request.path_params[key])
        if info is None:
            return web.message(request, f"no_{page}", 404)
        return web.render(request, f"{page}.html", ws=ws, view=view, **info)

    @with_roster
    async def teacher(request: Request, ws: Workspace) -> Response:
        return await _detail(request, ws, "teacher", "tid")

    @with_roster
    async def school(request: Request, ws: Workspace) -> Response:
        return await _detail(request, ws, "school", "sid")

    # --- what-if ---------------------------------------------------------------------

    @with_roster
    async def whatif(request: Request, ws: Workspace) -> Response:
        lang = web.lang(request)
        kpis = changes = None
        if ws.results:
            from rotation_planner.report.compare import changes_table, kpi_table

            variants = api.scenario_variants(ws.results, lang)
            kpis = views.page_table(kpi_table(variants, lang), lang)
            if len(variants) > 1:
                changes = views.page_table(changes_table(variants, lang), lang)
        params = [
            (p.key, f"{p.key} {p.rule} ({labels.web('now', lang, value=_short(p.value))})")
            for p in views.policy_form(ws.policy, lang)
            if p.rule_id
        ]
        return web.render(
            request, "whatif.html", ws=ws, kpis=kpis, changes=changes, params=params,
            scenarios=[(s.name, s.describe(lang)) for s in ws.scenarios],
            results=[(r.index, r.scenario.name, labels.status_text(r.status, lang),
                      r.outcome.plan is not None) for r in ws.results],
            job=web.jobs.get(ws.key), problem=request.query_params.get("problem", ""),
            subjects=sorted({s for t in ws.instance.teachers for s in t.subjects}),
        )  # fmt: skip

    @with_roster
    async def whatif_add(request: Request, ws: Workspace) -> Response:
        """One scenario from the form: a parameter change, an exempted teacher, a post
        opened or closed. Checked against the roster as the scenario reader checks."""
        lang = web.lang(request)
        form = await request.form()
        name = str(form.get("name", "")).strip()[:60] or labels.web(
            "scenario_n", lang, n=len(ws.scenarios) + 1
        )
        kind = str(form.get("kind", ""))
        overrides: tuple[tuple[str, object], ...] = ()
        edits: tuple[RosterEdit, ...] = ()
        if kind == "param":
            key = str(form.get("param", ""))
            param = next((p for p in views.policy_form(ws.policy, "en") if p.key == key), None)
            if param is None:
                return _see(f"/r/{ws.key}/whatif?problem=bad_param")
            value = views._typed(str(form.get("value", "")).strip(), param)
            try:
                ws.policy.with_overrides({key: value})
            except PolicyError:
                return _see(f"/r/{ws.key}/whatif?problem=bad_value")
            overrides = ((key, value),)
        elif kind in ("exempt", "add_vacancy", "close_post"):
            try:
                count = int(str(form.get("count", "") or 0)) or None
            except ValueError:
                return _see(f"/r/{ws.key}/whatif?problem=bad_number")
            edit = RosterEdit(
                EditKind(kind), school_id=str(form.get("school_id", "")).strip(),
                subject=str(form.get("subject", "")).strip(),
                teacher_id=str(form.get("teacher_id", "")).strip(), count=count,
            )  # fmt: skip
            if edit.problem(ws.instance) is not None:
                return _see(f"/r/{ws.key}/whatif?problem=bad_edit")
            edits = (edit,)
        else:
            return _see(f"/r/{ws.key}/whatif?problem=bad_param")
        if any(s.name == name for s in ws.scenarios):
            return _see(f"/r/{ws.key}/whatif?problem=same_name")
        ws.scenarios.append(Scenario(name, overrides, edits))
        return _see(f"/r/{ws.key}/whatif")

    @with_roster
    async def whatif_remove(request: Request, ws: Workspace) -> Response:
        form = await request.form()
        name = str(form.get("name", ""))
        ws.scenarios = [s for s in ws.scenarios if s.name != name]
        return _see(f"/r/{ws.key}/whatif")

    @with_roster
    async def whatif_run(request: Request, ws: Workspace) -> Response:
        if not ws.scenarios:
            return _see(f"/r/{ws.key}/whatif?problem=no_scenarios")
        lang = web.lang(request)
        settings = dataclasses.replace(ws.settings, workers=1)

        def finished(job: Job) -> None:
            ws.results = list(job.result)  # type: ignore[call-overload]

        try:
            web.jobs.start(ws.key, "whatif", {
                "instance": ws.instance, "policy": ws.policy, "scenarios": list(ws.scenarios),
                "settings": settings, "lang": lang, "jobs": web.config.jobs,
            }, on_done=finished)  # fmt: skip
        except Busy:
            return web.message(request, "busy", 409)
        return _see(f"/r/{ws.key}/whatif?started=1")

    @with_roster
    async def whatif_keep(request: Request, ws: Workspace) -> Response:
        """Keep one scenario's plan as the plan (and save its workbook in the state
        folder, so it survives a restart)."""
        lang = web.lang(request)
        form = await request.form()
        try:
            chosen = ws.results[int(str(form.get("index", "-1")))]
        except (ValueError, IndexError):
            return web.message(request, "no_scenario", 404)
        if chosen.outcome.plan is None:
            return web.message(request, "no_scenario", 404)
        ws.outcome = chosen.outcome
        ws.plan_instance, ws.plan_policy = chosen.instance, chosen.policy
        ws.kept_from = chosen.scenario.name
        ws.plan_lang = lang
        ws.views.clear()
        target = ws.out(f"{ws.path.stem}.{safe_name(chosen.scenario.name, 'kept')}.plan.xlsx")
        await run_in_threadpool(_write_plan, ws, target, lang)
        web.store.save("plans", target)
        return _see(f"/r/{ws.key}/plan")

    # --- audit -----------------------------------------------------------------------

    @with_roster
    async def audit(request: Request, ws: Workspace) -> Response:
        lang = web.lang(request)
        result = None
        if ws.audit is not None:
            name, the_plan, _check = ws.audit
            result = await run_in_threadpool(views.audit_rows, ws.instance, ws.policy,
                                             the_plan, lang)  # fmt: skip
            result["name"] = name
        return web.render(request, "audit.html", ws=ws, result=result, issues=[])

    @with_roster
    async def audit_post(request: Request, ws: Workspace) -> Response:
        lang = web.lang(request)
        form = await request.form()
        upload = form.get("plan")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return web.message(request, "no_file", 400)
        target = ws.folder / "audit" / safe_name(upload.filename, "plan.xlsx")
        target.parent.mkdir(mode=0o700, exist_ok=True)
        if not await _save_upload(upload, target, web.config.max_upload_mb * 1024 * 1024):
            return web.message(request, "too_large", 413, mb=web.config.max_upload_mb)
        try:
            the_plan = await run_in_threadpool(api.read_plan, target, ws.instance)
        except api.RosterError as exc:
            issues = [f"{i.location(lang)}: {i.message(lang)}" for i in exc.issues]
            return web.render(request, "audit.html", status=422, ws=ws, result=None,
                              issues=issues)  # fmt: skip
        check = await run_in_threadpool(api.check_plan, ws.instance, ws.policy, the_plan)
        ws.audit = (target.name, the_plan, check)
        return _see(f"/r/{ws.key}/audit")

    # --- downloads -------------------------------------------------------------------

    @with_roster
    async def download(request: Request, ws: Workspace) -> Response:
        lang = web.lang(request)
        what = request.path_params["what"]
        stem = ws.path.stem
        writable = ws.outcome is not None and (
            ws.outcome.plan is not None or ws.outcome.result.status == "INFEASIBLE"
        )  # as planner solve: no workbook without a plan or a proof that none exists
        if what == "plan" and writable:
            target = ws.out(f"{stem}.plan.xlsx")
            await run_in_threadpool(_write_plan, ws, target, lang)
        elif what == "public" and ws.outcome is not None and ws.outcome.plan is not None:
            target = ws.out(f"{stem}.public.xlsx")
            await run_in_threadpool(_write_public, ws, target, lang)
        elif what == "eligibility":
            target = ws.out(f"{stem}.eligibility.xlsx")
            await run_in_threadpool(
                lambda: api.write_eligibility(target, ws.roster, lang, inputs=[ws.path])
            )
        elif what == "compare" and ws.results:
            target = ws.out(f"{stem}.whatif.xlsx")
            variants = api.scenario_variants(ws.results, lang)
            await run_in_threadpool(
                lambda: api.write_comparison(target, variants, lang, inputs=[ws.path])
            )
        elif what == "report" and writable and hooks.PRINTABLE_REPORT:
            outcome = ws.outcome
            assert outcome is not None
            run = api.run_info(outcome, input_name=ws.path.name, input_sha256=ws.roster.sha256,
                               settings=ws.settings, lang=lang)  # fmt: skip
            made = await run_in_threadpool(
                hooks.PRINTABLE_REPORT, _plan_roster(ws), outcome.plan, outcome.check, run,
                lang, ws.out(f"{stem}.report"),
            )  # fmt: skip
            # Shown in the browser, to print from it (Ctrl-P): a document of our own.
            return FileResponse(made, media_type="text/html", filename=Path(made).name,
                                content_disposition_type="inline")  # fmt: skip
        elif what == "audit" and ws.audit is not None:
            name, the_plan, check = ws.audit
            target = ws.out(f"{Path(name).stem}.checked.xlsx")
            run = api.manual_run_info(name, ws.roster, lang)
            await run_in_threadpool(
                lambda: api.write_plan(
                    target, ws.roster, the_plan, check, run, lang, inputs=[ws.path]
                )
            )
        else:
            return web.message(request, "nothing_to_download", 404)
        return FileResponse(target, filename=target.name)

    @with_roster
    async def downloads(request: Request, ws: Workspace) -> Response:
        return web.render(request, "downloads.html", ws=ws, kept=web.store.saved("plans"))

    async def saved_plan(request: Request) -> Response:
        path = web.store.saved_path("plans", request.path_params["name"])
        if path is None:
            return web.message(request, "nothing_to_download", 404)
        return FileResponse(path, filename=path.name)

    r = Route
    return [
        r("/", home),
        r("/upload", upload, methods=["POST"]),
        r("/open", open_saved, methods=["POST"]),
        r("/lang/{lang}", set_lang),
        r("/saved/plans/{name}", saved_plan),
        r("/r/{key}", roster),
        r("/r/{key}/save", save_roster, methods=["POST"]),
        r("/r/{key}/policy", policy),
        r("/r/{key}/policy", policy_post, methods=["POST"]),
        r("/r/{key}/policy/load", policy_load, methods=["POST"]),
        r("/r/{key}/relax", relax, methods=["POST"]),
        r("/r/{key}/policy.toml", policy_toml),
        r("/r/{key}/solve", solve_page),
        r("/r/{key}/solve", solve, methods=["POST"]),
        r("/r/{key}/cancel", cancel, methods=["POST"]),
        r("/r/{key}/progress", progress),
        r("/r/{key}/leave", leave, methods=["POST"]),
        r("/r/{key}/plan", plan),
        r("/r/{key}/teacher/{tid}", teacher),
        r("/r/{key}/school/{sid}", school),
        r("/r/{key}/whatif", whatif),
        r("/r/{key}/whatif/add", whatif_add, methods=["POST"]),
        r("/r/{key}/whatif/remove", whatif_remove, methods=["POST"]),
        r("/r/{key}/whatif/run", whatif_run, methods=["POST"]),
        r("/r/{key}/whatif/keep", whatif_keep, methods=["POST"]),
        r("/r/{key}/audit", audit),
        r("/r/{key}/audit", audit_post, methods=["POST"]),
        r("/r/{key}/downloads", downloads),
        r("/r/{key}/download/{what}", download),
    ]


def _short(text: str, limit: int = 24) -> str:
    """A value shown in a list: at most ``limit`` characters."""
    if not text:
        return "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sheet_policy(ws: Workspace) -> Policy:
    """The policy of the roster alone (its Policy sheet), before the page's overrides."""
    if ws.policy_file is None:
        return ws.policy
    return api.read_roster(ws.path).policy


def _warnings(ws: Workspace) -> list[Any]:
    """What was read other than as written (each at its cell), then each subject whose
    posts outnumber the teachers who could fill them: ``planner validate``'s warnings."""
    from rotation_planner.eligibility import supply_warnings

    return [*ws.roster.warnings, *supply_warnings(ws.instance, ws.policy)]


def _supply(ws: Workspace, lang: str) -> list[str]:
    """Posts no eligible teacher could fill whatever the quotas (the solver's own
    words for them, as ``planner solve`` prints after a plan)."""
    from rotation_planner.model.diagnose import unfillable_posts

    return unfillable_posts(ws.instance, ws.policy, lang)


def _plan_roster(ws: Workspace) -> api.Roster:
    """The roster the plan belongs to (a kept scenario's own roster and policy)."""
    return dataclasses.replace(ws.roster, instance=ws.plan_instance, policy=ws.plan_policy)


def _write_plan(ws: Workspace, target: Path, lang: str) -> None:
    outcome = ws.outcome
    assert outcome is not None
    run = api.run_info(outcome, input_name=ws.path.name, input_sha256=ws.roster.sha256,
                       settings=ws.settings, lang=lang)  # fmt: skip
    api.write_plan(target, _plan_roster(ws), outcome.plan, outcome.check, run, lang,
                   inputs=[ws.path])  # fmt: skip


def _write_public(ws: Workspace, target: Path, lang: str) -> None:
    """The 公示名单 alone, printed as in the plan workbook."""
    from openpyxl import Workbook

    from rotation_planner.io.atomic import save_atomically
    from rotation_planner.io.plan_write import write_public_list
    from rotation_planner.report.explain import PlanFacts
    from rotation_planner.report.notices import public_list

    facts = PlanFacts(ws.plan_instance, ws.plan_policy, ws.outcome.plan if ws.outcome else None)
    heading = views.heading_for(ws)
    table = public_list(facts, heading, lang)
    wb = Workbook()
    wb.remove(wb.active)
    write_public_list(wb.create_sheet(table.name), table, heading, lang)
    save_atomically(target, wb.save)


__all__ = ["preload", "routes"]
