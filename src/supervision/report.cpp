#include "supervision/report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/pdf_document.hpp"
#include "registry/export.hpp"
#include "supervision/measures.hpp"
#include "supervision/painpoints.hpp"

namespace jz::supervision {
namespace {

std::string status_zh(const Task& t) {
  if (t.overdue) return "已逾期";
  if (t.status == "done") return "已完成";
  if (t.status == "in_progress") return "推进中";
  return "未开始";
}

std::string progress_text(const Task& t) {
  auto v = [](const std::optional<int64_t>& x) { return x ? std::to_string(*x) : std::string("—"); };
  return v(t.progress) + " / " + v(t.target) + (t.unit.empty() ? "" : " " + t.unit) + (t.automatic ? "（平台统计）" : "");
}

struct AreaRow {
  std::string name;
  Figures f;
  int64_t trainees = 0;
};

std::vector<AreaRow> area_rows(const Dashboard& d, const reference::DivisionCatalog& catalog) {
  std::vector<AreaRow> out;
  for (const auto* div : catalog.children(d.prefecture.empty() ? "62" : d.prefecture)) {
    AreaRow r{div->name, {}, 0};
    if (auto it = d.figures.groups.find(div->code); it != d.figures.groups.end()) r.f = it->second;
    if (auto it = d.trainee_times.find(div->code); it != d.trainee_times.end()) r.trainees = it->second;
    out.push_back(std::move(r));
  }
  return out;
}

// Pain-point categories with texts, largest first; at most `n`.
std::vector<const PainCategoryFigures*> top_pains(const PainPointReport& p, size_t n) {
  std::vector<const PainCategoryFigures*> out;
  for (const auto& c : p.categories)
    if (c.count > 0) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->count > b->count; });
  if (out.size() > n) out.resize(n);
  return out;
}

std::string pain_name(const std::string& code) {
  const Category* c = find_category(code);
  return c ? std::string(c->zh) : code;
}

}  // namespace

std::vector<std::pair<std::string, int64_t>> key_figures(const Dashboard& d) {
  const Figures& f = d.figures.total;
  return {
      {"企业总数", f.enterprises},
      {"已上平台企业", f.listed},
      {"登记服务员", f.workers},
      {"本月新登记服务员", f.workers_new},
      {"身份已核验", f.identity_verified},
      {"持有效上门服务证", f.certified},
      {"体检有效", f.health_checked},
      {"已参保", f.insured},
      {"脱贫人口", f.poverty_alleviated},
      {"培训人次", d.trainee_total},
      {"在岗就业", f.employed},
      {"省外转移", f.out_of_province},
      {"脱贫人口就业", f.poverty_employed},
      {"评价条数", f.reviews},
      {"收到投诉", f.complaints},
      {"办结投诉", f.complaints_closed},
      {"补贴发放笔数", f.payments},
      {"补贴发放金额（元）", f.paid_yuan},
  };
}

Result<std::string> report_xlsx(const MonthlyReport& r, const reference::DivisionCatalog& catalog) {
  std::vector<registry::Table> sheets;
  registry::Table figures;
  figures.sheet_name = "主要指标";
  figures.header = {"指标", r.month + " " + r.scope_name};
  figures.widths = {24, 18};
  for (const auto& [label, value] : key_figures(r.dashboard)) figures.rows.push_back({label, std::to_string(value)});
  sheets.push_back(std::move(figures));

  registry::Table areas;
  areas.sheet_name = r.dashboard.prefecture.empty() ? "分市州" : "分县区";
  areas.header = {"地区", "登记服务员", "本月新登记", "培训人次", "在岗就业", "收到投诉", "补贴发放（元）"};
  areas.widths = {14, 12, 12, 12, 12, 12, 14};
  for (const auto& a : area_rows(r.dashboard, catalog))
    areas.rows.push_back({a.name, std::to_string(a.f.workers), std::to_string(a.f.workers_new), std::to_string(a.trainees),
                          std::to_string(a.f.employed), std::to_string(a.f.complaints), std::to_string(a.f.paid_yuan)});
  sheets.push_back(std::move(areas));

  registry::Table tasks;
  tasks.sheet_name = "十三项任务";
  tasks.header = {"措施", "任务", "责任部门", "责任处室", "截止日期", "进展 / 目标", "状态", "最新进展"};
  tasks.widths = {22, 36, 16, 14, 12, 20, 10, 40};
  for (const auto& t : r.tasks) {
    const Measure* m = find_measure(t.measure);
    tasks.rows.push_back({fmt::format("（{}）{}", t.measure, m ? m->title : ""), t.title, t.department, t.owner, t.deadline,
                          progress_text(t), status_zh(t), t.last_note});
  }
  sheets.push_back(std::move(tasks));

  registry::Table pains;
  pains.sheet_name = "堵点难点";
  pains.header = {"类别", "条数", "占比", "示例（已隐去姓氏和号码）"};
  pains.widths = {18, 8, 8, 60};
  for (const auto* c : top_pains(r.pains, 15))
    pains.rows.push_back({pain_name(c->code), std::to_string(c->count),
                          fmt::format("{:.1f}%", r.pains.with_pain_point ? 100.0 * c->count / r.pains.with_pain_point : 0.0),
                          c->examples.empty() ? "" : c->examples.front().text});
  sheets.push_back(std::move(pains));
  return registry::tables_xlsx(sheets);
}

