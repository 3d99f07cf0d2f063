#include "subsidy/rule.hpp"

#include <gtest/gtest.h>

#include "common/embedded.hpp"

namespace jz::subsidy {
namespace {

Rule transport_rule() {
  auto text = embedded_file("data/policies/transport_subsidy.toml");
  EXPECT_TRUE(text.has_value());
  auto parsed = parse_rule_toml(*text);
  for (const auto& p : parsed.problems) ADD_FAILURE() << p.line << ":" << p.column << " " << p.message;
  return *parsed.rule;
}

// A 脱贫 worker from 榆中县 (兰州) who started domestic work in March 2024, recorded by her employer.
Facts candidate() {
  return Facts{{"worker.poverty_alleviated", true},
               {"worker.monitored", false},
               {"worker.poverty_alleviated.independent", true},  // set by the 市州 (the monitoring list)
               {"worker.monitored.independent", false},
               {"employment.domestic", true},
               {"employment.independent", true},
               {"employment.start_on", std::string("2024-03-01")},
               {"employment.months_worked", int64_t{5}},
               {"employment.place", std::string("cross_province")},
               {"employment.province", std::string("天津")},
               {"period.start", std::string("2024-01-01")},
               {"period.end", std::string("2024-12-31")},
               {"paid.same_rule_same_period", false}};
}

TEST(TransportSubsidy, PaysByPlaceOfWork) {
  Rule rule = transport_rule();
  struct Case {
    std::string place, province;
    int64_t yuan;
  } cases[] = {{"cross_province", "天津", 600},
               {"cross_province", "陕西", 400},
               {"cross_province", "宁夏", 400},
               {"in_province_other_prefecture", "甘肃", 300},
               {"in_prefecture_other_county", "甘肃", 200}};
  for (const auto& c : cases) {
    Facts f = candidate();
    f["employment.place"] = c.place;
    f["employment.province"] = c.province;
    auto ev = evaluate(rule, f);
    EXPECT_TRUE(ev.eligible) << c.place << " " << c.province;
    EXPECT_EQ(ev.yuan, c.yuan) << c.place << " " << c.province;
  }
}

TEST(TransportSubsidy, NamesTheConditionThatFailedWithItsEvidence) {
  Rule rule = transport_rule();
  Facts home = candidate();
  home["employment.place"] = std::string("home_county");
  auto ev = evaluate(rule, home);
  EXPECT_FALSE(ev.eligible);
  ASSERT_TRUE(ev.first_failed.has_value());
  EXPECT_EQ(ev.conditions[*ev.first_failed].text,
            "employment.place in ['cross_province', 'in_province_other_prefecture', 'in_prefecture_other_county']");
  EXPECT_EQ(ev.conditions[*ev.first_failed].values.at("employment.place"), "home_county");
  // Every condition is reported, passed or not.
  EXPECT_EQ(ev.conditions.size(), rule.conditions.size());
  EXPECT_EQ(ev.conditions[0].values.at("worker.poverty_alleviated.independent"), "true");
}

TEST(TransportSubsidy, RefusesShortJobsSelfClaimsOtherYearsAndSecondPayments) {
  Rule rule = transport_rule();
  auto with = [&](const char* field, Value v) {
    Facts f = candidate();
    f[field] = std::move(v);
    return evaluate(rule, f).eligible;
  };
  EXPECT_FALSE(with("employment.months_worked", int64_t{2}));
  EXPECT_FALSE(with("employment.independent", false));
  EXPECT_FALSE(with("employment.start_on", std::string("2023-11-30")));
  EXPECT_FALSE(with("paid.same_rule_same_period", true));
  EXPECT_FALSE(with("worker.poverty_alleviated.independent", false));
  Facts monitored = candidate();
  monitored["worker.poverty_alleviated.independent"] = false;
  monitored["worker.monitored.independent"] = true;
  EXPECT_TRUE(evaluate(rule, monitored).eligible);
}

// Money only on independent facts: the flag as an enterprise set it (a claim) pays nothing, and the rule
// relaxed to "as if verified" is what the simulation lists as awaiting verification.
TEST(TransportSubsidy, ClaimsPayNothingButAreListedAsAwaitingVerification) {
  Rule rule = transport_rule();
  Facts claimed = candidate();
  claimed["worker.poverty_alleviated.independent"] = false;  // an enterprise's word
  claimed["employment.independent"] = false;                 // its own record of a job in 北京
  EXPECT_FALSE(evaluate(rule, claimed).eligible);
  bool changed = false;
  Rule relaxed = relax_independence(rule, &changed);
  EXPECT_TRUE(changed);
  auto ev = evaluate(relaxed, claimed);
  EXPECT_TRUE(ev.eligible);
  EXPECT_EQ(ev.yuan, 600);
  // Relaxing reads the claim itself: no flag at all is still no money.
  claimed["worker.poverty_alleviated"] = false;
  EXPECT_FALSE(evaluate(relaxed, claimed).eligible);
  // A rule that reads no independence field is left as it is.
  auto plain = parse_rule_toml("id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\n"
                               "conditions = ['worker.graduate']\n[[amount]]\nlabel = 'a'\nyuan = 1\n");
  ASSERT_TRUE(plain.rule.has_value());
  relax_independence(*plain.rule, &changed);
  EXPECT_FALSE(changed);
  EXPECT_EQ(claim_field("worker.monitored.independent"), std::optional<std::string>("worker.monitored"));
  EXPECT_EQ(claim_field("employment.independent"), std::optional<std::string>(""));
  EXPECT_EQ(claim_field("worker.monitored"), std::nullopt);
}

TEST(RuleParser, ReportsUnknownFieldsWithLineAndColumn) {
  auto r = parse_rule_toml(
      "id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\n"
      "conditions = [\n  'worker.agee > 16',\n]\n[[amount]]\nlabel = 'a'\nyuan = 1\n");
  ASSERT_FALSE(r.rule.has_value());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 6);
  EXPECT_EQ(r.problems[0].column, 4);  // in the file: "  'worker.agee" — the field starts in column 4
  EXPECT_EQ(r.problems[0].message, "unknown field 'worker.agee'");
}

TEST(RuleParser, RejectsWrongTypes) {
  std::vector<RuleProblem> problems;
  EXPECT_FALSE(parse_condition("worker.age > '18'", 3, &problems).ok());
  EXPECT_EQ(problems.back().message, "cannot compare a number with text");
  EXPECT_FALSE(parse_condition("worker.age", 3, &problems).ok());
  EXPECT_EQ(problems.back().message, "a condition must be true/false, this is a number");
  EXPECT_FALSE(parse_condition("worker.monitored and worker.age", 3, &problems).ok());
  EXPECT_FALSE(parse_condition("employment.place in ['a', 3]", 3, &problems).ok());
  EXPECT_FALSE(parse_condition("worker.monitored > true", 3, &problems).ok());
  EXPECT_FALSE(parse_condition("employment.start_on >= 2024-02-30x", 3, &problems).ok());
  // A number beyond 64 bits is a problem in the rule (it threw std::out_of_range before: found by fuzz_rule).
  EXPECT_FALSE(parse_condition("worker.age < " + std::string(86, '4'), 3, &problems).ok());
  EXPECT_NE(problems.back().message.find("too large"), std::string::npos) << problems.back().message;
  EXPECT_FALSE(parse_condition("(" + std::string(86, '4') + ")", 3, &problems).ok());
  // Nesting ten thousand deep overflowed the stack (fuzz_rule): now a problem; 60 deep still parses.
  EXPECT_FALSE(parse_condition(std::string(10000, '(') + "worker.monitored" + std::string(10000, ')'), 3, &problems).ok());
  EXPECT_NE(problems.back().message.find("nested too deeply"), std::string::npos) << problems.back().message;
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_FALSE(parse_condition(nots + "worker.monitored", 3, &problems).ok());
  EXPECT_TRUE(parse_condition(std::string(60, '(') + "worker.monitored" + std::string(60, ')'), 3, &problems).ok());
}

TEST(RuleParser, RejectsImpossibleConditions) {
  std::vector<RuleProblem> problems;
  EXPECT_FALSE(parse_condition("worker.age > 60 and worker.age < 18", 1, &problems).ok());
  EXPECT_NE(problems.back().message.find("worker.age"), std::string::npos);
  EXPECT_FALSE(parse_condition("employment.place == 'a' and employment.place == 'b'", 1, &problems).ok());
  EXPECT_FALSE(parse_condition("worker.age > 5 and worker.age < 6", 1, &problems).ok());
  EXPECT_FALSE(parse_condition("false", 1, &problems).ok());
  EXPECT_FALSE(parse_condition("employment.start_on > 2024-12-31 and employment.start_on < 2024-01-01", 1, &problems).ok());
  EXPECT_TRUE(parse_condition("worker.age >= 16 and worker.age <= 60", 1, &problems).ok());
  EXPECT_TRUE(parse_condition("worker.age > 60 or worker.age < 18", 1, &problems).ok());
}

TEST(RuleParser, ReportsEveryProblemOfAFile) {
  auto r = parse_rule_toml(
      "id = 'x'\nname = 'x'\nperiod = 'month'\nbogus = 1\n"
      "conditions = ['worker.monitored', 'nope.field']\n[[amount]]\nyuan = -5\n");
  EXPECT_FALSE(r.rule.has_value());
  std::vector<std::string> messages;
  for (const auto& p : r.problems) messages.push_back(p.message);
  auto has = [&](std::string_view m) {
    return std::any_of(messages.begin(), messages.end(), [&](const std::string& s) { return s.find(m) != std::string::npos; });
  };
  EXPECT_TRUE(has("'legal_basis' is required"));
  EXPECT_TRUE(has("period must be"));
  EXPECT_TRUE(has("unknown key 'bogus'"));
  EXPECT_TRUE(has("unknown field 'nope.field'"));
  EXPECT_TRUE(has("amount.yuan must be a positive integer"));
  EXPECT_TRUE(has("amount.label is required"));
}

TEST(RuleParser, ParsesPrecedenceAndParentheses) {
  std::vector<RuleProblem> problems;
  auto e = parse_condition("not worker.monitored and (worker.age < 30 or worker.graduate)", 1, &problems);
  ASSERT_TRUE(e.ok()) << (problems.empty() ? "" : problems.back().message);
  Facts f{{"worker.monitored", false}, {"worker.age", int64_t{45}}, {"worker.graduate", true}};
  EXPECT_TRUE(evaluate_expr(**e, f, nullptr));
  f["worker.graduate"] = false;
  EXPECT_FALSE(evaluate_expr(**e, f, nullptr));
  f["worker.monitored"] = true;
  f["worker.age"] = int64_t{20};
  EXPECT_FALSE(evaluate_expr(**e, f, nullptr));
}

TEST(RuleParser, ShipsThreeDefaultRulesThatCheck) {
  for (const char* path : {"data/policies/transport_subsidy.toml", "data/policies/internship_subsidy.toml",
                           "data/policies/startup_subsidy.toml"}) {
    auto text = embedded_file(path);
    ASSERT_TRUE(text.has_value()) << path;
    auto r = parse_rule_toml(*text);
    for (const auto& p : r.problems) ADD_FAILURE() << path << " " << p.line << ":" << p.column << " " << p.message;
    ASSERT_TRUE(r.rule.has_value()) << path;
  }
  auto startup = parse_rule_toml(*embedded_file("data/policies/startup_subsidy.toml"));
  EXPECT_EQ(startup.rule->subject, "enterprise");
}

TEST(RuleParser, RejectsFieldsOfTheOtherSubjectWithTheirColumn) {
  auto r = parse_rule_toml(
      "id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\nsubject = 'enterprise'\n"
      "conditions = [\n  'enterprise.is_founder and employment.domestic',\n]\n[[amount]]\nlabel = 'a'\nyuan = 1\n");
  ASSERT_FALSE(r.rule.has_value());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 7);
  EXPECT_EQ(r.problems[0].column, 30);  // "  'enterprise.is_founder and " is 29 characters
  EXPECT_NE(r.problems[0].message.find("employment.domestic"), std::string::npos);
  auto bad_subject = parse_rule_toml(
      "id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\nsubject = 'household'\n"
      "conditions = ['worker.monitored']\n[[amount]]\nlabel = 'a'\nyuan = 1\n");
  ASSERT_FALSE(bad_subject.rule.has_value());
  EXPECT_EQ(bad_subject.problems[0].line, 5);
}

