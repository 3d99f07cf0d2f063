#pragma once
// Subsidy policies as data (免申预付): a rule names who is eligible as conditions over the records, the amount
// (possibly by case), the period and the budget. Conditions are a small, typed expression language checked
// when a rule is loaded — an unknown field, a wrong type or a condition that can never hold is an error that
// names the line — and evaluated against one candidate (a worker and one of her employment records), with the
// values that decided each condition kept as evidence.
//
//   worker.poverty_alleviated or worker.monitored
//   employment.domestic and employment.days_worked >= 90
//   employment.place in ['cross_province', 'in_province_other_prefecture']
//   employment.start_on >= period.start and employment.start_on <= period.end
//
// Grammar: or / and / not, comparisons (== != < <= > >=), `in [literal, …]`, parentheses; literals are integers,
// 'text' or "text", dates 2024-01-01, true and false. No rule is code: nothing here can call out or loop.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace jz::subsidy {

enum class Type { boolean, integer, date, text };
std::string_view type_name(Type t);

// A value during evaluation. Dates are "YYYY-MM-DD" text compared as text (which orders them correctly).
using Value = std::variant<bool, int64_t, std::string>;

// The fields a condition may use, with their types. One table, so the checker and the evaluator agree.
const std::map<std::string, Type, std::less<>>& field_types();

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind { literal, field, not_, and_, or_, compare, in_list } kind;
  std::string op;  // for compare: == != < <= > >=
  Value literal;
  Type literal_type = Type::boolean;
  std::string field;
  std::vector<ExprPtr> args;  // operands; for in_list: args[0] the value, args[1..] the list
  int slot = -1;              // for field: its index in field_types(), so evaluation needs no map lookup
};

// A problem in a rule file, with where it is.
struct RuleProblem {
  int line = 0;  // 1-based line in the rule file, 0 when unknown
  int column = 0;
  std::string message;  // English, precise: "unknown field 'worker.agee'"
};

// Parses and type-checks one condition. `line` is where it sits in the file, for the problem report.
Result<ExprPtr> parse_condition(std::string_view text, int line, std::vector<RuleProblem>* problems);

struct AmountCase {
  std::string label;  // shown in simulations: "陕西、宁夏"
  std::string when_text;
  ExprPtr when;  // null → always (a default case)
  int64_t yuan = 0;
  // Monthly amounts (就业见习补贴): yuan × min(employment.months_worked, max_months).
  bool per_month = false;
  int64_t max_months = 0;
};

struct Condition {
  std::string text;
  ExprPtr expr;
  int line = 0;
};

struct Rule {
  std::string id;
  std::string name;
  std::string legal_basis;
  std::string period;  // "year": one payment per person per calendar year
  // What one candidate is: "employment" (a worker and one of her employment records) or "enterprise" (a worker
  // and a business she founded). A rule may only read the fields of its subject besides worker/period/paid.
  std::string subject = "employment";
  int64_t budget_yuan = 0;
  std::vector<Condition> conditions;  // all must hold
  std::vector<AmountCase> amounts;    // the first case that holds sets the amount
  int version = 1;
};

// Parses a rule file (TOML). All problems are reported, not only the first.
struct RuleParse {
  std::optional<Rule> rule;
  std::vector<RuleProblem> problems;
};
RuleParse parse_rule_toml(std::string_view toml_text);

// One candidate for a rule: the worker's facts and one employment record, as field → value.
using Facts = std::map<std::string, Value, std::less<>>;

struct ConditionOutcome {
  std::string text;
  bool passed = false;
  std::map<std::string, std::string> values;  // the fields it read and their values, as evidence
};

struct Evaluation {
  bool eligible = false;
  int64_t yuan = 0;
  std::string case_label;
  std::vector<ConditionOutcome> conditions;
  std::optional<size_t> first_failed;  // index into conditions
};

// Evaluates every condition (all of them, for the evidence) and the amount cases against `facts`.
// Throws std::logic_error for a field missing from `facts` (a bug in the caller, never user input).
Evaluation evaluate(const Rule& rule, const Facts& facts);
bool evaluate_expr(const Expr& e, const Facts& facts, std::map<std::string, std::string>* used);

std::string value_text(const Value& v);

// The claim counterpart of an independence field ("worker.poverty_alleviated.independent" →
// "worker.poverty_alleviated"; "employment.independent" → none: a record always exists as a claim), or nullopt
// when `field` is not one.
std::optional<std::string> claim_field(std::string_view field);
// The rule as it would read if every claim it depends on were verified: each independence field replaced by
// its claim counterpart (or `true`). Equal to `rule` (and `changed` false) when it reads none.
Rule relax_independence(const Rule& rule, bool* changed);

// --- The fast path used over whole populations: facts in a vector indexed by field slot. ---
// Slot of a field in field_types() order, or -1.
int field_slot(std::string_view field);
size_t field_count();
using Slots = std::vector<Value>;  // size field_count(); every slot holds a value of the field's type

// Evaluates a rule against slots, with the evidence (as evaluate() above).
Evaluation evaluate_slots(const Rule& rule, const Slots& slots);
// Eligibility and amount only, short-circuiting, no evidence: the population scan.
struct Quick {
  bool eligible = false;
  int64_t yuan = 0;
  int amount_case = -1;
  int passed = 0;  // conditions that held before the first failure (to pick the most telling candidate)
};
Quick evaluate_quick(const Rule& rule, const Slots& slots);
// The amount a case pays for these facts (per_month cases multiply by months worked, capped).
int64_t case_amount(const AmountCase& c, const Slots& slots);

}  // namespace jz::subsidy