std::string report_pdf(const MonthlyReport& r, const reference::DivisionCatalog& catalog) {
  std::vector<pdf::Block> b;
  b.push_back(pdf::paragraph(fmt::format("统计期：{} 至 {}；存量数据截至 {}。范围：{}。", r.dashboard.period.from,
                                         r.dashboard.period.to, r.dashboard.as_of, r.scope_name)));
  b.push_back(pdf::heading("一、主要指标"));
  pdf::Block figures{pdf::Block::Kind::table, "", {"指标", "数值"}, {}, {0.6, 0.4}, {false, true}};
  for (const auto& [label, value] : key_figures(r.dashboard)) figures.rows.push_back({label, std::to_string(value)});
  b.push_back(std::move(figures));

  b.push_back(pdf::heading(r.dashboard.prefecture.empty() ? "二、分市州" : "二、分县区"));
  pdf::Block areas{pdf::Block::Kind::table, "", {"地区", "登记服务员", "新登记", "培训人次", "在岗就业", "投诉", "补贴（元）"},
                   {}, {0.2, 0.14, 0.12, 0.13, 0.13, 0.1, 0.18}, {false, true, true, true, true, true, true}};
  for (const auto& a : area_rows(r.dashboard, catalog))
    areas.rows.push_back({a.name, std::to_string(a.f.workers), std::to_string(a.f.workers_new), std::to_string(a.trainees),
                          std::to_string(a.f.employed), std::to_string(a.f.complaints), std::to_string(a.f.paid_yuan)});
  b.push_back(std::move(areas));

  int64_t done = 0, overdue = 0;
  for (const auto& t : r.tasks) {
    done += t.status == "done" ? 1 : 0;
    overdue += t.overdue ? 1 : 0;
  }
  b.push_back(pdf::heading("三、十三项任务"));
  b.push_back(pdf::paragraph(fmt::format("任务 {} 项，已完成 {} 项，逾期 {} 项。", r.tasks.size(), done, overdue)));
  pdf::Block tasks{pdf::Block::Kind::table, "", {"措施", "任务", "责任部门", "截止", "进展 / 目标", "状态"},
                   {}, {0.08, 0.34, 0.16, 0.12, 0.2, 0.1}, {false, false, false, false, true, false}};
  for (const auto& t : r.tasks)
    tasks.rows.push_back({fmt::format("（{}）", t.measure), t.title, t.department, t.deadline, progress_text(t), status_zh(t)});
  b.push_back(std::move(tasks));

  b.push_back(pdf::heading("四、堵点难点"));
  b.push_back(pdf::paragraph(fmt::format("本月评价、投诉、摸底调查和异议申诉文字 {} 条，其中反映问题 {} 条。", r.pains.texts,
                                         r.pains.with_pain_point)));
  pdf::Block pains{pdf::Block::Kind::table, "", {"类别", "条数", "示例（已隐去姓氏和号码）"}, {}, {0.2, 0.1, 0.7}, {false, true, false}};
  for (const auto* c : top_pains(r.pains, 5))
    pains.rows.push_back({pain_name(c->code), std::to_string(c->count), c->examples.empty() ? "" : c->examples.front().text});
  if (pains.rows.empty()) b.push_back(pdf::paragraph("本月没有文字反映问题。"));
  else b.push_back(std::move(pains));
  if (!r.pains.rising.empty()) {
    std::string words;
    for (const auto& t : r.pains.rising) words += (words.empty() ? "" : "、") + t.term;
    b.push_back(pdf::paragraph("上升最快的词：" + words + "。"));
  }
  return pdf::render_document(fmt::format("陇原家政 监管月报 {}年{}月（{}）", r.month.substr(0, 4), std::stoi(r.month.substr(5, 2)),
                                          r.scope_name),
                              b, "陇原家政服务平台 · 生成于 " + r.generated_at + " UTC");
}

}  // namespace jz::supervision
