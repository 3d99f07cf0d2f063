#pragma once
// The thirteen measures of the province's 2024 plan (甘肃省2024年家政兴农行动实施方案, ../shared/seed/) and the
// departments it names. Each measure lists its departments in the order the plan writes them ("…按职责分工负责");
// the first is taken as the lead (牵头) and the others as partners (配合), the usual reading of such a list
// (docs/supervision.md). The names are the plan's own, character for character: they are also the identity
// of a department account (users.department) and the owner of a task. measures_test.cpp checks this table
// against the seed text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jz::supervision {

struct Measure {
  int number = 0;                  // 1 … 13: （一）…（十三）
  std::string_view section;        // the plan's part: 培育家政服务品牌…
  std::string_view title;          // 壮大家政服务市场主体
  std::vector<std::string_view> departments;  // lead first, then partners, as the plan names them
  std::string_view lead() const { return departments.front(); }
  bool names(std::string_view department) const;
};

const std::vector<Measure>& measures();
const Measure* find_measure(int number);

struct Department {
  std::string_view name;  // 省商务厅 (the plan's name; the identity stored in users.department)
  std::string_view en;    // Department of Commerce of Gansu Province
};

// Every department the plan names, in the order of first appearance.
const std::vector<Department>& departments();
bool is_department(std::string_view name);

// Figures the platform already knows: a task with one of these metrics takes its progress from the dashboard
// (the province's totals for the year of its deadline) instead of a department's own report.
enum class Metric { none, trainee_times, enterprises_listed, subsidies_paid_yuan, identity_verified, certified };
std::optional<Metric> parse_metric(std::string_view s);  // "" → none
std::string_view metric_name(Metric m);

}  // namespace jz::supervision
