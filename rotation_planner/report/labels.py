"""Every word the output workbook and the console show, in both languages, in one place.

Sheet names, column headers, status words, the display names of titles, backbone levels
and school types (taken from vocabulary.py), the templates of the reasons in
explain.py, and every line the command line prints (``CONSOLE``). Each entry is an
``(en, zh)`` pair. Code elsewhere refers to entries by key, never by the words, so a
wording change is made here once and the reader (plan_read.py) still finds the columns.
"""

from __future__ import annotations

import os
from typing import Literal

from rotation_planner import vocabulary
from rotation_planner.domain import Backbone, SchoolType, Title
from rotation_planner.policy import RULE_NAMES
from rotation_planner.vocabulary import BACKBONES, SCHOOL_TYPES, TITLES

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


def check_lang(lang: str) -> Lang:
    """``lang`` itself when it is ``zh`` or ``en``; ValueError otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown output language {lang!r}: expected zh or en")
    return lang  # type: ignore[return-value]


def pick(pair: tuple[str, str], lang: str) -> str:
    """The English or Chinese half of an ``(en, zh)`` pair."""
    return pair[0] if check_lang(lang) == "en" else pair[1]


SHEETS: dict[str, tuple[str, str]] = {
    "assignments": ("Assignments", "交流名单"),
    "schools": ("Schools", "学校汇总"),
    "not_selected": ("Not selected", "未选派"),
    "constraints": ("Constraint report", "约束报告"),
    "run": ("Run", "运行信息"),
    # The documents a director signs and a bureau posts.
    "summary": ("Summary", "方案摘要"),
    "public_list": ("Public list", "公示名单"),
    "notices": ("School notices", "学校通知"),
    # What a teacher left home can check: the cut-offs and the lottery's draws.
    "cutoffs": ("Cut-offs", "分数线"),
    "lottery": ("Lottery", "抽签号"),
    # planner validate --eligibility
    "eligibility": ("Eligibility", "交流资格"),
}

HEADERS: dict[str, tuple[str, str]] = {
    # Assignments / Not selected
    "teacher_id": ("teacher_id", "工号"),
    "name": ("name", "姓名"),
    "from_school_id": ("from_school_id", "原学校编号"),
    "from_school": ("from_school", "原学校"),
    "to_school_id": ("to_school_id", "调入学校编号"),
    "to_school": ("to_school", "调入学校"),
    "subject": ("subject", "学科"),
    "subjects": ("subjects", "任教学科"),
    "distance_km": ("distance_km", "距离（公里）"),
    "backbone": ("backbone", "骨干级别"),
    "title": ("title", "职称"),
    "points": ("points", "积分"),
    "points_r1": ("points R1", "R1积分"),
    "points_r2": ("points R2", "R2积分"),
    "points_r3": ("points R3", "R3积分"),
    "reason": ("reason", "原因"),
    "rules": ("rules", "相关规则"),
    "school_id": ("school_id", "学校编号"),
    "school": ("school", "学校"),
    # Schools
    "school_name": ("name", "学校名称"),
    "type": ("type", "学校类型"),
    "staff": ("staff", "在编教师数"),
    "vacancies": ("vacancies", "岗位需求"),
    "filled": ("filled", "已填补"),
    "arrivals_max": ("arrivals max (P3)", "接收上限（P3）"),
    "sent": ("sent", "派出"),
    "eligible": ("eligible", "符合条件"),
    "quota_min": ("quota band min (Q1)", "交流名额下限（Q1）"),
    "quota_max": ("quota band max (Q2/Q4)", "交流名额上限（Q2/Q4）"),
    "status": ("status", "状态"),
    "cutoff_selected": ("points of last selected", "末位选派积分"),
    "cutoff_not_selected": ("points of first not selected", "首位未选派积分"),
    "ineligible": ("ineligible by rule", "不符合条件人数（按规则）"),
    # What-if: how a scenario was solved
    "solved_as": ("solved as", "求解方式"),
    # Cut-offs and Lottery
    "sent_in_subject": ("sent in this subject", "本学科选派人数"),
    "last_selected": ("last selected", "末位选派教师"),
    "first_left": ("first left home who could go", "首位可选未选派教师"),
    "why_first_left": ("why they stay home", "未选派原因"),
    "post_school_id": ("post's school", "岗位学校编号"),
    "draw": ("draw", "抽签号"),
    "outcome": ("outcome", "结果"),
    # Constraint report
    "rule_id": ("rule ID", "规则编号"),
    "rule": ("rule", "规则"),
    "scope": ("scope", "范围"),
    "parameter": ("parameter", "参数"),
    "required": ("required", "要求"),
    "achieved": ("achieved", "实际"),
    "slack": ("slack", "余量"),
    "offending": ("offending rows", "违规对象"),
    "note": ("note", "备注"),
    # Run
    "section": ("section", "类别"),
    "item": ("item", "项目"),
    "value": ("value", "取值"),
    "bound": ("bound", "界"),
    "gap": ("gap", "差距"),
    "wall_s": ("wall time (s)", "用时（秒）"),
    "default": ("default", "默认值"),
    # Public list / School notices: what is posted, nothing more (no ids, ages, health)
    "seq": ("no.", "序号"),
    "gender": ("gender", "性别"),
    "home_unit": ("home school", "原单位"),
    "host_school": ("rotates to", "交流学校"),
    "term": ("term", "交流期限"),
    "open_posts": ("open", "未填补"),
    # Eligibility (planner validate --eligibility)
    "excluded_by": ("excluded by", "不符合的规则"),
    "learning_post": ("may take a learning post (W1)", "可跟岗（W1）"),
    "posts_open": ("posts open to them", "可填补岗位数"),
}

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "OK": ("OK", "符合"),
    "VIOLATED": ("VIOLATED", "违反"),
    "N/A": ("N/A", "不适用"),
}

# What a solve's status means for the bureau.
SOLVE_STATUS: dict[str, tuple[str, str]] = {
    "OPTIMAL": ("proven optimal", "已证明最优"),
    "FEASIBLE": ("lawful, not proven best (time ran out)", "合法, 但未证明最优 (时间用尽)"),
    "INFEASIBLE": ("no lawful plan exists (proven)", "无合法方案 (已证明)"),
    "UNKNOWN": ("no plan found in the time allowed", "给定时间内未找到方案"),
    "MODEL_INVALID": ("solver error", "求解器错误"),
    # A what-if scenario whose solve itself failed (api.ScenarioResult.error).
    "ERROR": ("the solve failed", "求解失败"),
    # A plan made by hand and checked (planner check), not solved.
    "CHECKED": ("checked, not solved", "已核查 (非求解所得)"),
}

SCHOOL_STATUS: dict[str, tuple[str, str]] = {
    "ok": ("OK", "正常"),
    "short": ("short of quota: {sent} < {min}", "未达下限：{sent} < {min}"),
    "over": ("over quota: {sent} > {max}", "超出上限：{sent} > {max}"),
    "open": ("{open} vacancies open ({subjects})", "{open}个岗位未填补（{subjects}）"),
    "overfilled": ("vacancy overfilled (P2): {subjects}", "岗位超额（P2）：{subjects}"),
    "over_p3": ("arrivals over P3 cap: {filled} > {max}", "接收超出P3上限：{filled} > {max}"),
    "none": ("", ""),
}

# Display names of titles, backbone levels and school types: vocabulary.py's words.
TITLE_NAMES: dict[Title, tuple[str, str]] = {t: (w.en, w.zh) for t, w in TITLES.items()}
BACKBONE_NAMES: dict[Backbone, tuple[str, str]] = {b: (w.en, w.zh) for b, w in BACKBONES.items()}
SUBJECT_LEADER: tuple[str, str] = (vocabulary.SUBJECT_LEADER.en, vocabulary.SUBJECT_LEADER.zh)
SCHOOL_TYPE_NAMES: dict[SchoolType, tuple[str, str]] = {
    k: (w.en, w.zh) for k, w in SCHOOL_TYPES.items()
}

# The parts of the published priority points (eligibility.Points fields).
POINT_PARTS: dict[str, tuple[str, str]] = {
    "never_rural": ("R1 never rural", "R1 从无农村经历"),
    "no_recent_rural": ("R1 none recent", "R1 近年无农村经历"),
    "years_at_school": ("R1 years at school", "R1 本校任教年限"),
    "backbone": ("R2 backbone", "R2 骨干"),
    "subject_leader": ("R2 subject leader", "R2 学科带头人"),
    "volunteer": ("R3 volunteer", "R3 自愿报名"),
}

# Short names of the rules that reasons cite ("P1 subject").
RULE_SHORT: dict[str, tuple[str, str]] = {
    "E5": ("E5 exemptions", "E5 暂缓交流"),
    "E6": ("E6 direction", "E6 交流方向"),
    "P1": ("P1 subject", "P1 学科"),
    "P4": ("P4 distance", "P4 距离"),
    "Q2": ("Q2", "Q2"),
    "Q4": ("Q4", "Q4"),
}

WORDS: dict[str, tuple[str, str]] = {
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "none": ("none", "无"),
    "county": ("county", "全县"),
    "switched_off": ("switched off", "已关闭"),
    "inference": ("Inference default: {items}", "推定默认值：{items}"),
    "changed": ("changed from default", "已修改默认值"),
    "inference_key": ("Inference: no source fixes this default", "推定：无文件依据的默认值"),
    "more": ("… (+{n} more)", "…（另{n}项）"),
    "sep": ("; ", "；"),
    "list_sep": (", ", "、"),
    # Run sheet sections and items
    "sec_run": ("run", "运行"),
    "sec_tier": ("objective tier", "目标层级"),
    "sec_policy": ("policy", "政策参数"),
    "sec_roster": ("roster", "花名册"),
    "input_name": ("input file", "输入文件"),
    "input_sha256": ("input SHA-256", "输入文件SHA-256"),
    "seed": ("seed", "随机种子"),
    "workers": ("workers", "线程数"),
    "solver": ("solver and version", "求解器及版本"),
    "run_status": ("status", "求解状态"),
    "wall_s": ("total wall time (s)", "总用时（秒）"),
    "lang": ("output language", "输出语言"),
    "tool_version": ("tool version", "工具版本"),
    "points_year": ("year for priority points", "积分计算年份"),
    "teachers": ("teachers", "教师人数"),
    "eligible": ("eligible teachers", "符合交流条件人数"),
    "ineligible_rule": ("ineligible: {rule} {name}", "不符合条件：{rule} {name}"),
    "assigned": ("teachers assigned", "选派人数"),
    "manual_solver": ("a plan made by hand (checked)", "人工编制的方案 (已核查)"),
    "no_plan": ("no plan: see Constraint report", "无可行方案：见约束报告"),
    # Titles of the printed documents
    "term_default": ("one school year", "一学年"),
    "plan_title": (
        "{county} {year} urban-rural teacher rotation plan",
        "{county}{year}年城乡教师交流轮岗方案",
    ),
    "public_title": (
        "{county} {year} urban-rural teacher rotation: teachers rotating",
        "{county}{year}年城乡教师交流轮岗人员名单",
    ),
    "notices_title": (
        "{county} {year} urban-rural teacher rotation: notice to each school",
        "{county}{year}年城乡教师交流轮岗学校通知",
    ),
    "page_of": ("page &P of &N", "第 &P 页，共 &N 页"),
    "footer_input": ("input SHA-256 {digest}", "输入文件SHA-256 {digest}"),
    # Summary: headings
    "sum_subtitle": ("Summary for approval", "方案摘要（报批稿）"),
    "sum_verdict": ("Verdict", "结论"),
    "sum_figures": ("Key figures", "主要指标"),
    "sum_unfilled": ("Posts not filled", "未填补岗位"),
    "sum_policy": ("Policy values that differ from the defaults", "与默认值不同的政策参数"),
    "sum_input": ("Input and run", "输入与运行"),
    "sum_approval": ("Approval", "审批"),
    "sum_relaxations": (
        "Smallest changes that restore a plan (each re-solved)",
        "可恢复方案的最小调整（均已重新求解验证）",
    ),
    # Summary: the verdict
    "verdict_ok": ("The plan meets all {n} applicable rules", "本方案符合全部 {n} 项适用规则"),
    "verdict_bad": (
        "The plan breaks {k} rules: {rules}; it meets the other {n} applicable rules",
        "本方案违反 {k} 项规则：{rules}；符合其余 {n} 项适用规则",
    ),
    "verdict_na": ("; {m} do not apply: {rules}", "；{m} 项不适用：{rules}"),
    "verdict_end": (".", "。"),
    "verdict_no_plan": (
        "No plan meets every rule. Solver: {status}. The rules that conflict are below "
        "and in the Constraint report.",
        "没有符合全部规则的方案。求解结果：{status}。相互冲突的规则如下，详见约束报告。",
    ),
    "verdict_status": ("Solver: {status}.", "求解结果：{status}。"),
    # Summary: key figures
    "fig_posts": ("posts filled", "岗位填补"),
    "fig_posts_value": ("{filled} of {posts}", "{posts} 个岗位中填补 {filled} 个"),
    "band_below": ("  schools under {hi} km from the seat", "　距县城不足{hi}公里的学校"),
    "band_between": ("  schools {lo}-{hi} km from the seat", "　距县城{lo}–{hi}公里的学校"),
    "band_beyond": ("  schools {lo} km or more from the seat", "　距县城{lo}公里及以上的学校"),
    "fig_rotators": ("rotators", "交流人数"),
    "fig_rotators_value": (
        "{n} ({share} of {eligible} eligible teachers), from {senders} schools to {receivers}",
        "{n} 人（占符合交流条件教师 {eligible} 人的 {share}），{senders} 所学校派出、"
        "{receivers} 所学校接收",
    ),
    "fig_backbone": ("backbone share", "骨干教师占比"),
    "fig_backbone_value": ("{k} of {n} rotators ({share})", "{k} 人，占交流人数的 {share}"),
    "fig_backbone_q3": ("; Q3 requires at least {need}", "（Q3 要求至少 {need} 人）"),
    "fig_commute": ("commute", "通勤距离"),
    "fig_commute_value": (
        "home school to new school: mean {mean} km, longest {longest} km",
        "原单位至交流学校：平均 {mean} 公里，最远 {longest} 公里",
    ),
    "fig_wishes": ("wishes granted", "志愿满足"),
    "fig_wishes_value": (
        "{granted} of the {n} rotators who gave wishes go to a school they wished for "
        "({first} to their first)",
        "填报志愿的 {n} 名交流教师中 {granted} 人去往志愿学校（第一志愿 {first} 人）",
    ),
    "fig_wishes_none": ("no rotator gave wishes", "交流教师均未填报志愿"),
    "fig_none": ("none", "无"),
    # Summary: posts not filled, each with its reason
    "all_filled": ("Every post is filled.", "全部岗位均已填补。"),
    "open_no_teacher": (
        "no eligible teacher in the county teaches {subject} (P1 subject)",
        "全县无符合交流条件的{subject}教师（P1 学科对口）",
    ),
    "open_blocked": (
        "the {n} eligible {subject} teachers may not go there ({rules})",
        "符合交流条件的{n}名{subject}教师均不能派往该校（{rules}）",
    ),
    "open_p3": (
        "the school has reached its P3 cap ({filled} of {max})",
        "该校接收人数已达P3上限（{filled}/{max}）",
    ),
    "open_takers": (
        "of the {n} teachers who could fill it: {parts}",
        "可填补该岗位的{n}名教师中：{parts}",
    ),
    "taker_elsewhere": ("{k} fill other posts", "{k}人已派往其他岗位"),
    "taker_quota": (
        "{k} at schools whose quota is full (Q2/Q4)",
        "{k}人所在学校交流名额已满（Q2/Q4）",
    ),
    "taker_spouse": ("{k} have a spouse in the plan (R5)", "{k}人配偶已选派（R5）"),
    "taker_other": ("{k} not chosen by the objective tiers", "{k}人未被目标层级选中"),
    "more_rows": ("… and {n} more: see the Schools sheet", "……另有{n}项，见学校汇总"),
    "no_changes": ("Every policy value is at its default.", "全部政策参数均取默认值。"),
    # Summary: approval
    "sign_prepared": ("prepared by", "编制"),
    "sign_checked": ("checked by", "审核"),
    "sign_approved": ("approved by (bureau head)", "批准（局领导）"),
    "sign_line": (
        "signature ______________________   date ______________",
        "签字：＿＿＿＿＿＿＿＿＿＿　　日期：　　　　年　　月　　日",
    ),
    "seal": ("(bureau seal)", "（教育局盖章）"),
    # Public list: what a posted list says under the names
    "pub_note": (
        "Posted for comment from ______________ to ______________.\n"
        "Objections, within that time, to ______________, telephone ______________.",
        "公示期：　　　　年　　月　　日至　　　　年　　月　　日。\n"
        "如有异议，请在公示期内向＿＿＿＿＿＿＿＿＿＿反映，联系电话：＿＿＿＿＿＿＿＿＿＿。",
    ),
    "pub_issuer": (
        "{county} Education Bureau, date ______________",
        "{county}教育局　　　　年　　月　　日",
    ),
    # School notices
    "notice_school": ("{name} ({school_id})", "{name}（{school_id}）"),
    "notice_out": ("Teachers of this school who rotate: {n}", "本校派出交流教师 {n} 人"),
    "notice_in": ("Teachers who come to this school: {n}", "到本校交流教师 {n} 人"),
    "notice_posts": (
        "Posts asked for: {posts}; filled: {filled}; open: {open}",
        "本校申报岗位 {posts} 个，已填补 {filled} 个；未填补：{open}",
    ),
    "holds_post": ("holds this post", "占该岗位"),
    "solved_replan": (
        "re-plan of the baseline (fewest changes)",
        "在基准方案上重新规划（改动最少）",
    ),
    "solved_fresh": ("solved anew (policy changed)", "重新求解（政策参数变化）"),
    "breaks": ("the plan breaks {rules} here", "此安排违反{rules}"),
    "elsewhere": ("sent to another post", "选派至其他岗位"),
    "left_home": ("left home", "未选派"),
    "lottery_method": (
        'draw = the first two bytes of the SHA-256 of "{seed}|teacher id|school id|subject" '
        "(0-65535); at equal points and in every tier above, the lower draw goes; seed {seed}",
        "抽签号 = “{seed}|工号|学校编号|学科”的SHA-256值的前两个字节（0-65535）；"
        "积分及更高层级目标均相同时号小者入选；本方案随机种子 {seed}",
    ),
    "notice_posts_filled": (
        "Posts asked for: {posts}; all filled",
        "本校申报岗位 {posts} 个，已全部填补",
    ),
    # planner policy and the docs' parameter tables (rulebook.py)
    "policy_key": ("key", "参数"),
    "policy_name_zh": ("Chinese name", "中文名称"),
    "policy_name_en": ("English name", "英文名称"),
    "policy_default": ("default", "默认值"),
    "policy_range": ("range", "取值范围"),
    "policy_source": ("source", "来源"),
    "policy_none": ("none", "无"),
    "policy_list": ("a list", "列表"),
    "policy_date": ("a date", "日期"),
    "policy_switch": ("switches the rule on or off", "启用或停用该规则"),
    "policy_inference": ("Inference (no source fixes it)", "推断 (无来源规定)"),
    "policy_general": ("The plan year", "方案年份"),
    "policy_title": ("Policy parameters", "政策参数"),
}

TIER_NAMES: dict[str, tuple[str, str]] = {
    "coverage": ("coverage", "岗位覆盖"),
    "remoteness": ("remote schools first", "偏远学校优先"),
    "quality": ("quality where missing", "薄弱校质量"),
    "priority": ("priority points", "优先积分"),
    "points": ("priority points", "优先积分"),
    "pairing": ("paired schools (P5)", "结对学校"),
    "wishes": ("wishes", "志愿"),
    "commute": ("commute", "通勤距离"),
    "violations": ("rules broken (best effort)", "突破规则 (尽力而为)"),
    "changes": ("changed placements (re-plan)", "变动人数 (重新规划)"),
    "lottery": ("lottery", "抽签"),
}

# Re-planning (replan.py): the kinds of change, the Changes sheet, and the reasons.
CHANGE_KINDS: dict[str, tuple[str, str]] = {
    "kept": ("kept", "保留"),
    "moved": ("moved", "调整"),
    "dropped": ("dropped", "撤出"),
    "added": ("added", "新增"),
}
CHANGE_HEADERS: dict[str, tuple[str, str]] = {
    "teacher_id": ("teacher_id", "工号"),
    "change": ("change", "变更"),
    "from_school_id": ("from_school_id", "原学校编号"),
    "before": ("published (school/subject)", "原方案 (学校/学科)"),
    "after": ("now (school/subject)", "新方案 (学校/学科)"),
    "reason": ("reason", "原因"),
}
CHANGES_SHEET: tuple[str, str] = ("Changes", "变更")
CHANGE_REASONS: dict[str, tuple[str, str]] = {
    "unchanged": ("unchanged", "不变"),
    "left_roster": ("no longer in the roster", "已不在花名册中"),
    "now_exempt": ("now exempt (E5)", "现已暂缓交流 (E5)"),
    "not_eligible": ("no longer eligible: {rules}", "已不符合交流条件: {rules}"),
    "school_gone": (
        "the receiving school is no longer in the roster",
        "接收学校已不在花名册中",
    ),
    "post_closed": ("the post was closed", "该岗位已取消"),
    "locked_elsewhere": ("locked to another school", "已锁定到其他学校"),
    "post_not_open": ("the post is no longer open to them: {rules}", "该岗位已不适合: {rules}"),
    "fewer_places": (
        "the post now has {now} place(s), {before} were placed there",
        "该岗位名额减为 {now} 个 (原方案安排 {before} 人)",
    ),
    "post_taken": (
        "{who} now holds the post: the fewest changes that keep every rule need it",
        "该岗位改由 {who} 填补: 为使方案在改动最少的情况下满足全部规则",
    ),
    "fewest_changes": (
        "the fewest changes that keep every rule need it",
        "为使方案在改动最少的情况下满足全部规则",
    ),
    "now_at": ("{why}; now at {post}", "{why}; 改派至 {post}"),
    "fills_vacated": ("fills the post vacated by {who}", "填补 {who} 空出的岗位"),
    "replaces_colleague": (
        "replaces {who} from the same school (Q1 quota)",
        "接替本校 {who} (Q1 最低交流比例)",
    ),
    "locked_here": ("locked to this school (locked_to)", "教育局锁定到该校"),
    "fills_open": ("fills a new or still open post", "填补新增或空缺岗位"),
}
REPLAN_SUMMARY: tuple[str, str] = (
    "{n} change(s): {dropped} dropped, {moved} moved, {added} added; {kept} kept",
    "变更 {n} 处: 撤出 {dropped}, 调整 {moved}, 新增 {added}; 保留 {kept}",
)

# Checker rows that are not rulebook rules.
EXTRA_RULE_NAMES: dict[str, tuple[str, str]] = {
    "locked": ("Locked assignments kept", "锁定安排保持不变"),
}
EXTRA_RULE_IDS: dict[str, tuple[str, str]] = {"locked": ("locked", "锁定")}

# Reasons (explain.py). Placeholders are filled with already-translated text.
REASONS: dict[str, tuple[str, str]] = {
    # why selected
    "must_rotate": ("M1 must rotate", "M1 必须交流"),
    "points": ("points {total} = {parts}", "积分 {total} = {parts}"),
    "points_zero": ("points 0", "积分 0"),
    "fills": ("fills {subject} at {school} (P1)", "填补{school}{subject}岗位（P1）"),
    "post": ("{subject} at {school}", "{school}{subject}"),
    "paired": ("paired school (P5)", "结对学校（P5）"),
    "wish": ("wish {rank} (R4)", "第{rank}志愿（R4）"),
    "locked": ("locked by the bureau", "教育局锁定"),
    "backbone_q3": ("backbone: counts toward Q3", "骨干教师：计入Q3"),
    "ineligible": ("not eligible: fails {rules}", "不符合交流条件：{rules}"),
    "unknown_teacher": ("teacher not in the roster", "花名册中无此教师"),
    # why not selected
    "m1_missed": ("M1 must rotate but not selected", "M1 必须交流但未选派"),
    "no_subject_vacancy": (
        "no vacancy they could fill: no {subjects} vacancy (P1 subject)",
        "无可填补岗位：无{subjects}岗位需求（P1 学科）",
    ),
    "blocked_vacancies": (
        "no vacancy they could fill: all {n} in {subjects} are excluded by {rules}",
        "无可填补岗位：{n}个{subjects}岗位均因{rules}不可选",
    ),
    "spouse": ("spouse {spouse} selected (R5)", "配偶{spouse}已选派（R5）"),
    "quota_full": (
        "school's quota band full ({rules} reached: {sent} of max {max})",
        "本校交流名额已满（已达{rules}：{sent}/{max}）",
    ),
    "filled_by_others": (
        "every vacancy they could fill ({n} in {subjects}) was filled by others",
        "可填补的{n}个岗位（{subjects}）已由他人填补",
    ),
    "receivers_full": (
        "the schools with a vacancy they could fill reached the P3 cap ({schools})",
        "可填补岗位所在学校已达P3接收上限（{schools}）",
    ),
    "lower_points": (
        "lower points ({points}) than the last colleague sent to a post they could fill ({cutoff})",
        "积分（{points}）低于本校选派至本人可填补岗位的末位教师（{cutoff}）",
    ),
    "passed_over_rule": (
        "{who} ({their} points) holds {post}, which they could fill too: sending them "
        "instead would break {rules}",
        "{who}（积分{their}）所占{post}岗位本人也可填补，但改派本人将违反{rules}",
    ),
    "passed_over_tier": (
        "{who} ({their} points) holds {post}, which they could fill too: the higher "
        'objective tier "{tier}" prefers {who}',
        "{who}（积分{their}）所占{post}岗位本人也可填补，但更高层级目标“{tier}”优先选择{who}",
    ),
    "lottery": (
        "same points ({points}) as {who}, who holds {post}: the lottery decided "
        "(their draw {own}, {who}'s {their_draw}; the lower draw goes)",
        "与{who}积分相同（{points}），{post}岗位由抽签决定："
        "本人抽签号{own}，{who}抽签号{their_draw}（号小者入选）",
    ),
    "not_best": (
        "{who} ({their} points) holds {post}, which they could fill too; sending them "
        "instead would be lawful and better: this plan is not the best the rules allow",
        "{who}（积分{their}）所占{post}岗位本人也可填补，改派本人合法且更优：本方案并非规则下的最优方案",
    ),
    "higher_tier": (
        "colleagues with fewer points were chosen by the higher objective tiers "
        "(coverage of remote schools, quality)",
        "积分较低的同事因更高层级目标（偏远校岗位覆盖、质量）入选",
    ),
    "posts_they_cannot_fill": (
        "colleagues with fewer points fill posts they cannot fill ({posts}; {rules})",
        "积分较低的同事填补的岗位本人无法填补（{posts}；{rules}）",
    ),
    "not_needed": (
        "not needed: the plan's objective tiers preferred others",
        "未需要：方案的目标层级优先选择了他人",
    ),
}

# Header aliases accepted by plan_read, beyond the headers above (normalised on use).
READ_ALIASES: dict[str, tuple[str, ...]] = {
    "teacher_id": ("teacher_id", "teacher id", "工号", "教师编号", "教师工号"),
    "to_school_id": (
        "to_school_id",
        "to school id",
        "调入学校编号",
        "交流学校编号",
        "接收学校编号",
        "拟交流学校编号",
        "目标学校编号",
        "调入学校代码",
    ),
    "to_school": (
        "to_school",
        "to school",
        "调入学校",
        "交流学校",
        "接收学校",
        "拟交流学校",
        "调入学校名称",
        "交流学校名称",
        "接收学校名称",
    ),
    "subject": ("subject", "学科", "任教学科", "交流学科", "岗位学科"),
}
SHEET_ALIASES: tuple[str, ...] = (
    "Assignments",
    "交流名单",
    "交流安排",
    "轮岗名单",
    "交流轮岗名单",
    "交流人员名单",
)


def sheet_name(key: str, lang: str) -> str:
    """The sheet's name in ``lang``."""
    return pick(SHEETS[key], lang)