TEST(RuleParser, ReportsTheColumnOfASyntaxErrorInTheFile) {
  auto r = parse_rule_toml(
      "id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\n"
      "conditions = [\"worker.monitored and (worker.age > 3\"]\n[[amount]]\nlabel = 'a'\nyuan = 1\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 5);
  EXPECT_EQ(r.problems[0].column, 16 + 36);  // the text starts in column 16; the ')' is missing at its end
  EXPECT_EQ(r.problems[0].message, "expected ')'");
}

TEST(RuleParser, PerMonthAmountsMultiplyCappedMonths) {
  auto r = parse_rule_toml(*embedded_file("data/policies/internship_subsidy.toml"));
  ASSERT_TRUE(r.rule.has_value());
  const Rule& rule = *r.rule;
  ASSERT_TRUE(rule.amounts[0].per_month);
  Facts f{{"worker.graduate", true},           {"worker.new_entrant", false},
          {"worker.age", int64_t{22}},          {"employment.domestic", true},
          {"employment.employer_is_domestic_enterprise", true},
          {"employment.independent", true},     {"employment.start_on", std::string("2024-05-01")},
          {"employment.months_worked", int64_t{5}}, {"period.start", std::string("2024-01-01")},
          {"period.end", std::string("2024-12-31")}, {"paid.same_rule_same_period", false}};
  EXPECT_EQ(evaluate(rule, f).yuan, 5 * rule.amounts[0].yuan);
  f["employment.months_worked"] = int64_t{30};
  EXPECT_EQ(evaluate(rule, f).yuan, 12 * rule.amounts[0].yuan);
  f["worker.age"] = int64_t{25};
  EXPECT_FALSE(evaluate(rule, f).eligible);
  auto bad = parse_rule_toml(
      "id = 'x'\nname = 'x'\nlegal_basis = 'x'\nperiod = 'year'\nconditions = ['worker.monitored']\n"
      "[[amount]]\nlabel = 'a'\nyuan = 1\nper_month = true\nmonthz = 3\n");
  ASSERT_FALSE(bad.rule.has_value());
  std::string all;
  for (const auto& p : bad.problems) all += p.message + ";";
  EXPECT_NE(all.find("needs max_months"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown key 'amount.monthz'"), std::string::npos) << all;
}

}  // namespace
}  // namespace jz::subsidy
