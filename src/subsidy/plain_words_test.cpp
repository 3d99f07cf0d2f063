// Conditions in plain words: what a worker reads instead of the rule expression.
#include "subsidy/plain_words.hpp"

#include <gtest/gtest.h>

namespace jz::subsidy {
namespace {

TEST(PlainWords, EveryFieldHasALabelAndYesNoFieldsBothWays) {
  for (const auto& [field, type] : field_types()) {
    const FieldLabel* l = field_label(field);
    ASSERT_NE(l, nullptr) << field;
    EXPECT_FALSE(l->zh.empty()) << field;
    EXPECT_FALSE(l->en.empty()) << field;
    if (type == Type::boolean) {
      EXPECT_FALSE(l->zh_not.empty()) << field;
      EXPECT_FALSE(l->en_not.empty()) << field;
    }
  }
}

TEST(PlainWords, ConditionsOfTheDefaultPoliciesReadAsSentences) {
  EXPECT_EQ(describe_condition("worker.graduate or worker.new_entrant", Lang::zh),
            "是高校毕业生，或是新进入家政行业的人员");
  EXPECT_EQ(describe_condition("not paid.same_rule_same_period", Lang::zh), "本期还没有领过这项补贴");
  EXPECT_EQ(describe_condition("worker.age >= 16 and worker.age <= 24", Lang::zh),
            "年龄（周岁）至少16，并且年龄（周岁）最多24");
  EXPECT_EQ(describe_condition("employment.start_on >= period.start", Lang::en), "start date on or after the start of the period");
  EXPECT_EQ(describe_condition("employment.place in ['cross_province', 'home_county']", Lang::zh),
            "工作地点为跨省、本县区之一");
  // No field name, operator or quote survives into the sentence.
  for (const char* c : {"worker.graduate or worker.new_entrant", "employment.months_worked >= 3",
                        "employment.place in ['cross_province', 'in_province_other_prefecture']"})
    for (Lang lang : {Lang::zh, Lang::en}) {
      auto s = describe_condition(c, lang);
      EXPECT_EQ(s.find("worker."), std::string::npos) << s;
      EXPECT_EQ(s.find("employment."), std::string::npos) << s;
      EXPECT_EQ(s.find(">="), std::string::npos) << s;
      EXPECT_EQ(s.find('\''), std::string::npos) << s;
    }
}

}  // namespace
}  // namespace jz::subsidy

namespace jz::subsidy {
namespace {

TEST(PlainWords, RuleProblemsReadInChinese) {
  EXPECT_EQ(problem_words("unknown field 'worker.agee'", Lang::zh), "没有这项数据：worker.agee");
  EXPECT_EQ(problem_words("unknown field 'worker.agee'", Lang::en), "unknown field 'worker.agee'");
  EXPECT_EQ(problem_words("cannot compare a number with text", Lang::zh), "数字不能和文字比较");
  EXPECT_EQ(problem_words("impossible condition: the condition is always false", Lang::zh), "条件不可能成立：这个条件永远不成立");
  EXPECT_EQ(problem_words("field 'employment.days_worked' is not available when subject = \"enterprise\"", Lang::zh),
            "对象为“enterprise”的规则不能使用数据 employment.days_worked");
  // Every problem parse_rule_toml finds in a broken rule has a Chinese message.
  auto parsed = parse_rule_toml(R"(id = "x"
name = "x"
period = "month"
budget_yuan = -1
colour = 1
conditions = ["worker.agee >= 1", "worker.age > 60 and worker.age < 18", "worker.age == 'a'"]
[[amount]]
yuan = 0
)");
  ASSERT_GE(parsed.problems.size(), 5u);
  for (const auto& p : parsed.problems) {
    auto zh = problem_words(p.message, Lang::zh);
    EXPECT_NE(zh, p.message) << p.message;
  }
}

}  // namespace
}  // namespace jz::subsidy