def header(key: str, lang: str) -> str:
    """A column's header in ``lang``."""
    return pick(HEADERS[key], lang)


def word(key: str, lang: str, **values: object) -> str:
    """A word or short phrase in ``lang``, with ``{placeholders}`` filled."""
    return pick(WORDS[key], lang).format(**values)


def reason_text(kind: str, lang: str, **values: object) -> str:
    """A reason template in ``lang``, filled."""
    return pick(REASONS[kind], lang).format(**values)


def status_word(status: str, lang: str) -> str:
    """OK / VIOLATED / N/A in ``lang``."""
    return pick(STATUS_WORDS[status], lang)


def solve_status(status: str, lang: str) -> str:
    """A solve's status in words; unknown statuses are shown as given."""
    return pick(SOLVE_STATUS[status], lang) if status in SOLVE_STATUS else status


def run_status(status: str, lang: str) -> str:
    """The Run sheet's status in words, a best-effort run's too:
    ``OPTIMAL (best effort: Q1, Q2)`` -> ``已证明最优 (尽力而为: Q1、Q2)``."""
    head, sep, rest = status.partition(" (best effort: ")
    if not sep:
        return status_text(status, lang)
    rules = [r.strip() for r in rest.rstrip(")").split(",")]
    tag = pick(("best effort", "尽力而为"), lang)
    return f"{status_text(head, lang)} ({tag}: {join(rules, lang)})"


