#include "supervision/tasks.hpp"

#include <fmt/format.h>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "security/digest.hpp"
#include "supervision/tasks_store.hpp"

namespace jz::supervision {
namespace {

using security::Role;

bool valid_status(const std::string& s) { return s == "not_started" || s == "in_progress" || s == "done"; }

Result<void> check_text(const std::optional<std::string>& v, const char* field, size_t max, bool required) {
  if (!v) return required ? Result<void>(make_error("missing_field", field)) : Result<void>{};
  if (v->empty() && required) return make_error("missing_field", field);
  if (v->size() > max) return make_error("invalid_field", field, "too_long");
  return {};
}

// A file name to keep: no path, no control characters, at most 100 bytes.
std::string clean_name(std::string name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F && c != '"') out += c;
  if (out.size() > 100) out = out.substr(out.size() - 100);
  return out;
}

security::AuditEntry entry(const char* action, int64_t id, std::string summary) {
  return {action, "measure_task", std::to_string(id), std::move(summary)};
}

}  // namespace

std::string evidence_content_type(std::string_view bytes) {
  if (bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-") return "application/pdf";
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return "image/jpeg";
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return "image/png";
  return "";
}

std::string TaskBoard::department_of(db::Connection& conn, const security::Principal& p) {
  if (p.role != Role::department) return "";
  std::string d = tasks_store::user_department(conn, p.user_id);
  return is_department(d) ? d : "";
}

void TaskBoard::fill_in(Task& t, const std::string& today) const {
  auto metric = parse_metric(t.metric).value_or(Metric::none);
  int year = std::atoi(t.deadline.substr(0, 4).c_str());
  if (metric != Metric::none && figures_.value) {
    t.automatic = true;
    t.progress = figures_.value(metric, year);
    if (metric == Metric::trainee_times && !t.target && figures_.trainee_target) t.target = figures_.trainee_target(year);
  }
  bool reached = t.automatic && t.target && t.progress && *t.progress >= *t.target;
  t.overdue = t.deadline < today && t.status != "done" && !reached;
}

Result<std::vector<Task>> TaskBoard::list(const security::Principal&, const TaskFilter& f) {
  std::vector<Task> out;
  {
    auto conn = db_.acquire();
    out = tasks_store::tasks(*conn, f);
  }
  const std::string today = today_beijing();
  std::vector<Task> kept;
  for (auto& t : out) {
    fill_in(t, today);
    if (!f.overdue_only || t.overdue) kept.push_back(std::move(t));
  }
  return kept;
}

Result<TaskDetail> TaskBoard::get(const security::Principal&, int64_t id) {
  TaskDetail d;
  {
    auto conn = db_.acquire();
    auto t = tasks_store::task(*conn, id);
    if (!t) return make_error("not_found");
    d.task = std::move(*t);
    d.updates = tasks_store::updates(*conn, id);
    d.files = tasks_store::files(*conn, id);
  }
  fill_in(d.task, today_beijing());
  return d;
}

Result<Task> TaskBoard::create(const security::Principal& p, int measure_no, const TaskInput& in,
                               const security::AuditActor& a) {
  const Measure* m = find_measure(measure_no);
  if (!m) return make_error("not_found");
  for (auto r : {check_text(in.title, "title", 300, true), check_text(in.owner, "owner", 100, true),
                 check_text(in.unit, "unit", 20, false), check_text(in.deadline, "deadline", 10, true)})
    if (!r) return r.error();
  if (!credit::is_date(*in.deadline)) return make_error("invalid_field", "deadline", "YYYY-MM-DD");
  auto metric = parse_metric(in.metric.value_or(""));
  if (!metric) return make_error("invalid_field", "metric");
  if (in.target && *in.target < 0) return make_error("invalid_field", "target");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Task t;
  if (p.role == Role::province_admin) {
    if (!in.department || in.department->empty()) return make_error("missing_field", "department");
    if (!m->names(*in.department)) return make_error("invalid_field", "department", "not named by this measure");
    t.department = *in.department;
  } else {
    // A department official adds tasks for her own department, on the measures that name it.
    std::string own = department_of(*conn, p);
    if (own.empty() || !m->names(own) || (in.department && !in.department->empty() && *in.department != own))
      return make_error("out_of_scope");
    t.department = own;
  }
  t.title = *in.title;
  t.owner = *in.owner;
  t.unit = in.unit.value_or("");
  t.metric = std::string(metric_name(*metric));
  t.deadline = *in.deadline;
  t.target = in.target;
  t.status = "not_started";
  t.created_by = p.username;
  const std::string now = now_utc();
  t.id = tasks_store::insert_task(*conn, measure_no, t, now);
  security::write_audit(*conn, a,
                        entry("measure_task.create", t.id, fmt::format("measure {} {} {}", measure_no, t.department, t.title)));
  tx.commit();
  auto created = tasks_store::task(*conn, t.id);
  fill_in(*created, today_beijing());
  return *created;
}

Result<Task> TaskBoard::owned(db::Connection& conn, const security::Principal& p, int64_t id) {
  auto t = tasks_store::task(conn, id);
  if (!t) return make_error("not_found");
  if (p.role == Role::province_admin) return *t;
  std::string own = department_of(conn, p);
  if (own.empty() || own != t->department) return make_error("out_of_scope");
  return *t;
}

Result<Task> TaskBoard::change(const security::Principal& p, int64_t id, const TaskInput& in,
                               const security::AuditActor& a) {
  for (auto r : {check_text(in.title, "title", 300, in.title.has_value()),
                 check_text(in.owner, "owner", 100, in.owner.has_value()), check_text(in.unit, "unit", 20, false)})
    if (!r) return r.error();
  if (in.deadline && !credit::is_date(*in.deadline)) return make_error("invalid_field", "deadline", "YYYY-MM-DD");
  std::optional<Metric> metric;
  if (in.metric && !(metric = parse_metric(*in.metric))) return make_error("invalid_field", "metric");
  if (in.target && *in.target < 0) return make_error("invalid_field", "target");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto t = owned(*conn, p, id);
  if (!t) return t.error();
  if (in.department && *in.department != t->department) {
    // Moving a task to another department is the province's decision, and only to a department the measure names.
    if (p.role != Role::province_admin) return make_error("out_of_scope");
    if (!find_measure(t->measure)->names(*in.department))
      return make_error("invalid_field", "department", "not named by this measure");
    t->department = *in.department;
  }
  if (in.title) t->title = *in.title;
  if (in.owner) t->owner = *in.owner;
  if (in.unit) t->unit = *in.unit;
  if (in.deadline) t->deadline = *in.deadline;
  if (metric) t->metric = std::string(metric_name(*metric));
  if (in.target) t->target = in.target;
  if (in.clear_target) t->target.reset();
  tasks_store::update_terms(*conn, id, *t, now_utc());
  security::write_audit(*conn, a,
                        entry("measure_task.update", id,
                              fmt::format("{} deadline={} target={}", t->department, t->deadline,
                                          t->target ? std::to_string(*t->target) : "-")));
  tx.commit();
  auto changed = tasks_store::task(*conn, id);
  fill_in(*changed, today_beijing());
  return *changed;
}

Result<TaskDetail> TaskBoard::report(const security::Principal& p, int64_t id, const ProgressInput& in,
                                     const security::AuditActor& a) {
  if (in.note.empty()) return make_error("missing_field", "note");
  if (in.note.size() > 4000) return make_error("invalid_field", "note", "too_long");
  if (in.status && !valid_status(*in.status)) return make_error("invalid_field", "status");
  if (in.progress && *in.progress < 0) return make_error("invalid_field", "progress");
  {
    auto conn = db_.acquire();
    db::Transaction tx(*conn, true);
    auto t = tasks_store::task(*conn, id);
    if (!t) return make_error("not_found");
    // Only the owning department reports: not the province admin, not a partner, not another department.
    std::string own = department_of(*conn, p);
    if (own.empty() || own != t->department) return make_error("out_of_scope");
    if (in.progress && !t->metric.empty())
      return make_error("invalid_field", "progress", "this task's figure comes from the platform");
    std::string status = in.status.value_or(t->status == "not_started" ? "in_progress" : t->status);
    std::optional<int64_t> progress = in.progress ? in.progress : t->progress;
    const std::string now = now_utc();
    tasks_store::insert_update(*conn, TaskUpdate{0, id, in.progress, own, in.note, status, p.username, now});
    tasks_store::set_progress(*conn, id, progress, status, now);
    security::write_audit(*conn, a,
                          entry("measure_task.progress", id,
                                fmt::format("{} status={} progress={}", own, status,
                                            progress ? std::to_string(*progress) : "-")));
    tx.commit();
  }
  return get(p, id);
}

Result<TaskFile> TaskBoard::attach(const security::Principal& p, int64_t id, const std::string& name,
                                   const std::string& bytes, const security::AuditActor& a) {
  if (bytes.size() > kMaxEvidenceBytes) return make_error("evidence_too_large");
  std::string type = evidence_content_type(bytes);
  if (type.empty()) return make_error("unsupported_evidence_type");
  std::string clean = clean_name(name);
  if (clean.empty()) clean = type == "application/pdf" ? "evidence.pdf" : type == "image/png" ? "evidence.png" : "evidence.jpg";
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto t = tasks_store::task(*conn, id);
  if (!t) return make_error("not_found");
  std::string own = department_of(*conn, p);
  if (own.empty() || own != t->department) return make_error("out_of_scope");
  TaskFile f;
  f.task_id = id;
  f.department = own;
  f.name = clean;
  f.content_type = type;
  f.size = static_cast<int64_t>(bytes.size());
  f.sha256 = security::sha256_hex(bytes);
  f.created_by = p.username;
  f.created_at = now_utc();
  f.id = tasks_store::insert_file(*conn, f, bytes);
  security::write_audit(*conn, a, entry("measure_task.file", id, fmt::format("{} {} bytes {}", type, bytes.size(), f.sha256)));
  tx.commit();
  return f;
}

Result<std::pair<TaskFile, std::string>> TaskBoard::file(const security::Principal&, int64_t task_id, int64_t file_id) {
  auto conn = db_.acquire();
  auto f = tasks_store::file(*conn, task_id, file_id);
  if (!f) return make_error("not_found");
  return std::move(*f);
}

void seed_demo_tasks(db::Connection& conn, const std::string& now) {
  if (tasks_store::count_tasks(conn) > 0) return;
  constexpr int kYearEnd = 100000;
  struct Seed {
    int measure;
    const char* department;
    const char* title;
    std::optional<int64_t> target;
    const char* unit;
    const char* metric;
    int deadline;  // days from today (Beijing); kYearEnd: 31 December of this year (tasks counted by the platform)
    const char* owner;
    std::optional<int64_t> progress;
    const char* status;
  };
  const Seed seeds[] = {
      {1, "省商务厅", "培育家政兴农龙头企业并推动入驻诚信平台", 300, "家", "enterprises_listed", kYearEnd, "服务贸易处", {}, "in_progress"},
      {1, "省人社厅", "引导发展母婴护理、养老护理等紧缺工种", 14, "个市州", "", 45, "职业能力建设处", 9, "in_progress"},
      {2, "省商务厅", "组织家政劳务品牌参加重要展会推介", 3, "场", "", -40, "服务贸易处", 1, "in_progress"},
      {2, "省妇联", "举办巾帼家政服务技能大赛", 1, "场", "", 75, "发展部", {}, "not_started"},
      {3, "省人社厅", "认定省级家政服务劳务输转基地", 10, "个", "", 110, "农民工工作处", 4, "in_progress"},
      {4, "省人社厅", "举办生活服务类企业专场招聘活动", 28, "场", "", -90, "就业促进处", 31, "done"},
      {4, "省总工会", "通过“智慧工会”平台发布家政用工信息", 2000, "条", "", 120, "职工服务中心", 650, "in_progress"},
      {5, "省商务厅", "免费线上培训超过14万人次", {}, "人次", "trainee_times", kYearEnd, "服务贸易处", {}, "in_progress"},
      {6, "省农业农村厅", "对脱贫人口开展就业和培训意愿摸底调查", 14, "个市州", "", 30, "乡村产业发展处", 11, "in_progress"},
      {7, "省商务厅", "引导家政服务员在“家政信用查”实名认证", 50000, "人", "identity_verified", kYearEnd, "市场秩序处", {}, "in_progress"},
      {8, "省人社厅", "推广使用家政服务合同示范样本", 500, "家企业", "", -20, "劳动关系处", 120, "in_progress"},
      {9, "省人社厅", "“免申预付”发放一次性交通补助", 5000000, "元", "subsidies_paid_yuan", kYearEnd, "就业促进处", {}, "in_progress"},
      {9, "省税务局", "家政企业税费优惠政策宣传辅导", 14, "个市州", "", -120, "纳税服务处", 14, "done"},
      {10, "省住建厅", "将符合条件的家政从业人员纳入保障性租赁住房范围", 14, "个市州", "", 90, "住房保障处", 5, "in_progress"},
      {11, "省农业农村厅", "家政企业吸纳脱贫人口就业项目纳入县级项目库", 20, "个县区", "", -65, "规划财务处", 6, "in_progress"},
      {12, "中国人民银行甘肃省分行", "推出适合家政行业的信贷产品", 3, "款", "", 150, "货币信贷管理处", {}, "not_started"},
      {13, "省商务厅", "举办家政兴农经验交流会", 1, "场", "", 60, "服务贸易处", {}, "not_started"},
      {13, "省市场监管局", "征集家政服务领域地方标准修订项目", 5, "项", "", 100, "标准化处", 2, "in_progress"},
  };
  const std::string today = today_beijing();
  for (const auto& s : seeds) {
    Task t;
    t.department = s.department;
    t.title = s.title;
    t.target = s.target;
    t.unit = s.unit;
    t.metric = s.metric;
    t.deadline = s.deadline == kYearEnd ? today.substr(0, 4) + "-12-31" : credit::add_days(today, s.deadline);
    t.owner = s.owner;
    t.progress = s.progress;
    t.status = s.status;
    t.created_by = "admin";
    tasks_store::insert_task(conn, s.measure, t, now);
  }
}

}  // namespace jz::supervision
