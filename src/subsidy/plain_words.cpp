#include "subsidy/plain_words.hpp"

#include <fmt/format.h>

namespace jz::subsidy {
namespace {

struct ValueLabel {
  std::string_view field, value, zh, en;
};

const std::vector<ValueLabel>& value_labels() {
  static const std::vector<ValueLabel> k = {
      {"employment.place", "cross_province", "跨省", "in another province"},
      {"employment.place", "in_province_other_prefecture", "省内跨市州", "in another prefecture of Gansu"},
      {"employment.place", "in_prefecture_other_county", "市州内跨县区", "in another county of her prefecture"},
      {"employment.place", "home_county", "本县区", "in her home county"},
      {"employment.place", "unknown", "地点不明", "place unknown"},
      {"worker.gender", "F", "女", "female"},
      {"worker.gender", "M", "男", "male"},
  };
  return k;
}

std::string_view pick(Lang lang, std::string_view zh, std::string_view en) { return lang == Lang::en ? en : zh; }

std::string literal_words(const Expr& e, std::string_view field, Lang lang) {
  if (std::holds_alternative<bool>(e.literal)) return std::string(pick(lang, std::get<bool>(e.literal) ? "是" : "否",
                                                                       std::get<bool>(e.literal) ? "yes" : "no"));
  if (std::holds_alternative<int64_t>(e.literal)) return std::to_string(std::get<int64_t>(e.literal));
  return value_words(field, std::get<std::string>(e.literal), lang);
}

std::string operand(const Expr& e, std::string_view other_field, Lang lang) {
  if (e.kind == Expr::Kind::field) {
    const FieldLabel* l = field_label(e.field);
    return l ? std::string(pick(lang, l->zh, l->en)) : e.field;
  }
  if (e.kind == Expr::Kind::literal) return literal_words(e, other_field, lang);
  return describe(e, lang);
}

std::string_view op_words(std::string_view op, bool date, Lang lang) {
  if (op == "==") return pick(lang, "是", "is");
  if (op == "!=") return pick(lang, "不是", "is not");
  if (date) {
    if (op == ">=") return pick(lang, "不早于", "on or after");
    if (op == ">") return pick(lang, "晚于", "after");
    if (op == "<=") return pick(lang, "不晚于", "on or before");
    return pick(lang, "早于", "before");
  }
  if (op == ">=") return pick(lang, "至少", "at least");
  if (op == ">") return pick(lang, "超过", "more than");
  if (op == "<=") return pick(lang, "最多", "at most");
  return pick(lang, "少于", "less than");
}

}  // namespace

const std::vector<FieldLabel>& field_labels() {
  static const std::vector<FieldLabel> k = {
      {"worker.poverty_alleviated", "是脱贫劳动力", "is lifted out of poverty", "不是脱贫劳动力", "is not lifted out of poverty"},
      {"worker.monitored", "是监测帮扶对象", "is under poverty-return monitoring", "不是监测帮扶对象", "is not under poverty-return monitoring"},
      {"worker.poverty_alleviated.independent", "脱贫劳动力身份已由市州或省级部门核实", "has her poverty-alleviated status confirmed by an official",
       "脱贫劳动力身份尚未经市州或省级部门核实", "has no official confirmation of her poverty-alleviated status"},
      {"worker.monitored.independent", "监测帮扶对象身份已由市州或省级部门核实", "has her monitoring status confirmed by an official",
       "监测帮扶对象身份尚未经市州或省级部门核实", "has no official confirmation of her monitoring status"},
      {"worker.relocated", "是易地搬迁群众", "was relocated from a poor area", "不是易地搬迁群众", "was not relocated"},
      {"worker.rural_migrant", "是农村转移劳动力", "is a rural migrant worker", "不是农村转移劳动力", "is not a rural migrant worker"},
      {"worker.new_entrant", "是新进入家政行业的人员", "is new to domestic services", "不是新进入家政行业的人员", "is not new to domestic services"},
      {"worker.graduate", "是高校毕业生", "is a college graduate", "不是高校毕业生", "is not a college graduate"},
      {"worker.gender", "性别", "gender", "", ""},
      {"worker.age", "年龄（周岁）", "age (years)", "", ""},
      {"worker.identity_verified", "已通过实名认证", "has a verified identity", "未通过实名认证", "has no verified identity"},
      {"worker.home_county", "户籍县区", "home county", "", ""},
      {"worker.home_prefecture", "户籍市州", "home prefecture", "", ""},
      {"employment.occupation", "从事的工种", "occupation", "", ""},
      {"employment.domestic", "从事的是家政服务工种", "works in a domestic-service occupation", "从事的不是家政服务工种", "does not work in a domestic-service occupation"},
      {"employment.start_on", "上岗日期", "start date", "", ""},
      {"employment.end_on", "离岗日期", "end date", "", ""},
      {"employment.days_worked", "已工作天数", "days worked", "", ""},
      {"employment.months_worked", "已工作月数", "months worked", "", ""},
      {"employment.place", "工作地点", "place of work", "", ""},
      {"employment.province", "工作所在省份", "province of work", "", ""},
      {"employment.independent", "就业记录由企业或部门登记（不是本人自述）", "the job is recorded by an employer or an official (not only self-reported)", "就业记录只有本人自述", "the job is only self-reported"},
      {"employment.monthly_wage", "月工资（元）", "monthly wage (yuan)", "", ""},
      {"employment.employer_is_domestic_enterprise", "在平台登记的家政企业工作", "works for a domestic-service enterprise registered on the platform", "不在平台登记的家政企业工作", "does not work for a registered domestic-service enterprise"},
      {"enterprise.founded_on", "创办企业的登记日期", "registration date of her business", "", ""},
      {"enterprise.is_founder", "本人创办了家政企业", "founded a domestic-service business", "本人没有创办家政企业", "did not found a domestic-service business"},
      {"enterprise.prefecture", "创办企业所在市州", "prefecture of her business", "", ""},
      {"period.start", "本期开始日", "the start of the period", "", ""},
      {"period.end", "本期结束日", "the end of the period", "", ""},
      {"paid.same_rule_same_period", "本期已领过这项补贴", "was already paid this subsidy for the period", "本期还没有领过这项补贴", "has not been paid this subsidy for the period"},
  };
  return k;
}

const FieldLabel* field_label(std::string_view field) {
  for (const auto& l : field_labels())
    if (l.field == field) return &l;
  return nullptr;
}

std::string value_words(std::string_view field, std::string_view value, Lang lang) {
  for (const auto& v : value_labels())
    if (v.field == field && v.value == value) return std::string(pick(lang, v.zh, v.en));
  return std::string(value);
}

std::string describe(const Expr& e, Lang lang) {
  switch (e.kind) {
    case Expr::Kind::literal:
      return std::string(std::get<bool>(e.literal) ? pick(lang, "总是成立", "always") : pick(lang, "从不成立", "never"));
    case Expr::Kind::field: {
      const FieldLabel* l = field_label(e.field);
      return l ? std::string(pick(lang, l->zh, l->en)) : e.field;
    }
    case Expr::Kind::not_: {
      const Expr& a = *e.args[0];
      if (a.kind == Expr::Kind::field)
        if (const FieldLabel* l = field_label(a.field); l && !l->zh_not.empty())
          return std::string(pick(lang, l->zh_not, l->en_not));
      return fmt::format("{}{}", pick(lang, "并非：", "not: "), describe(a, lang));
    }
    case Expr::Kind::and_:
      return describe(*e.args[0], lang) + std::string(pick(lang, "，并且", ", and ")) + describe(*e.args[1], lang);
    case Expr::Kind::or_:
      return describe(*e.args[0], lang) + std::string(pick(lang, "，或", ", or ")) + describe(*e.args[1], lang);
    case Expr::Kind::compare: {
      const Expr& a = *e.args[0];
      const Expr& b = *e.args[1];
      std::string field = a.kind == Expr::Kind::field ? a.field : b.kind == Expr::Kind::field ? b.field : "";
      bool date = (a.kind == Expr::Kind::field && field_types().at(a.field) == Type::date) ||
                  (b.kind == Expr::Kind::field && field_types().at(b.field) == Type::date) ||
                  a.literal_type == Type::date || b.literal_type == Type::date;
      std::string_view sep = pick(lang, "", " ");
      return fmt::format("{}{}{}{}{}", operand(a, field, lang), sep, op_words(e.op, date, lang), sep,
                         operand(b, field, lang));
    }
    case Expr::Kind::in_list: {
      const Expr& v = *e.args[0];
      std::string field = v.kind == Expr::Kind::field ? v.field : "";
      std::string list;
      for (size_t i = 1; i < e.args.size(); ++i) {
        if (i > 1) list += pick(lang, "、", ", ");
        list += operand(*e.args[i], field, lang);
      }
      return lang == Lang::en ? fmt::format("{} is one of: {}", operand(v, field, lang), list)
                              : fmt::format("{}为{}之一", operand(v, field, lang), list);
    }
  }
  return {};
}

namespace {

// English message pattern ({} = a part kept as is, translated if it is a type name) → Chinese.
struct ProblemPattern {
  std::string_view en, zh;
};

const std::vector<ProblemPattern>& problem_patterns() {
  static const std::vector<ProblemPattern> k = {
      {"impossible condition: the condition is always false", "条件不可能成立：这个条件永远不成立"},
      {"impossible condition: a part of the condition is always false", "条件不可能成立：其中一部分永远不成立"},
      {"impossible condition: {}", "条件不可能成立：{}"},
      {"a condition must be true/false, this is {}", "条件的结果必须是“是/否”，这里是{}"},
      {"'{}' needs true/false operands, got {}", "“{}”两边必须是“是/否”，这里是{}"},
      {"'or' needs true/false operands", "“或”两边必须是“是/否”"},
      {"'and' needs true/false operands", "“并且”两边必须是“是/否”"},
      {"cannot compare {} with {}", "{}不能和{}比较"},
      {"'{}' does not apply to true/false", "“{}”不能用于“是/否”"},
      {"'in' needs a list: [a, b]", "“属于”后面要写列表，如 [a, b]"},
      {"a list holds literals only", "列表里只能写具体的值"},
      {"list item is {}, the value is {}", "列表中的值是{}，而被比较的是{}"},
      {"expected ',' or ']'", "这里应为逗号或右方括号"},
      {"expected ')'", "缺少右括号"},
      {"unknown field '{}'", "没有这项数据：{}"},
      {"unexpected '{}'", "多余或写错的内容：{}"},
      {"the condition ends too early", "条件没有写完"},
      {"field '{}' is not available when subject = \"{}\"", "对象为“{}”的规则不能使用数据 {}"},
      {"'{}' is required and must be text", "必须填写 {}（文字）"},
      {"period must be \"year\" (one payment per person per year)", "period 只能是 \"year\"（每人每年发放一次）"},
      {"budget_yuan must be a non-negative integer", "预算 budget_yuan 必须是不小于 0 的整数"},
      {"subject must be \"employment\" or \"enterprise\"", "subject 只能是 \"employment\"（就业）或 \"enterprise\"（创业）"},
      {"unknown key 'amount.{}'", "金额档次中没有这一项：{}"},
      {"unknown key '{}'", "规则中没有这一项：{}"},
      {"'conditions' must be a non-empty list of conditions", "至少要有一个条件"},
      {"a condition must be text", "条件必须写成文字"},
      {"'[[amount]]' cases are required (label, yuan, optional when)", "至少要有一个金额档次（名称、金额，可选适用条件）"},
      {"amount.yuan must be a positive integer", "金额必须是正整数（元）"},
      {"amount.label is required", "金额档次需要名称"},
      {"amount.per_month must be true or false", "“按月发放”只能填 true 或 false"},
      {"amount.max_months must be 1–60", "最多月数须在 1 到 60 之间"},
      {"a per_month amount needs max_months", "按月发放的金额需要填写最多月数"},
      {"a per_month amount needs subject = \"employment\"", "按月发放只适用于就业类规则（subject = \"employment\"）"},
  };
  return k;
}

std::string type_words_zh(std::string_view s) {
  if (s == "true/false") return "是/否";
  if (s == "a number") return "数字";
  if (s == "a date") return "日期";
  if (s == "text") return "文字";
  return std::string(s);
}

// Matches `msg` against `pattern`; fills `parts` with what the {} stood for.
bool match(std::string_view pattern, std::string_view msg, std::vector<std::string>* parts) {
  parts->clear();
  size_t p = 0, m = 0;
  while (p < pattern.size()) {
    size_t hole = pattern.find("{}", p);
    std::string_view lit = pattern.substr(p, hole == std::string_view::npos ? std::string_view::npos : hole - p);
    if (msg.substr(m, lit.size()) != lit) return false;
    m += lit.size();
    if (hole == std::string_view::npos) return m == msg.size();
    p = hole + 2;
    // The hole runs to the next literal piece (or the end).
    size_t next_hole = pattern.find("{}", p);
    std::string_view next = pattern.substr(p, next_hole == std::string_view::npos ? std::string_view::npos : next_hole - p);
    size_t end = next.empty() ? msg.size() : msg.find(next, m);
    if (end == std::string_view::npos) return false;
    parts->emplace_back(msg.substr(m, end - m));
    m = end;
  }
  return m == msg.size();
}

}  // namespace

std::string problem_words(std::string_view message, Lang lang) {
  if (lang == Lang::en) return std::string(message);
  std::vector<std::string> parts;
  for (const auto& pat : problem_patterns()) {
    if (!match(pat.en, message, &parts)) continue;
    std::string out;
    std::string_view zh = pat.zh;
    // The subject message names its parts the other way round in Chinese.
    if (pat.en.rfind("field '{}' is not available", 0) == 0 && parts.size() == 2) std::swap(parts[0], parts[1]);
    size_t i = 0, from = 0;
    for (size_t hole; (hole = zh.find("{}", from)) != std::string_view::npos; from = hole + 2) {
      out += zh.substr(from, hole - from);
      std::string part = i < parts.size() ? parts[i++] : "";
      // A nested impossibility reason is itself a message.
      out += pat.en.rfind("impossible condition: {}", 0) == 0 ? problem_words(part, lang) : type_words_zh(part);
    }
    out += zh.substr(from);
    return out;
  }
  return std::string(message);
}

std::string describe_condition(std::string_view condition, Lang lang) {
  auto e = parse_condition(condition, 0, nullptr);
  if (!e) return std::string(condition);
  return describe(**e, lang);
}

}  // namespace jz::subsidy