def status_text(status: str, lang: str) -> str:
    """Any status a variant or a scenario shows, in words: a checked plan's
    OK / VIOLATED (STATUS_WORDS), or a solve's OPTIMAL / INFEASIBLE / ... (SOLVE_STATUS)."""
    if status in STATUS_WORDS:
        return status_word(status, lang)
    return solve_status(status, lang)


def tier_text(name: str, status: str, value: float, bound: float, lang: str) -> str:
    """``覆盖 55`` for a proven tier; ``优先积分 1278 (上界 1290)`` for one that is not."""
    text = f"{tier_name(name, lang)} {figure(value)}"
    if status != "OPTIMAL":
        text += f" ({pick(('bound', '上界'), lang)} {figure(bound)})" if bound == bound else ""
    return text


def figure(value: float) -> str:
    """A tier's value or bound as the bureau reads it: whole numbers in full (the lottery
    is ``1515600``, not ``1.5156e+06``), anything else as ``:g``."""
    if value == value and value not in (float("inf"), float("-inf")) and value == int(value):
        return str(int(value))
    return f"{value:g}"


def rule_name(rule_id: str, lang: str) -> str:
    """The rule's name from policy.RULE_NAMES in ``lang``."""
    if rule_id in RULE_NAMES:
        return pick(RULE_NAMES[rule_id], lang)
    if rule_id in EXTRA_RULE_NAMES:
        return pick(EXTRA_RULE_NAMES[rule_id], lang)
    return rule_id


