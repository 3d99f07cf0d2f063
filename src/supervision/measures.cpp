#include "supervision/measures.hpp"

#include <algorithm>

namespace jz::supervision {

bool Measure::names(std::string_view department) const {
  return std::find(departments.begin(), departments.end(), department) != departments.end();
}

const std::vector<Measure>& measures() {
  static const std::vector<Measure> kMeasures = {
      {1, "培育家政服务品牌，扩大知名度和影响力", "壮大家政服务市场主体", {"省商务厅", "省人社厅"}},
      {2, "培育家政服务品牌，扩大知名度和影响力", "加大家政品牌培育力度", {"省商务厅", "省人社厅", "省农业农村厅", "省妇联"}},
      {3, "搭建供需对接平台，拓宽家政就业渠道", "建设家政劳务输转基地", {"省人社厅", "省发展改革委", "省农业农村厅"}},
      {4, "搭建供需对接平台，拓宽家政就业渠道", "开展家政劳务对接行动",
       {"省人社厅", "省农业农村厅", "省商务厅", "省发展改革委", "省妇联", "省总工会"}},
      {5, "加大技能培训力度，提升家政就业质量", "开展家政技能升级行动", {"省商务厅", "省人社厅", "省妇联", "省总工会"}},
      {6, "加大技能培训力度，提升家政就业质量", "提高家政服务培训针对性", {"省农业农村厅", "省人社厅", "省妇联"}},
      {7, "加强就业跟踪服务，保障从业人员权益", "加强家政信用平台建设", {"省商务厅", "省人社厅"}},
      {8, "加强就业跟踪服务，保障从业人员权益", "加强家政人员就业引导",
       {"省人社厅", "省教育厅", "中国人民银行甘肃省分行", "省农业农村厅", "省商务厅"}},
      {9, "完善配套政策措施，建立长效激励机制", "落实稳岗返岗政策",
       {"省人社厅", "省农业农村厅", "省医保局", "省财政厅", "省税务局"}},
      {10, "完善配套政策措施，建立长效激励机制", "强化权益保障制度",
       {"省住建厅", "省公安厅", "省医保局", "省人社厅", "省总工会"}},
      {11, "优化家政发展环境，营造良好就业氛围", "加大政策支持力度",
       {"省农业农村厅", "省人社厅", "团省委", "省总工会", "省教育厅"}},
      {12, "优化家政发展环境，营造良好就业氛围", "加大金融保险支持力度",
       {"中国人民银行甘肃省分行", "国家金融监督管理总局甘肃监管局", "省商务厅", "省农业农村厅"}},
      {13, "优化家政发展环境，营造良好就业氛围", "发挥先进典型带动作用",
       {"省商务厅", "省市场监管局", "省总工会", "省妇联", "团省委"}},
  };
  return kMeasures;
}

const Measure* find_measure(int number) {
  const auto& all = measures();
  if (number < 1 || number > static_cast<int>(all.size())) return nullptr;
  return &all[static_cast<size_t>(number - 1)];
}

const std::vector<Department>& departments() {
  static const std::vector<Department> kDepartments = {
      {"省商务厅", "Department of Commerce"},
      {"省人社厅", "Department of Human Resources and Social Security"},
      {"省农业农村厅", "Department of Agriculture and Rural Affairs"},
      {"省妇联", "Women's Federation"},
      {"省发展改革委", "Development and Reform Commission"},
      {"省总工会", "Federation of Trade Unions"},
      {"省教育厅", "Department of Education"},
      {"中国人民银行甘肃省分行", "People's Bank of China, Gansu Branch"},
      {"省医保局", "Healthcare Security Administration"},
      {"省财政厅", "Department of Finance"},
      {"省税务局", "Tax Service"},
      {"省住建厅", "Department of Housing and Urban-Rural Development"},
      {"省公安厅", "Department of Public Security"},
      {"团省委", "Communist Youth League Gansu Committee"},
      {"国家金融监督管理总局甘肃监管局", "National Financial Regulatory Administration, Gansu Office"},
      {"省市场监管局", "Administration for Market Regulation"},
  };
  return kDepartments;
}

bool is_department(std::string_view name) {
  const auto& all = departments();
  return std::any_of(all.begin(), all.end(), [&](const Department& d) { return d.name == name; });
}

namespace {
constexpr std::pair<Metric, std::string_view> kMetrics[] = {
    {Metric::none, ""},
    {Metric::trainee_times, "trainee_times"},
    {Metric::enterprises_listed, "enterprises_listed"},
    {Metric::subsidies_paid_yuan, "subsidies_paid_yuan"},
    {Metric::identity_verified, "identity_verified"},
    {Metric::certified, "certified"},
};
}  // namespace

std::optional<Metric> parse_metric(std::string_view s) {
  for (const auto& [m, name] : kMetrics)
    if (name == s) return m;
  return std::nullopt;
}

std::string_view metric_name(Metric m) {
  for (const auto& [k, name] : kMetrics)
    if (k == m) return name;
  return "";
}

}  // namespace jz::supervision