def rule_id_text(rule_id: str, lang: str) -> str:
    """A checker row's rule as its ID: a rulebook ID as it is (``Q1``), a row that is no
    rule of the rulebook in words (``locked`` -> ``锁定``)."""
    return pick(EXTRA_RULE_IDS[rule_id], lang) if rule_id in EXTRA_RULE_IDS else rule_id


def rule_short(rule_id: str, lang: str) -> str:
    """A rule as reasons cite it: ``P1 subject`` / ``P1 学科``."""
    return pick(RULE_SHORT[rule_id], lang) if rule_id in RULE_SHORT else rule_id


def title_name(title: Title, lang: str) -> str:
    return pick(TITLE_NAMES[title], lang)


def backbone_name(level: Backbone, subject_leader: bool, lang: str) -> str:
    """``县级`` / ``县级、学科带头人`` / ``学科带头人`` / ``无``."""
    parts = [pick(BACKBONE_NAMES[level], lang)] if level > Backbone.NONE else []
    if subject_leader:
        parts.append(pick(SUBJECT_LEADER, lang))
    return word("list_sep", lang).join(parts) if parts else pick(BACKBONE_NAMES[level], lang)


def school_type_name(kind: SchoolType, lang: str) -> str:
    return pick(SCHOOL_TYPE_NAMES[kind], lang)


def tier_name(name: str, lang: str) -> str:
    """An objective tier's display name; unknown names are shown as given."""
    return pick(TIER_NAMES[name], lang) if name in TIER_NAMES else name


def join(items: list[str] | tuple[str, ...], lang: str) -> str:
    """Items joined with the language's list separator."""
    return word("list_sep", lang).join(items)


# --- the console: every line ``planner`` prints ----------------------------------------
# Templates take str.format fields. Fields are filled with words already in the output
# language (rule texts, reasons, school ids, file names) or with figures; ``step_text``
# turns a progress step's raw fields (a tier's name, a solve status, a figure) into words.
CONSOLE: dict[str, tuple[str, str]] = {
    # progress on stderr (api.Step keys)
    "reading": ("reading {file}", "读取 {file}"),
    "reading_history": ("reading history {file}", "读取历史方案 {file}"),
    "reading_plan": ("reading plan {file}", "读取方案 {file}"),
    "building_model": ("building model", "建立模型"),
    "model_size": (
        "model: {teachers} eligible teachers, {pairs} teacher-post pairs",
        "模型: 符合条件教师 {teachers} 人, 教师-岗位组合 {pairs} 个",
    ),
    "tier_done": (
        "tier {tier}: {status}, value {value}, bound {bound}",
        "目标层级 {tier}: {status}, 取值 {value}, 上界 {bound}",
    ),
    "tier_failed": ("tier {tier}: {status}", "目标层级 {tier}: {status}"),
    "checking": ("checking the plan against every rule", "按全部规则独立核查方案"),
    "finding_conflicts": (
        "no lawful plan: looking for the rules that conflict",
        "无合法方案: 查找相互冲突的规则",
    ),
    "finding_relaxations": (
        "looking for the smallest relaxations that restore a plan",
        "查找可恢复方案的最小调整",
    ),
    "writing": ("writing {file}", "写入 {file}"),
    "whatif_start": (
        "solving the baseline and {n} scenario(s) on {where}",
        "求解基准方案和 {n} 个情景, 使用{where}",
    ),
    "local_jobs": ("{n} local process(es)", "本机 {n} 个进程"),
    "jobs_per_core": ("one local process per core", "本机每核一个进程"),
    "scheduler_at": ("the Dask scheduler at {address}", "Dask 调度器 {address}"),
    "scenario_bar": ("scenarios", "情景"),
    # a message from the solver that has no template yet: shown as it came
    "message": ("{text}", "{text}"),
    # input and output problems (exit 2)
    "input_problems": ("{n} problem(s) in the input:", "输入有 {n} 处问题:"),
    "bad_lang": ("--lang must be zh or en", "--lang 只能是 zh 或 en"),
    "output_is_input": (
        "{file}: the output path is an input file; choose another output path",
        "{file}: 输出路径是输入文件, 请另选输出路径",
    ),
    "output_no_folder": (
        "{file}: cannot write: the folder does not exist",
        "{file}: 无法写入: 文件夹不存在",
    ),
    "output_no_permission": (
        "{file}: cannot write: permission denied",
        "{file}: 无法写入: 没有写入权限",
    ),
    "output_is_folder": ("{file}: cannot write: it is a folder", "{file}: 无法写入: 这是文件夹"),
    "output_no_browser": (
        "{file}: no Chromium to print the PDF with: apt-get install chromium fonts-noto-cjk",
        "{file}: 没有可打印 PDF 的 Chromium: 请运行 apt-get install chromium fonts-noto-cjk",
    ),
    "output_unwritable": ("{file}: cannot write ({error})", "{file}: 无法写入 ({error})"),
    "scheduler_unreachable": (
        "cannot reach the Dask scheduler at {address}",
        "无法连接 Dask 调度器 {address}",
    ),
    "dask_missing": (
        "Dask distributed is not installed: pip install 'rotation_planner[distributed]'",
        "未安装 Dask distributed: 请运行 pip install 'rotation_planner[distributed]'",
    ),
    "interrupted": (
        "interrupted: no file was written or changed",
        "已中断: 未写入或改动任何文件",
    ),
    # solve and re-plan
    "no_plan_in_time": (
        "No plan found in the time allowed (this is not a proof that none exists). "
        "Allow more time per objective tier with --time-limit and try again. "
        "No file was written.",
        "在给定时间内未找到方案 (并未证明无解)。请用 --time-limit 放宽每个目标层级的"
        "求解时间后重试。未写入任何文件。",
    ),
    "solver_failed": (
        "solver status: {status}; no file was written",
        "求解器状态: {status}; 未写入任何文件",
    ),
    "internal_error": (
        "Internal error: the solver's plan fails the independent check; no file was written.",
        "内部错误: 求解结果未通过独立核查, 未写入任何文件。",
    ),
    "no_lawful_plan": (
        "No lawful plan exists (proven). The rules that conflict:",
        "无合法方案 (已证明)。相互冲突的规则:",
    ),
    "conflict": ("  - {text}", "  - {text}"),
    "no_conflict_found": ("  (no conflict set found in time)", "  (冲突未能定位)"),
    "relaxations_head": (
        "Smallest relaxations that restore a plan (each re-solved):",
        "可恢复方案的最小调整 (均已重新求解验证):",
    ),
    "relaxation": ("  * {text}", "  * {text}"),
    "report_written": ("Report written to {path}", "约束报告已写入 {path}"),
    "best_effort": ("Best effort: may break {rules}", "尽力而为模式: 可突破 {rules}"),
    "violation": ("  {text}", "  {text}"),
    "unfillable": ("Unfillable: {text}", "无人可填补: {text}"),
    "plan_line": (
        "Plan: {n} rotators, {status}, {seconds} s",
        "方案: {n} 名教师交流, {status}, 用时 {seconds} 秒",
    ),
    "tiers_line": ("Tiers: {tiers}", "目标层级: {tiers}"),
    "check_holds": ("Check: every rule holds", "独立核查: 全部规则满足"),
    "check_broken": ("Check: {n} violation(s)", "独立核查: {n} 项违反"),
    "written": ("Written to {path}", "已写入 {path}"),
    "replan_change": (
        "  {kind:<7} {teacher}: {before} -> {after}: {reason}",
        "  {kind} {teacher}: {before} -> {after}: {reason}",
    ),
    # check
    "checked": (
        "Checked {n} rule scopes: {ok} OK, {bad} violated, {na} not applicable",
        "核查 {n} 项: {ok} 项满足, {bad} 项违反, {na} 项不适用",
    ),
    "open_post": (
        "Open: {school} {subject}: {n} ({reason})",
        "空缺: {school} {subject} {n} 个 ({reason})",
    ),
    "printable_written": ("Printable report written to {path}", "打印版报告已写入 {path}"),
    "new_version": (
        "{old} exists and is kept: writing {new} (--force writes over it)",
        "{old} 已存在, 予以保留: 本次写入 {new} (如需覆盖请加 --force)",
    ),
    "findings_written": ("Findings written to {path}", "核查结果已写入 {path}"),
    # whatif and compare: one line per variant
    "variant_solved": (
        "{name}: {status}, {rotators} rotators, filled {filled}/{vacancies}, changed {changed}",
        "{name}: {status}, {rotators} 人交流, 填补 {filled}/{vacancies}, 变动 {changed}",
    ),
    "variant_no_plan": ("{name}: {status}", "{name}: {status}"),
    "variant_replanned": (
        "  solved as a re-plan of the baseline: the fewest changes, as replan would make",
        "  在基准方案上重新规划: 改动最少, 与重新规划命令的结果一致",
    ),
    "variant_relax": ("  relax: {text}", "  放宽: {text}"),
    # stats
    "history_title": ("Rotation history", "交流历史"),
    "history_school": ("school", "学校"),
    "history_eligible": ("eligible", "符合条件"),
    "history_ever": ("ever rotated", "曾交流"),
    "history_never": ("never asked", "从未交流"),
    # serve (the web page)
    "serve_token_required": (
        "--host {host} lets other computers reach the page: give --token too",
        "--host {host} 允许其他计算机访问本页面，须同时设定 --token",
    ),
    "serve_roster_missing": ("{file}: no such file", "{file}：文件不存在"),
    # sample
    "sample_written": (
        "{file}: {teachers} teachers, {schools} schools, {vacancies} vacancies",
        "{file}: 教师 {teachers} 人, 学校 {schools} 所, 岗位需求 {vacancies} 个",
    ),
    # warnings: the roster is read, a plan can be made (validate lists them apart)
    "warnings_head": (
        "{n} warning(s) (not errors: the roster is read):",
        "{n} 条提示 (不是错误, 花名册已读取):",
    ),
    "warning": ("  {text}", "  {text}"),
    "merged": (
        "{n} files merged into {path}: {teachers} teachers, {schools} schools, {vacancies} posts",
        "{n} 个文件已合并为 {path}: 教师 {teachers} 人, 学校 {schools} 所, 岗位 {vacancies} 个",
    ),
    "template_written": (
        "Blank roster written to {path}",
        "空白花名册已写入 {path}",
    ),
    "eligibility_written": (
        "Eligibility of every teacher written to {path}",
        "全体教师的交流资格已写入 {path}",
    ),
}


# What ``validate`` and ``solve`` print of the roster and the plan (report/summary.py).
SUMMARY_LINES: dict[str, tuple[str, str]] = {
    # validate (report/summary.roster_summary)
    "summary_schools": (
        "Roster is valid. {n} schools: {types}",
        "花名册有效。学校 {n} 所: {types}",
    ),
    "summary_teachers": (
        "{n} teachers, {eligible} eligible",
        "教师 {n} 人, 符合交流条件 {eligible} 人",
    ),
    "summary_not_eligible": (" (not eligible by rule: {why})", " (不符合: {why})"),
    "summary_vacancies": ("{n} vacancies: {subjects}", "岗位需求 {n} 个: {subjects}"),
    "summary_q1": ("Q1 minimum rotators, county total: {n}", "按 Q1 最低交流人数合计 {n} 人"),
    # solve: what a bureau reads first (report/summary.plan_highlights)
    "wishes_granted": ("Wishes granted: {text}", "志愿满足: {text}"),
    "paired_schools": ("Paired schools: {text}", "结对学校: {text}"),
    "cutoffs": ("Cut-off points (last in/first out): {text}", "分数线 (末位入选/首位未选): {text}"),
    "cutoffs_more": (
        "{shown} ... {n} in all, each with its reasons in the {sheet} sheet",
        "{shown} ... 共 {n} 项, 理由见「{sheet}」工作表",
    ),
}


# ``planner explain``: one teacher's answer (report/explain.answer_lines).
ANSWER_LINES: dict[str, tuple[str, str]] = {
    "unknown": ("{teacher}: not on the roster", "{teacher}: 花名册中无此教师"),
    "points": ("{teacher}: points {total} ({parts})", "{teacher}: 积分 {total} ({parts})"),
    "selected": (
        "Selected: {subject} at {school} {name}",
        "已选派: {school} {name} {subject}岗位",
    ),
    "not_selected": ("Not selected", "未选派"),
    "reasons": ("Why:", "原因:"),
    "reason": ("  - {text}", "  - {text}"),
    "holders": (
        "Colleagues holding posts you could fill too:",
        "本校选派至本人也可填补岗位的教师:",
    ),
    "holder": (
        "  {teacher}: {points} points, {subject} at {school} {name} "
        "(lottery draw for that post: theirs {theirs}, yours {own})",
        "  {teacher}: 积分 {points}, {school} {name} {subject}岗位 "
        "(该岗位抽签号: 对方 {theirs}, 本人 {own})",
    ),
    "no_holders": (
        "No colleague from your school holds a post you could fill.",
        "本校无人选派至本人可填补的岗位。",
    ),
    "others": (
        "Teachers of other schools in posts you could fill (each school chooses among its "
        "own teachers, so their points are not compared with yours):",
        "其他学校选派至本人也可填补岗位的教师 (各校在本校教师中按积分选派, 积分不跨校比较):",
    ),
    "other": (
        "  {teacher} (of {home}): {points} points, {subject} at {school} {name}",
        "  {teacher} ({home}): 积分 {points}, {school} {name} {subject}岗位",
    ),
}


# The printable report (report/html.py): section and chart titles, legends.
REPORT_WORDS: dict[str, tuple[str, str]] = {
    "charts": ("The plan in charts", "方案图示"),
    "chart_bands": (
        "Posts filled by distance from the county seat",
        "按距县城远近的岗位填补情况",
    ),
    "chart_quota": (
        "Rotators per sending school, against the Q1 minimum",
        "各派出学校交流人数与Q1最低人数",
    ),
    "chart_commute": ("Commute of the rotators (km)", "交流教师通勤距离分布（公里）"),
    "chart_flow": ("From sending to receiving schools", "派出学校到接收学校的流向"),
    "posts": ("posts", "岗位数"),
    "filled": ("filled", "已填补"),
    "teachers": ("teachers", "人数"),
    "sent": ("sent", "交流人数"),
    "q1_min": ("Q1 minimum", "Q1最低人数"),
    "q_max": ("Q2/Q4 maximum", "Q2/Q4上限"),
    "band_to": ("{lo}-{hi} km", "{lo}-{hi}公里"),
    "band_from": ("{lo} km +", "{lo}公里以上"),
}


def report_word(key: str, lang: str, /, **fields: object) -> str:
    """A word of the printable report in ``lang``, filled."""
    return pick(REPORT_WORDS[key], lang).format(**fields)


def answer_line(key: str, lang: str, /, **fields: object) -> str:
    """A line of ``planner explain``'s answer in ``lang``, filled."""
    return pick(ANSWER_LINES[key], lang).format(**fields)


def summary_line(key: str, lang: str, /, **fields: object) -> str:
    """A line of report/summary.py in ``lang``, filled."""
    return pick(SUMMARY_LINES[key], lang).format(**fields)


def console(key: str, lang: str | None, /, **fields: object) -> str:
    """A console line in ``lang``, its fields filled. ``lang=None`` (before the roster is
    read, when its language is not known yet): both languages, Chinese first."""
    if lang is None:
        return f"{console(key, 'zh', **fields)} / {console(key, 'en', **fields)}"
    return pick(CONSOLE[key], lang).format(**fields)


def step_text(key: str, lang: str | None, /, **fields: object) -> str:
    """A progress step (api.Step) in words: a ``tier`` field becomes the tier's display
    name, a ``status`` field the solve status in words, a ``value`` or ``bound`` a whole
    number where it is one. ``lang=None``: both languages, as ``console``."""
    if lang is None:
        return f"{step_text(key, 'zh', **fields)} / {step_text(key, 'en', **fields)}"
    shown = dict(fields)
    if "tier" in shown:
        shown["tier"] = tier_name(str(shown["tier"]), lang)
    if "status" in shown:
        shown["status"] = solve_status(str(shown["status"]), lang)
    for name in ("value", "bound"):
        if isinstance(shown.get(name), float | int):
            shown[name] = figure(float(shown[name]))  # type: ignore[arg-type]
    return console(key, lang, **shown)


# --- the web page (planner serve, issue 13): every word it shows, in one block ---------

WEB: dict[str, tuple[str, str]] = {
    "app_title": ("Teacher rotation planner", "城乡教师交流轮岗编排"),
    "serving": (
        "The planner's page is at {url} (only this machine can open it). Ctrl-C stops it.",
        "编排网页已启动：{url}（仅本机可访问）。按 Ctrl-C 停止。",
    ),
    "need_token": (
        "This page needs the access token given when the server was started.",
        "访问本页面需要启动时设定的访问口令。",
    ),
    "privacy_note": (
        "Runs on this computer only: rosters stay here, nothing is sent anywhere.",
        "本程序只在本机运行：花名册留在本机，不向任何地方发送数据。",
    ),
    "home": ("Home", "首页"),
    "back": ("Back", "返回"),
    "file": ("File", "文件"),
    "roster_file": ("roster file", "花名册文件"),
    # the steps
    "nav_roster": ("Roster", "花名册"),
    "nav_policy": ("Policy", "政策参数"),
    "nav_solve": ("Solve", "编排"),
    "nav_plan": ("Plan", "方案"),
    "nav_whatif": ("What-if", "情景比较"),
    "nav_audit": ("Check a plan", "方案核查"),
    "nav_downloads": ("Downloads", "下载"),
    # 1. roster
    "upload_title": ("Open a roster", "打开花名册"),
    "upload_help": (
        "Drop the roster workbook (花名册) here, or choose it. It is read and checked at "
        "once; every problem is listed with its sheet, row and column.",
        "把花名册工作簿拖到下面，或点击选择文件。上传后立即读取并检查，"
        "每个问题都标明所在工作表、行和列。",
    ),
    "drop_here": ("Drop the roster here, or click to choose", "将花名册拖放到此处，或点击选择"),
    "folder": (
        "Or a folder of per-school rosters to merge:",
        "或选择各校花名册所在文件夹（合并）：",
    ),
    "merge_later": (
        "Several per-school rosters: merge them into one workbook first (one roster at a "
        "time here).",
        "如有多所学校的分表，请先合并为一个工作簿（此处每次上传一个花名册）。",
    ),
    "upload_limit": ("Largest file: {mb} MB.", "文件大小上限：{mb} MB。"),
    "upload_button": ("Upload and check", "上传并检查"),
    "upload_again": ("Fix the workbook and upload it again", "修改工作簿后重新上传"),
    "open_rosters": ("Rosters open now", "当前打开的花名册"),
    "has_errors": ("has errors", "有错误"),
    "saved_rosters": ("Saved rosters", "已保存的花名册"),
    "saved_plans": ("Kept plans", "已保留的方案"),
    "none_saved": ("None yet.", "暂无。"),
    "issues_title": (
        "{name}: {n} problems to fix before a plan can be made",
        "{name}：有 {n} 个问题，修改后才能编排",
    ),
    "issues_help": (
        "Nothing is solved until these are fixed. Open the workbook, fix each cell, save "
        "it and upload it again.",
        "这些问题修改之前不会进行编排。请打开工作簿逐一修改对应单元格，保存后重新上传。",
    ),
    "col_sheet": ("sheet", "工作表"),
    "col_row": ("row", "行"),
    "col_column": ("column", "列"),
    "col_message": ("problem", "问题"),
    "warnings": ("Warnings (the plan can still be made)", "提示（不影响编排）"),
    "roster_ok": ("{name}: the roster is valid", "{name}：花名册检查通过"),
    "supply": ("Posts no eligible teacher can fill", "无符合条件教师可填补的岗位"),
    "supply_ok": (
        "Every post has at least one eligible teacher who could fill it.",
        "每个岗位都至少有一名符合条件的教师可以填补。",
    ),
    "go_solve": ("Make the plan", "开始编排"),
    "go_policy": ("Review the policy first", "先查看政策参数"),
    "save_roster": ("Keep this roster", "保存此花名册"),
    "save_roster_help": (
        "kept on this computer, listed on the first page after a restart",
        "保存在本机，重启后仍在首页列出",
    ),
    "roster_saved": ("This roster is kept on this computer.", "此花名册已保存在本机。"),
    # 2. policy
    "policy_title": ("Policy parameters", "政策参数"),
    "policy_help": (
        "The values in force: the defaults, with the roster's Policy sheet on top. Values "
        "that differ from the default are marked. Applying the form re-checks the roster.",
        "当前生效的取值：默认值，叠加花名册“政策参数”表中的设定。与默认值不同的取值已标出。"
        "应用后将重新检查花名册。",
    ),
    "col_rule": ("rule", "规则"),
    "col_param": ("parameter", "参数"),
    "col_value": ("value", "取值"),
    "col_unit": ("unit", "单位"),
    "col_default": ("default", "默认值"),
    "col_range": ("allowed", "允许范围"),
    "col_source": ("source", "依据"),
    "changed": ("changed", "已修改"),
    "unit_share": ("share (0-1)", "比例（0–1）"),
    "unit_km": ("km", "公里"),
    "unit_years": ("years", "年"),
    "unit_age": ("years of age", "周岁"),
    "unit_points": ("points", "分"),
    "policy_apply": ("Apply", "应用"),
    "save_as": ("and keep as", "并保存为"),
    "policy_download": ("Download the policy as a TOML file", "下载政策参数（TOML 文件）"),
    "policy_applied": ("Applied: the roster was checked again.", "已应用，花名册已重新检查。"),
    "policy_load": ("Load a policy file", "载入政策参数文件"),
    "load": ("Load", "载入"),
    "load_saved": ("Load kept file", "载入已保存的文件"),
    # 3. solve
    "solve_title": ("Make the plan", "编排方案"),
    "solve_help": (
        "The solver works through the objective tiers in order (coverage first, then "
        "remote schools, quality, priority points, pairing, wishes, commute, lottery); "
        "each tier's value and bound show as it finishes. It runs on this computer and "
        "can be stopped at any time.",
        "求解器按目标层级依次求解（岗位覆盖、偏远学校优先、薄弱校质量、积分优先、结对、志愿、"
        "通勤、抽签），每完成一层即显示其取值和上界。求解在本机进行，可随时停止。",
    ),
    "time_limit": ("seconds per tier", "每层时限（秒）"),
    "seed": ("lottery seed", "抽签随机种子"),
    "solve_button": ("Solve", "开始编排"),
    "cancel": ("Stop", "停止"),
    "see_plan": ("See the plan", "查看方案"),
    "col_seconds": ("s", "秒"),
    "col_tier": ("objective tier", "目标层级"),
    "col_status": ("status", "状态"),
    "col_objective": ("value", "取值"),
    "col_bound": ("bound", "上界"),
    "job_started": (
        "starting the solver in a process of its own",
        "启动求解进程",
    ),
    "job_running": ("Solving…", "正在求解……"),
    "job_done": ("Done", "已完成"),
    "job_cancelled": ("Stopped", "已停止"),
    "job_failed": ("Failed", "失败"),
    "scenario_done": ("scenario {n} done: {status}", "第 {n} 个情景完成：{status}"),
    # 4. plan
    "tab_summary": ("Summary", "方案摘要"),
    "tab_assignments": ("Rotation list", "交流名单"),
    "tab_not_selected": ("Not selected", "未选派"),
    "tab_schools": ("Schools", "学校汇总"),
    "tab_constraints": ("Constraint report", "约束报告"),
    "tab_public_list": ("Public list", "公示名单"),
    "chart_bands": (
        "Posts filled, by distance from the county seat",
        "岗位填补情况（按距县城远近）",
    ),
    "tiers": ("Objective tiers", "目标层级"),
    "empty_posts": ("Posts no teacher could fill", "无人可填补的岗位"),
    "relax_title": (
        "Apply one of these changes, then solve again",
        "可选择以下调整之一，然后重新编排",
    ),
    "relax_apply": ("apply this change", "应用此调整"),
    "no_plan": ("There is no plan: see the summary.", "没有可行方案，请见方案摘要。"),
    "search": ("Search name, id, school…", "搜索姓名、工号、学校……"),
    "all_subjects": ("all subjects", "全部学科"),
    "all_schools": ("all schools", "全部学校"),
    "kept_from": ("This plan is the scenario “{name}”, kept.", "当前方案为保留的情景“{name}”。"),
    "home_school": ("school", "所在学校"),
    "points": ("points", "积分"),
    "teacher_selected": ("Selected: to {school}, {subject}", "已选派：{school}，{subject}"),
    "teacher_not_selected": ("Eligible, not selected", "符合条件，未选派"),
    "teacher_ineligible": ("Not eligible to rotate this year", "本年度不符合交流条件"),
    "why": ("Why", "原因"),
    "holders": (
        "Colleagues of this school sent to posts this teacher could fill too",
        "本校被选派到该教师也可填补岗位的同事",
    ),
    "no_holders": (
        "No colleague of this school went to a post this teacher could fill.",
        "本校没有同事被派往该教师可填补的岗位。",
    ),
    "others": (
        "Teachers of other schools in posts this teacher could fill (each school chooses "
        "among its own teachers: points are not compared across schools)",
        "其他学校选派至该教师也可填补岗位的教师 (各校在本校教师中选派, 积分不跨校比较)",
    ),
    "col_home": ("home school", "原学校"),
    "col_school": ("school", "学校"),
    "col_subject": ("subject", "学科"),
    "col_holder": ("held by", "现由"),
    "col_draws": ("lottery draw for the post: theirs / yours", "该岗位抽签号：对方 / 本人"),
    "col_teacher": ("teacher", "教师"),
    "col_posts": ("posts", "岗位数"),
    "col_filled": ("filled", "已填补"),
    "back_to_list": ("Back to the rotation list", "返回交流名单"),
    "school_posts": ("Posts asked for", "申报岗位"),
    "school_arriving": ("Teachers coming to this school", "到本校交流的教师"),
    "school_teachers": ("This school's teachers", "本校教师"),
    "t_sent": ("rotates to {school}", "交流至{school}"),
    "t_eligible": ("eligible, stays", "符合条件，留任"),
    "t_ineligible": ("not eligible ({rules})", "不符合条件（{rules}）"),
    # 5. what-if
    "whatif_title": ("What-if scenarios", "情景比较"),
    "whatif_help": (
        "Add scenarios (a parameter changed, a teacher exempted, a post opened or "
        "closed), run them all at once beside the baseline, compare the key figures and "
        "who moves, and keep one as the plan.",
        "添加情景（修改参数、暂缓某位教师交流、新增或关闭岗位），与基准方案一起并行求解，"
        "比较主要指标和人员变动，并可保留其中一个作为方案。",
    ),
    "scenario_name": ("scenario", "情景"),
    "scenario_n": ("scenario {n}", "情景{n}"),
    "scenario_kind": ("change", "变更类型"),
    "scenario_changes": ("changes", "变更内容"),
    "kind_param": ("change a parameter", "修改参数"),
    "kind_exempt": ("exempt a teacher", "暂缓交流"),
    "kind_add": ("open a post", "新增岗位"),
    "kind_close": ("close a post", "关闭岗位"),
    "now": ("now {value}", "当前 {value}"),
    "teacher_id": ("teacher id", "工号"),
    "school_id": ("school id", "学校编号"),
    "count": ("how many", "人数"),
    "add_scenario": ("Add", "添加"),
    "remove": ("remove", "删除"),
    "run_scenarios": ("Run the baseline and {n} scenarios", "求解基准方案和 {n} 个情景"),
    "kpis": ("Key figures side by side", "主要指标对比"),
    "who_moves": ("Who is placed differently from the baseline", "与基准方案相比安排不同的教师"),
    "no_moves": (
        "Every scenario places every teacher as the baseline does.",
        "各情景的人员安排均与基准方案相同。",
    ),
    "keep_title": ("Keep one as the plan", "选定方案"),
    "keep": ("keep as the plan", "作为方案"),
    "problem_bad_param": ("Choose a parameter.", "请选择参数。"),
    "problem_bad_value": (
        "That value is outside the parameter's allowed range.",
        "该取值超出参数允许范围。",
    ),
    "problem_bad_number": ("The count must be a whole number.", "人数须为整数。"),
    "problem_bad_edit": (
        "That change cannot apply: check the teacher id, school id and subject.",
        "无法应用该变更：请核对工号、学校编号和学科。",
    ),
    "problem_same_name": ("A scenario has that name already.", "已有同名情景。"),
    "problem_no_scenarios": ("Add a scenario first.", "请先添加情景。"),
    # 6. audit
    "audit_title": ("Check a plan made by hand", "核查手工编排的方案"),
    "audit_help": (
        "Upload a plan workbook (its Assignments / 交流名单 sheet): every rule is checked "
        "against this roster, and the rows of the teachers involved are highlighted.",
        "上传方案工作簿（含“交流名单”表），将按本花名册逐条核查全部规则，并标出涉及的教师。",
    ),
    "audit_button": ("Check", "核查"),
    "audit_ok": ("{name}: meets all {checked} checks", "{name}：全部 {checked} 项核查均符合"),
    "audit_bad": (
        "{name}: {n} rules broken (of {checked} checks)",
        "{name}：{checked} 项核查中有 {n} 项违反规则",
    ),
    "download_audit": ("Download the checked plan workbook", "下载核查结果工作簿"),
    # 7. downloads
    "downloads_title": ("Downloads", "下载"),
    "download_plan": ("Plan workbook (.xlsx)", "方案工作簿（.xlsx）"),
    "download_plan_help": (
        "summary, rotation list, 公示名单, school notices, schools, constraint report",
        "含方案摘要、交流名单、公示名单、学校通知、学校汇总、约束报告",
    ),
    "download_public": ("公示名单 alone (.xlsx)", "公示名单（.xlsx）"),
    "download_report": ("Printable report", "可打印报告"),
    "download_report_help": (
        "opens in a new tab: print it from the browser (Ctrl-P)",
        "在新标签页打开，可直接用浏览器打印（Ctrl-P）",
    ),
    "download_compare": ("Comparison workbook (.xlsx)", "情景比较工作簿（.xlsx）"),
    "download_eligibility": (
        "Every teacher, eligible or not, with the rules that exclude them (.xlsx)",
        "全部教师是否符合交流条件及所依据的规则（.xlsx）",
    ),
    "download_eligibility_help": ("for the schools to confirm", "供各校核对确认"),
    "solve_first": ("Make the plan first:", "请先编排："),
    # messages
    "msg_no_roster": (
        "That roster is not open (the server was restarted?). Open it again from the first page.",
        "该花名册未打开（服务器可能已重启），请从首页重新打开。",
    ),
    "msg_no_file": ("Choose a file first.", "请先选择文件。"),
    "msg_too_large": ("The file is larger than {mb} MB.", "文件超过 {mb} MB。"),
    "msg_merge_missing": (
        "{n} files were given: merge the per-school rosters into one workbook first.",
        "收到 {n} 个文件：请先将各校花名册合并为一个工作簿。",
    ),
    "msg_busy": (
        "A solve for this roster is already running: wait for it, or stop it first.",
        "此花名册已有一个求解正在进行：请等待其完成，或先停止。",
    ),
    "msg_bad_number": ("The time limit and the seed must be numbers.", "时限和随机种子须为数字。"),
    "msg_no_teacher": ("No such teacher in the roster.", "花名册中没有该教师。"),
    "msg_no_school": ("No such school in the roster.", "花名册中没有该学校。"),
    "msg_no_scenario": ("No such scenario result.", "没有该情景的结果。"),
    "msg_nothing_to_download": ("Nothing to download yet.", "暂无可下载的文件。"),
}


def web(key: str, lang: str, /, **fields: object) -> str:
    """A word of the web page in ``lang``, its fields filled."""
    return pick(WEB[key], lang).format(**fields)


# --- policy parameters in words (issue 11) ---------------------------------------------
# Each parameter's name and the kind of its value, so a Chinese report reads
# "最低交流比例 10%" and "男不超过50周岁", never ``min_share=0.1``. The kind decides how the
# value is shown: share (a percentage), km, years, age, points, title, flag (yes/no),
# directions (school types joined by arrows), a closed word list (``choice``), or text.
PARAM_WORDS: dict[str, tuple[str, str, str]] = {
    "plan_year": ("plan year", "方案年度", "text"),
    "reference_date": ("reference date", "计算基准日", "text"),
    "enabled": ("in force", "启用", "flag"),
    "E1.in_service": ("in-service status", "在编在岗状态", "text"),
    "E2.min_years": ("years at the school, at least", "本校任教至少", "years"),
    "E3.max_age_male": ("men aged at most", "男不超过", "age"),
    "E3.max_age_female": ("women aged at most", "女不超过", "age"),
    "E4.min_title": ("title at least", "职称不低于", "title"),
    "E5.retirement_window_years": ("years before retirement exempt", "距退休不足", "years"),
    "E5.retirement_age_male": ("retirement age, men", "男退休年龄", "age"),
    "E5.retirement_age_female": ("retirement age, women", "女退休年龄", "age"),
    "E5.rotated_within_years": ("rotated within", "近年已交流", "years"),
    "E6.directions": ("directions", "交流方向", "directions"),
    "Q1.min_share": ("minimum share", "最低交流比例", "share"),
    "Q2.max_share": ("maximum share", "最高交流比例", "share"),
    "Q3.min_share": ("backbone share at least", "骨干教师占比不低于", "share"),
    "Q3.denominator": ("share of", "占比基数", "choice"),
    "Q4.max_share": ("staff sent at most", "派出在编教师不超过", "share"),
    "P1.second_subjects": ("second subjects count", "兼教学科可对口", "flag"),
    "P3.max_share": ("arrivals at most", "接收交流教师不超过在编", "share"),
    "P4.max_km": ("distance at most", "距离不超过", "km"),
    "P4.family_max_km": ("family hardship: distance at most", "家庭困难者距离不超过", "km"),
    "P5.mode": ("paired schools", "结对学校", "choice"),
    "M1.min_rural_years": ("rural service under", "农村任教不足", "years"),
    "R1.never_rural_points": ("never rural", "从无农村经历", "points"),
    "R1.no_recent_points": ("no recent rural service", "近年无农村经历", "points"),
    "R1.recent_years": ("recent means within", "近年指", "years"),
    "R1.points_per_year_at_school": ("per year at the school", "本校每任教一年", "points"),
    "R1.max_year_points": ("years at the school, at most", "本校任教积分上限", "points"),
    "R2.points_per_level": ("per backbone level", "骨干每级", "points"),
    "R2.subject_leader_points": ("subject leader", "学科带头人", "points"),
    "R3.volunteer_points": ("volunteer", "自愿报名", "points"),
    "R5.mode": ("spouses", "夫妻", "choice"),
    "R5.max_km": ("spouses at most apart", "夫妻相距不超过", "km"),
    "W1.max_age": ("aged at most", "年龄不超过", "age"),
    "W1.min_teaching_years": ("teaching at least", "教龄不少于", "years"),
}
# The closed word lists of ``choice`` parameters.
PARAM_CHOICES: dict[str, tuple[str, str]] = {
    "rotators": ("rotators", "交流教师"),
    "eligible": ("eligible backbone", "符合条件的骨干教师"),
    "require": ("required", "必须"),
    "prefer": ("preferred", "优先"),
    "ignore": ("ignored", "不考虑"),
    "at_most_one": ("at most one of a couple is sent", "夫妻至多派出一人"),
    "nearby": ("both may go, near each other", "可同时派出且相距较近"),
}
# Where a parameter's default comes from, as policy.py cites it, in both languages.
POLICY_SOURCES: dict[str, tuple[str, str]] = {
    "1 September of the plan year": ("1 September of the plan year", "方案年份的9月1日"),
    "2018 national title rule": ("2018 national title rule", "2018年国家职称规定"),
    "Henan, Tianjin, Anhui, Beijing": ("Henan, Tianjin, Anhui, Beijing", "河南、天津、安徽、北京"),
    "Jinan: 10-15% band": ("Jinan: 10-15% band", "济南: 10%-15%区间"),
    "Miyun": ("Miyun", "北京密云"),
    "MoE 2014": ("MoE 2014", "教育部2014年意见"),
    "MoE 2014 (rotators); Anhui (eligible)": (
        "MoE 2014 (rotators); Anhui (eligible)",
        "教育部2014年意见 (按交流教师); 安徽 (按符合条件的骨干教师)",
    ),
    "MoE 2014 opinion (教师〔2014〕4号)": (
        "MoE 2014 opinion (教师〔2014〕4号)",
        "教育部2014年意见 (教师〔2014〕4号)",
    ),
    "MoE 2014: 城镇学校、优质学校 send": (
        "MoE 2014: 城镇学校、优质学校 send",
        "教育部2014年意见: 城镇学校、优质学校派出",
    ),
    "MoE 2014; State Council 2016": (
        "MoE 2014; State Council 2016",
        "教育部2014年意见; 国务院2016年文件",
    ),
    "county plans": ("county plans", "各县实施方案"),
    "district plan": ("district plan", "区实施方案"),
    "district plan (女45)": ("district plan (女45)", "区实施方案 (女45)"),
    "district plan (男50)": ("district plan (男50)", "区实施方案 (男50)"),
    "district plan: 中级以上": ("district plan: 中级以上", "区实施方案: 中级以上"),
    "district plan: 首批": ("district plan: 首批", "区实施方案: 首批"),
    "seed: 教师不同科": ("seed: 教师不同科", "案例: 教师不同科"),
    "seeds": ("seeds", "案例"),
    "seeds: 结对帮扶": ("seeds: 结对帮扶", "案例: 结对帮扶"),
    "the bureau": ("the bureau", "教育局"),
}
_UNITS: dict[str, tuple[str, str]] = {
    "years": ("{v} years", "{v}年"),
    "age": ("{v}", "{v}周岁"),
    "km": ("{v} km", "{v}公里"),
    "points": ("{v} points", "{v}分"),
}


def _plain_number(value: float) -> str:
    return f"{value:g}"


def param_value(key: str, value: object, lang: str) -> str:
    """A policy value in words: ``10%``, ``50周岁``, ``30公里``, ``一级``, ``城区→乡镇``,
    ``是``; ``无`` for none. ``key`` is ``Q1.min_share`` (or ``enabled``)."""
    kind = PARAM_WORDS.get(key, PARAM_WORDS.get(key.partition(".")[2], ("", "", "text")))[2]
    if value is None or value == ():
        return word("none", lang)
    if isinstance(value, bool) or kind == "flag":
        if isinstance(value, str):  # as a relaxation names it: "false", "true"
            value = value.strip().casefold() in ("true", "yes", "1", "是")
        return word("yes" if value else "no", lang)
    if isinstance(value, Title):
        return title_name(value, lang)
    if kind == "share" and isinstance(value, int | float):
        return f"{round(float(value) * 100, 4):g}%"
    if kind in _UNITS and isinstance(value, int | float):
        return pick(_UNITS[kind], lang).format(v=_plain_number(float(value)))
    if kind == "directions" and isinstance(value, tuple):
        names = {k.value: k for k in SchoolType}
        shown = []
        for item in value:
            a, _, b = str(item).partition("->")
            if a in names and b in names:
                pair = school_type_name(names[a], lang), school_type_name(names[b], lang)
                shown.append("→".join(pair))
            else:
                shown.append(str(item))
        return join(shown, lang)
    if kind == "choice" and str(value) in PARAM_CHOICES:
        return pick(PARAM_CHOICES[str(value)], lang)
    if isinstance(value, tuple):
        return join([str(v) for v in value], lang)
    if isinstance(value, float):
        return _plain_number(value)
    return str(getattr(value, "value", value))


def policy_source(source: str, lang: str) -> str:
    """Where a default comes from, in ``lang`` (the citation itself when not listed)."""
    return pick(POLICY_SOURCES[source], lang) if source in POLICY_SOURCES else source


def param_name(key: str, lang: str) -> str:
    """A parameter's name in words (``最低交流比例``); the key itself when unknown."""
    return pick(PARAM_WORDS[key][:2], lang) if key in PARAM_WORDS else key


def param_text(key: str, value: object, lang: str) -> str:
    """``最低交流比例 10%``; ``男不超过 50周岁``."""
    return f"{param_name(key, lang)} {param_value(key, value, lang)}"


def param_change(key: str, old: object, new: object, lang: str) -> str:
    """A moved parameter with its rule: ``Q1 最低交流比例 30%→12%``."""
    rule_id = key.partition(".")[0] if "." in key else ""
    head = f"{rule_id} " if rule_id else ""
    arrow = "→" if lang == "zh" else " -> "
    old_text, new_text = param_value(key, old, lang), param_value(key, new, lang)
    return f"{head}{param_name(key, lang)} {old_text}{arrow}{new_text}"


# --- --help: every command's and option's help, in both languages ------------------------

CLI_HELP: dict[str, tuple[str, str]] = {
    "app": (
        "Plan the urban-rural teacher rotation (城乡教师交流轮岗) of a county.",
        "编排全县城乡教师交流轮岗方案。",
    ),
    "roster": (
        "Roster workbook (花名册): .xlsx, .xlsm, .xls, .et or .ods; Chinese or English headers.",
        "花名册工作簿: .xlsx、.xlsm、.xls、.et 或 .ods; 表头可用中文或英文。",
    ),
    "policy": (
        "TOML file of policy overrides, e.g. Q1.min_share = 0.15.",
        "政策参数 TOML 文件, 例如 Q1.min_share = 0.15。",
    ),
    "seed": (
        "Seed of the published tie-break lottery.",
        "公开抽签 (积分相同时) 的种子。",
    ),
    "workers": (
        "CP-SAT worker threads (1 is fastest here).",
        "CP-SAT 求解线程数 (通常 1 最快)。",
    ),
    "method": (
        (
            "How each tier is solved: lp (its linear relaxation first, CP-SAT only for what the LP "
            "leaves open; the default) or cp-sat (CP-SAT alone, the reference)."
        ),
        (
            "各目标层级的求解方式: lp (先解线性松弛, 仅在其未决定处用 CP-SAT 搜索; 默认) 或 cp-sat "
            "(只用 CP-SAT, 作为参照)。"
        ),
    ),
    "time_limit": (
        "Seconds allowed per objective tier.",
        "每个目标层级允许的秒数。",
    ),
    "lang": (
        "Output language: zh or en (default: the input's).",
        "输出语言: zh 或 en (默认与输入一致)。",
    ),
    "quiet": (
        "No progress on stderr.",
        "不显示进度。",
    ),
    "output": (
        "Output workbook path.",
        "输出工作簿路径。",
    ),
    "best_effort": (
        (
            "When the rules cannot all hold, break the counting rules (Q1-Q4, P3, M1) as little as "
            "possible instead of stopping; each breach is in the Constraint report and the exit "
            "code is 1."
        ),
        (
            "规则无法同时满足时, 尽量少地突破计数类规则 (Q1-Q4、P3、M1) 而不是停止; "
            "每处突破都列在约束报告中, 退出码为 1。"
        ),
    ),
    "history": (
        (
            "An earlier plan workbook (repeatable): its rotators count as rotated in its year "
            "(from its Run sheet or file name, or given as PATH:YEAR)."
        ),
        (
            "往年方案工作簿 (可多次指定): 其中的交流教师计为当年已交流 "
            "(年份取自其运行信息表或文件名, 或写作 路径:年份)。"
        ),
    ),
    "previous": (
        "The published plan workbook to keep.",
        "需尽量保持的已公布方案工作簿。",
    ),
    "force": (
        (
            "Write over an existing plan workbook; without it a new version is written beside it "
            "(roster.plan-2.xlsx) and named."
        ),
        "覆盖已有的方案工作簿; 不加此项时在旁边写出新版本 (roster.plan-2.xlsx) 并提示。",
    ),
    "scenarios": (
        (
            "TOML file of scenario tables (see sample_data/scenarios.toml), or a workbook with a "
            "Scenarios (情景) sheet (default: the roster's own Scenarios sheet)."
        ),
        (
            "情景 TOML 文件 (见 sample_data/scenarios.toml), 或含「情景」工作表的工作簿 (默认: "
            "花名册自带的情景表)。"
        ),
    ),
    "jobs": (
        "Scenarios solved at once (default: one per core).",
        "同时求解的情景数 (默认: 每个处理器核一个)。",
    ),
    "scheduler": (
        "Dask distributed scheduler address, e.g. tcp://host:8786.",
        "Dask 分布式调度器地址, 例如 tcp://host:8786。",
    ),
    "eligibility": (
        (
            "Also write a workbook of every teacher, eligible or not, with the rules that exclude "
            "them (for schools to confirm before the solve)."
        ),
        "同时写出全部教师是否符合交流条件及排除其的规则 (供学校在编排前确认)。",
    ),
    "report_file": (
        (
            "Also write the printable report: report.html, or report.pdf (printed by headless "
            "Chromium)."
        ),
        "同时写出可打印报告: report.html, 或 report.pdf (由无界面 Chromium 打印)。",
    ),
    "plan_file": (
        "Plan workbook (ours, or made by hand).",
        "方案工作簿 (本工具生成或手工编制)。",
    ),
    "roster_out": (
        "Roster workbook to write.",
        "要写出的花名册工作簿。",
    ),
    "teachers": (
        "Teachers (>= 40).",
        "教师人数 (至少 40)。",
    ),
    "header_lang": (
        "Header language: zh or en.",
        "表头语言: zh 或 en。",
    ),
    "school": (
        "One school's copy: its code filled in and locked.",
        "单个学校的版本: 预填并锁定其学校编号。",
    ),
    "merge_files": (
        "The schools' rosters: files, or folders of them.",
        "各校交回的花名册: 文件或其所在文件夹。",
    ),
    "county_out": (
        "County roster to write.",
        "要写出的全县花名册。",
    ),
    "policy_lang": (
        "Language: zh or en.",
        "语言: zh 或 en。",
    ),
    "plan_a": (
        "First plan workbook (the reference).",
        "第一个方案工作簿 (作为参照)。",
    ),
    "plan_b": (
        "Second plan workbook.",
        "第二个方案工作簿。",
    ),
    "compare_roster": (
        "The roster both plans are for.",
        "两个方案所依据的花名册。",
    ),
    "serve_rosters": (
        "Roster workbooks to open at once (optional).",
        "启动时打开的花名册 (可选)。",
    ),
    "host": (
        "Address to listen on.",
        "监听地址。",
    ),
    "port": (
        "Port to listen on.",
        "监听端口。",
    ),
    "no_browser": (
        "Do not open a browser.",
        "不自动打开浏览器。",
    ),
    "token": (
        "Access token; required with any --host but this machine.",
        "访问口令; 监听本机以外的地址时必须设定。",
    ),
    "data": (
        "Folder for what is kept (default: the user's data folder).",
        "保存内容的文件夹 (默认: 用户数据文件夹)。",
    ),
    "teacher_id": (
        "The teacher's id (工号).",
        "教师工号。",
    ),
    "report_roster": (
        "The roster (default: the one the plan's Run sheet names, beside the plan).",
        "花名册 (默认: 方案运行信息表所记、位于方案旁的花名册)。",
    ),
    "report_out": (
        (
            "report.html, or report.pdf (printed by headless Chromium). Default: "
            "<plan>.report.html beside the plan."
        ),
        ("report.html 或 report.pdf (由无界面 Chromium 打印)。默认: 方案旁的 <方案>.report.html。"),
    ),
    "cmd_validate": (
        (
            "Check a roster without solving, and summarise what was read; warnings (old titles, "
            "subjects with a school level, skipped total rows, subjects with more posts than "
            "teachers who could fill them) are listed apart."
        ),
        (
            "只检查花名册不编排, 并汇总读到的内容; 提示 (旧职称、带学段的学科、跳过的合计行、"
            "岗位多于可填补教师的学科) 与错误分开列出。"
        ),
    ),
    "cmd_solve": (
        (
            "Solve the rotation and write the plan workbook (default: <roster>.plan.xlsx; an "
            "existing plan is kept and a new version written beside it, unless --force)."
        ),
        (
            "编排并写出方案工作簿 (默认 <花名册>.plan.xlsx; 已有方案会保留, 新版本写在旁边, 除非加 "
            "--force)。"
        ),
    ),
    "cmd_check": (
        (
            "Re-check any plan, including one made by hand, against every rule, and write the "
            "findings workbook (default: <plan>.check.xlsx beside the plan)."
        ),
        (
            "按全部规则核查任一方案 (含手工编制的), 并写出核查结果工作簿 (默认: 方案旁的 "
            "<方案>.check.xlsx)。"
        ),
    ),
    "cmd_sample": (
        "Generate a realistic synthetic county roster (for trying the tool out).",
        "生成一个仿真的全县花名册 (用于试用)。",
    ),
    "cmd_stats": (
        (
            "Per sending school: eligible teachers, how many rotated in each year, and how many "
            "were never asked."
        ),
        "按派出学校: 符合条件的教师、每年交流人数、从未交流的人数。",
    ),
    "cmd_template": (
        (
            "Write a blank roster to send to schools: every sheet and column, drop-down lists, "
            "input hints and an instructions sheet."
        ),
        "写出发给学校的空白花名册: 全部工作表和列、下拉列表、填写提示和填写说明。",
    ),
    "cmd_merge": (
        (
            "Merge the rosters schools send back into one county roster, checking them against "
            "each other; every problem names its file, sheet, row and column."
        ),
        "把各校交回的花名册合并为全县花名册并相互核对; 每个问题都指出文件、工作表、行和列。",
    ),
    "cmd_policy": (
        "Every policy parameter: its key, Chinese and English names, default, range and source.",
        "列出全部政策参数: 参数名、中英文名称、默认值、取值范围和来源。",
    ),
    "cmd_whatif": (
        (
            "Solve the baseline and every scenario; write one comparison workbook (default: "
            "<roster>.whatif.xlsx)."
        ),
        "求解基准方案和每个情景, 写出一个比较工作簿 (默认 <花名册>.whatif.xlsx)。",
    ),
    "cmd_compare": (
        "Compare any two plans: KPIs side by side and who is placed differently.",
        "比较任意两个方案: 关键指标并列, 以及安排不同的教师。",
    ),
    "cmd_replan": (
        (
            "Re-plan after roster edits, changing the published plan as little as possible "
            "(default output: <roster>.replan.xlsx, with a Changes sheet)."
        ),
        "花名册变动后重新编排, 尽量少改动已公布方案 (默认输出 <花名册>.replan.xlsx, 含变动表)。",
    ),
    "cmd_serve": (
        "Start the local web page (Chinese by default, English switchable) and open it.",
        "启动本机编排网页 (默认中文, 可切换英文) 并打开。",
    ),
    "cmd_explain": (
        (
            "Why was a teacher (not) chosen, and who holds the posts they could have had, with how "
            "many points (and the lottery draws)."
        ),
        "说明某位教师为何 (未) 被选派, 以及其本可填补的岗位由谁担任、积分多少 (及抽签号)。",
    ),
    "cmd_report": (
        (
            "Write the printable report of a plan: summary, charts, Constraint report and the "
            "public list, as one HTML page or a PDF."
        ),
        "写出方案的可打印报告: 摘要、图表、约束报告和公示名单, 为一个 HTML 页面或 PDF。",
    ),
}


def help_lang() -> str:
    """The language of ``--help``, shown before any roster is read: English when the
    user's locale is English (``LANG=en_US.UTF-8``), else Chinese, the planner's first
    language."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.casefold().startswith("en") else "zh"
    return "zh"


def cli_help(key: str) -> str:
    """A command's or option's help in the language of ``--help``."""
    return pick(CLI_HELP[key], help_lang())
