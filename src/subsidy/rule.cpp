#include "subsidy/rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <set>
#include <stdexcept>
#include <toml++/toml.h>

namespace jz::subsidy {
namespace {

struct Token {
  enum class Kind { ident, number, text, date, op, lparen, rparen, lbracket, rbracket, comma, end } kind;
  std::string text;
  int column = 0;
};

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    while (true) {
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      int col = static_cast<int>(pos_) + 1;
      if (pos_ >= s_.size()) {
        out.push_back({Token::Kind::end, "", col});
        return out;
      }
      char c = s_[pos_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' || s_[pos_] == '.'))
          ++pos_;
        out.push_back({Token::Kind::ident, std::string(s_.substr(start, pos_ - start)), col});
      } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && pos_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
        size_t start = pos_++;
        while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-')) ++pos_;
        std::string t(s_.substr(start, pos_ - start));
        if (is_date(t)) out.push_back({Token::Kind::date, t, col});
        else if (t.find('-', 1) == std::string::npos) out.push_back({Token::Kind::number, t, col});
        else return make_error("invalid_field", "", fmt::format("column {}: '{}' is neither a number nor a date", col, t));
      } else if (c == '\'' || c == '"') {
        size_t end = s_.find(c, pos_ + 1);
        if (end == std::string_view::npos) return make_error("invalid_field", "", fmt::format("column {}: unterminated text", col));
        out.push_back({Token::Kind::text, std::string(s_.substr(pos_ + 1, end - pos_ - 1)), col});
        pos_ = end + 1;
      } else if (c == '(') {
        out.push_back({Token::Kind::lparen, "(", col}), ++pos_;
      } else if (c == ')') {
        out.push_back({Token::Kind::rparen, ")", col}), ++pos_;
      } else if (c == '[') {
        out.push_back({Token::Kind::lbracket, "[", col}), ++pos_;
      } else if (c == ']') {
        out.push_back({Token::Kind::rbracket, "]", col}), ++pos_;
      } else if (c == ',') {
        out.push_back({Token::Kind::comma, ",", col}), ++pos_;
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        std::string op(1, c);
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') op += '=';
        if (op == "=" || op == "!") return make_error("invalid_field", "", fmt::format("column {}: use == or !=", col));
        pos_ += op.size();
        out.push_back({Token::Kind::op, op, col});
      } else {
        return make_error("invalid_field", "", fmt::format("column {}: unexpected character '{}'", col, c));
      }
    }
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

struct Typed {
  ExprPtr expr;
  Type type;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<Typed> parse() {
    auto e = parse_or();
    if (!e) return e;
    if (peek().kind != Token::Kind::end) return fail(fmt::format("unexpected '{}'", peek().text));
    return e;
  }

 private:
  const Token& peek() const { return t_[i_]; }
  Token next() { return t_[i_ < t_.size() - 1 ? i_++ : i_]; }
  bool keyword(std::string_view k) const { return peek().kind == Token::Kind::ident && peek().text == k; }
  Error fail(const std::string& msg) const {
    return make_error("invalid_field", "", fmt::format("column {}: {}", peek().column, msg));
  }

  Result<Typed> bool_operand(Result<Typed> r, std::string_view op) {
    if (!r) return r;
    if (r->type != Type::boolean)
      return fail(fmt::format("'{}' needs true/false operands, got {}", op, type_name(r->type)));
    return r;
  }

  // `left op right op …` for op "or" / "and": each operand from `operand`, all true/false.
  Result<Typed> parse_chain(std::string_view op, Expr::Kind kind, Result<Typed> (Parser::*operand)()) {
    auto left = (this->*operand)();
    if (!left) return left;
    while (keyword(op)) {
      if (left->type != Type::boolean) return fail(fmt::format("'{}' needs true/false operands", op));
      next();
      auto right = bool_operand((this->*operand)(), op);
      if (!right) return right;
      auto e = std::make_shared<Expr>(Expr{kind, "", false, Type::boolean, "", {left->expr, right->expr}});
      left = Typed{e, Type::boolean};
    }
    return left;
  }

  Result<Typed> parse_or() { return parse_chain("or", Expr::Kind::or_, &Parser::parse_and); }
  Result<Typed> parse_and() { return parse_chain("and", Expr::Kind::and_, &Parser::parse_not); }

  // Parentheses and "not" nest by recursion: a limit keeps a hostile rule ("((((…" ten thousand deep) from
  // overflowing the stack (found by fuzz_rule). No real condition comes near it.
  static constexpr int kMaxDepth = 64;

  Result<Typed> parse_not() {
    if (depth_ >= kMaxDepth) return fail("the condition is nested too deeply");
    ++depth_;
    auto r = parse_not_inner();
    --depth_;
    return r;
  }

  Result<Typed> parse_not_inner() {
    if (keyword("not")) {
      next();
      auto inner = bool_operand(parse_not(), "not");
      if (!inner) return inner;
      return Typed{std::make_shared<Expr>(Expr{Expr::Kind::not_, "", false, Type::boolean, "", {inner->expr}}),
                   Type::boolean};
    }
    return parse_compare();
  }

  Result<Typed> parse_compare() {
    auto left = parse_primary();
    if (!left) return left;
    if (peek().kind == Token::Kind::op) {
      std::string op = next().text;
      auto right = parse_primary();
      if (!right) return right;
      if (left->type != right->type)
        return fail(fmt::format("cannot compare {} with {}", type_name(left->type), type_name(right->type)));
      if ((op != "==" && op != "!=") && left->type == Type::boolean)
        return fail(fmt::format("'{}' does not apply to true/false", op));
      auto e = std::make_shared<Expr>(Expr{Expr::Kind::compare, op, false, Type::boolean, "", {left->expr, right->expr}});
      return Typed{e, Type::boolean};
    }
    if (keyword("in")) {
      next();
      if (peek().kind != Token::Kind::lbracket) return fail("'in' needs a list: [a, b]");
      next();
      std::vector<ExprPtr> args{left->expr};
      while (true) {
        auto item = parse_primary();
        if (!item) return item;
        if (item->expr->kind != Expr::Kind::literal) return fail("a list holds literals only");
        if (item->type != left->type)
          return fail(fmt::format("list item is {}, the value is {}", type_name(item->type), type_name(left->type)));
        args.push_back(item->expr);
        if (peek().kind == Token::Kind::comma) {
          next();
          continue;
        }
        if (peek().kind == Token::Kind::rbracket) {
          next();
          break;
        }
        return fail("expected ',' or ']'");
      }
      return Typed{std::make_shared<Expr>(Expr{Expr::Kind::in_list, "", false, Type::boolean, "", std::move(args)}),
                   Type::boolean};
    }
    return left;
  }

  Result<Typed> parse_primary() {
    const Token tok = peek();
    switch (tok.kind) {
      case Token::Kind::lparen: {
        next();
        auto inner = parse_or();
        if (!inner) return inner;
        if (peek().kind != Token::Kind::rparen) return fail("expected ')'");
        next();
        return inner;
      }
      case Token::Kind::number: {
        next();
        // std::from_chars, not stoll: a number too large for 64 bits is a problem in the rule, not an exception
        // (found by fuzz_rule).
        int64_t n = 0;
        auto [end, ec] = std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), n);
        if (ec != std::errc() || end != tok.text.data() + tok.text.size())
          return fail(fmt::format("number '{}' is too large", tok.text.substr(0, 24)));
        return literal(n, Type::integer);
      }
      case Token::Kind::text:
        next();
        return literal(tok.text, Type::text);
      case Token::Kind::date:
        next();
        return literal(tok.text, Type::date);
      case Token::Kind::ident: {
        if (tok.text == "true" || tok.text == "false") {
          next();
          return literal(tok.text == "true", Type::boolean);
        }
        if (tok.text == "and" || tok.text == "or" || tok.text == "not" || tok.text == "in")
          return fail(fmt::format("unexpected '{}'", tok.text));
        auto it = field_types().find(tok.text);
        if (it == field_types().end()) return fail(fmt::format("unknown field '{}'", tok.text));
        next();
        auto e = std::make_shared<Expr>(Expr{Expr::Kind::field, "", false, it->second, tok.text, {}});
        e->slot = static_cast<int>(std::distance(field_types().begin(), it));
        return Typed{e, it->second};
      }
      default:
        return fail(tok.kind == Token::Kind::end ? "the condition ends too early" : fmt::format("unexpected '{}'", tok.text));
    }
  }

  Result<Typed> literal(Value v, Type t) {
    return Typed{std::make_shared<Expr>(Expr{Expr::Kind::literal, "", std::move(v), t, "", {}}), t};
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  int depth_ = 0;  // parse_not calls in progress
};

// Bounds implied on one field by a conjunction of comparisons with literals: [lo, hi] (text compares dates).
struct Bounds {
  std::optional<Value> lo, hi;
  bool lo_strict = false, hi_strict = false;
  std::optional<Value> eq;
  bool contradiction = false;
};

void collect_conjuncts(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == Expr::Kind::and_) {
    for (const auto& a : e->args) collect_conjuncts(a, out);
  } else {
    out->push_back(e);
  }
}

// Finds conditions that can never hold: a literal false, or comparisons on one field that contradict each
// other inside an `and` (x > 60 and x < 18; x == 'a' and x == 'b'). Not a solver: it catches the mistakes
// people make when editing rules, and says which field.
std::optional<std::string> impossibility(const ExprPtr& root) {
  if (root->kind == Expr::Kind::literal && root->literal == Value(false)) return "the condition is always false";
  std::vector<ExprPtr> parts;
  collect_conjuncts(root, &parts);
  std::map<std::string, Bounds> by_field;
  for (const auto& p : parts) {
    if (p->kind == Expr::Kind::literal && p->literal == Value(false)) return "a part of the condition is always false";
    if (p->kind != Expr::Kind::compare) continue;
    const Expr* f = p->args[0].get();
    const Expr* lit = p->args[1].get();
    std::string op = p->op;
    if (f->kind == Expr::Kind::literal && lit->kind == Expr::Kind::field) {
      std::swap(f, lit);
      op = op == "<" ? ">" : op == "<=" ? ">=" : op == ">" ? "<" : op == ">=" ? "<=" : op;
    }
    if (f->kind != Expr::Kind::field || lit->kind != Expr::Kind::literal) continue;
    Bounds& b = by_field[f->field];
    const Value& v = lit->literal;
    if (op == "==") {
      if (b.eq && *b.eq != v) return fmt::format("'{}' cannot equal two different values", f->field);
      b.eq = v;
    } else if (op == ">" || op == ">=") {
      if (!b.lo || v > *b.lo || (v == *b.lo && op == ">")) b.lo = v, b.lo_strict = op == ">";
    } else if (op == "<" || op == "<=") {
      if (!b.hi || v < *b.hi || (v == *b.hi && op == "<")) b.hi = v, b.hi_strict = op == "<";
    }
  }
  for (const auto& [field, b] : by_field) {
    if (b.lo && b.hi) {
      bool empty = *b.lo > *b.hi || (*b.lo == *b.hi && (b.lo_strict || b.hi_strict));
      if (auto* lo = std::get_if<int64_t>(&*b.lo); lo && !empty && b.lo_strict && b.hi_strict)
        empty = std::get<int64_t>(*b.hi) - *lo <= 1;
      if (empty) return fmt::format("no value of '{}' satisfies both bounds", field);
    }
    if (b.eq && ((b.lo && (*b.eq < *b.lo || (*b.eq == *b.lo && b.lo_strict))) ||
                 (b.hi && (*b.eq > *b.hi || (*b.eq == *b.hi && b.hi_strict)))))
      return fmt::format("'{}' is fixed to a value outside its bounds", field);
  }
  return std::nullopt;
}

void collect_fields(const Expr& e, std::set<std::string>* out) {
  if (e.kind == Expr::Kind::field) out->insert(e.field);
  for (const auto& a : e.args) collect_fields(*a, out);
}

const Value& lookup(const Facts& facts, const std::string& field) {
  auto it = facts.find(field);
  if (it == facts.end()) throw std::logic_error("fact missing for field " + field);
  return it->second;
}

Value eval_value(const Expr& e, const Facts& facts, std::map<std::string, std::string>* used) {
  if (e.kind == Expr::Kind::literal) return e.literal;
  if (e.kind == Expr::Kind::field) {
    const Value& v = lookup(facts, e.field);
    if (used) (*used)[e.field] = value_text(v);
    return v;
  }
  return evaluate_expr(e, facts, used);
}

}  // namespace

std::string_view type_name(Type t) {
  switch (t) {
    case Type::boolean: return "true/false";
    case Type::integer: return "a number";
    case Type::date: return "a date";
    case Type::text: return "text";
  }
  return "?";
}

std::string value_text(const Value& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return std::get<std::string>(v);
}

const std::map<std::string, Type, std::less<>>& field_types() {
  static const std::map<std::string, Type, std::less<>> kFields = {
      {"worker.poverty_alleviated", Type::boolean},  // as the record stands, whoever set it (may be a claim)
      {"worker.monitored", Type::boolean},
      // The flag is set AND was asserted independently (credit/provenance.hpp: a 市州 officer of her 市州 or a
      // province official, by form, confirmation or the imported monitoring list). Money rules read these.
      {"worker.poverty_alleviated.independent", Type::boolean},
      {"worker.monitored.independent", Type::boolean},
      {"worker.relocated", Type::boolean},
      {"worker.rural_migrant", Type::boolean},
      {"worker.new_entrant", Type::boolean},
      {"worker.graduate", Type::boolean},
      {"worker.gender", Type::text},
      {"worker.age", Type::integer},  // age on the last day of the period
      {"worker.identity_verified", Type::boolean},
      {"worker.home_county", Type::text},
      {"worker.home_prefecture", Type::text},
      {"employment.occupation", Type::text},
      {"employment.domestic", Type::boolean},  // a domestic-service occupation of the catalogue
      {"employment.start_on", Type::date},
      {"employment.end_on", Type::date},       // "9999-12-31" while ongoing
      // Days and whole months in work from start_on to end_on, or to the evaluation date while ongoing.
      {"employment.days_worked", Type::integer},
      {"employment.months_worked", Type::integer},
      // Where she works relative to her home county (workers.native_division_code): cross_province,
      // in_province_other_prefecture, in_prefecture_other_county, home_county, or unknown (no province, or
      // only the home 市州 without a county).
      {"employment.place", Type::text},
      {"employment.province", Type::text},  // 甘肃, 陕西, 宁夏, 天津 …
      // The record, and so its place, is an independent fact: recorded by an official, or by the employing
      // enterprise for a job in its own registered 市州 — never her own claim nor an enterprise's word about a
      // job elsewhere (credit/provenance.hpp).
      {"employment.independent", Type::boolean},
      {"employment.monthly_wage", Type::integer},
      {"employment.employer_is_domestic_enterprise", Type::boolean},
      // For start-up subsidies (subject = "enterprise"): a registered domestic-service enterprise she founded
      // (subsidy_enterprise_founders) and the day it was registered on the platform.
      {"enterprise.founded_on", Type::date},
      {"enterprise.is_founder", Type::boolean},
      {"enterprise.prefecture", Type::text},
      {"period.start", Type::date},
      {"period.end", Type::date},
      {"paid.same_rule_same_period", Type::boolean},
  };
  return kFields;
}

bool evaluate_expr(const Expr& e, const Facts& facts, std::map<std::string, std::string>* used) {
  switch (e.kind) {
    case Expr::Kind::literal: return std::get<bool>(e.literal);
    case Expr::Kind::field: {
      const Value& v = lookup(facts, e.field);
      if (used) (*used)[e.field] = value_text(v);
      return std::get<bool>(v);
    }
    case Expr::Kind::not_: return !evaluate_expr(*e.args[0], facts, used);
    case Expr::Kind::and_: {
      // Both sides are evaluated so that the evidence lists every field the condition reads.
      bool a = evaluate_expr(*e.args[0], facts, used);
      bool b = evaluate_expr(*e.args[1], facts, used);
      return a && b;
    }
    case Expr::Kind::or_: {
      bool a = evaluate_expr(*e.args[0], facts, used);
      bool b = evaluate_expr(*e.args[1], facts, used);
      return a || b;
    }
    case Expr::Kind::compare: {
      Value a = eval_value(*e.args[0], facts, used), b = eval_value(*e.args[1], facts, used);
      if (e.op == "==") return a == b;
      if (e.op == "!=") return a != b;
      if (e.op == "<") return a < b;
      if (e.op == "<=") return a <= b;
      if (e.op == ">") return a > b;
      return a >= b;
    }
    case Expr::Kind::in_list: {
      Value v = eval_value(*e.args[0], facts, used);
      for (size_t i = 1; i < e.args.size(); ++i)
        if (e.args[i]->literal == v) return true;
      return false;
    }
  }
  return false;
}

Result<ExprPtr> parse_condition(std::string_view text, int line, std::vector<RuleProblem>* problems) {
  auto report = [&](const Error& e) -> Error {
    if (problems) {
      int column = 0;
      std::string msg = e.detail;
      if (msg.rfind("column ", 0) == 0) {
        column = std::atoi(msg.c_str() + 7);
        msg = msg.substr(msg.find(": ") + 2);
      }
      problems->push_back({line, column, msg});
    }
    return e;
  };
  auto tokens = Lexer(text).run();
  if (!tokens) return report(tokens.error());
  auto parsed = Parser(std::move(*tokens)).parse();
  if (!parsed) return report(parsed.error());
  if (parsed->type != Type::boolean)
    return report(make_error("invalid_field", "", fmt::format("column 1: a condition must be true/false, this is {}", type_name(parsed->type))));
  if (auto why = impossibility(parsed->expr)) return report(make_error("invalid_field", "", "column 1: impossible condition: " + *why));
  return parsed->expr;
}

RuleParse parse_rule_toml(std::string_view toml_text) {
  RuleParse out;
  toml::table tbl;
  try {
    tbl = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    out.problems.push_back({static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                            std::string(e.description())});
    return out;
  }
  Rule rule;
  auto line_of = [](const toml::node* n) { return n ? static_cast<int>(n->source().begin.line) : 0; };
  // parse_condition counts columns inside the condition text; the editor wants them in the file: the text
  // starts one character after its opening quote.
  auto to_file_columns = [&](size_t from, const toml::node* n) {
    if (!n) return;
    for (size_t i = from; i < out.problems.size(); ++i)
      if (out.problems[i].column > 0) out.problems[i].column += static_cast<int>(n->source().begin.column);
  };
  // A field of the other subject (employment.* in a start-up rule) has no value for the candidates.
  auto check_subject = [&](const std::string& text, const ExprPtr& e, int line, int column_base) {
    std::set<std::string> fields;
    collect_fields(*e, &fields);
    for (const auto& f : fields) {
      std::string_view other = rule.subject == "employment" ? "enterprise." : "employment.";
      if (f.rfind(other, 0) == 0) {
        size_t col = text.find(f);
        out.problems.push_back({line, col == std::string::npos ? 0 : static_cast<int>(col) + 1 + column_base,
                                fmt::format("field '{}' is not available when subject = \"{}\"", f, rule.subject)});
      }
    }
  };
  auto need_text = [&](std::string_view key, std::string* dst) {
    auto* n = tbl.get(key);
    if (!n || !n->is_string()) {
      out.problems.push_back({line_of(n), 0, fmt::format("'{}' is required and must be text", key)});
      return;
    }
    *dst = n->as_string()->get();
  };
  need_text("id", &rule.id);
  need_text("name", &rule.name);
  need_text("legal_basis", &rule.legal_basis);
  need_text("period", &rule.period);
  if (!rule.period.empty() && rule.period != "year")
    out.problems.push_back({line_of(tbl.get("period")), 0, "period must be \"year\" (one payment per person per year)"});
  if (auto* b = tbl.get("budget_yuan")) {
    if (auto v = b->value<int64_t>(); v && *v >= 0) rule.budget_yuan = *v;
    else out.problems.push_back({line_of(b), 0, "budget_yuan must be a non-negative integer"});
  }
  if (auto* v = tbl.get("version")) rule.version = static_cast<int>(v->value<int64_t>().value_or(1));
  if (auto* v = tbl.get("subject")) {
    auto sub = v->value<std::string>();
    if (!sub || (*sub != "employment" && *sub != "enterprise"))
      out.problems.push_back({line_of(v), static_cast<int>(v->source().begin.column),
                              "subject must be \"employment\" or \"enterprise\""});
    else rule.subject = *sub;
  }
  for (const auto& [key, node] : tbl) {
    static const std::set<std::string> kKeys = {"id", "name", "legal_basis", "period", "budget_yuan", "version",
                                                "subject", "conditions", "amount"};
    if (!kKeys.count(std::string(key.str()))) out.problems.push_back({line_of(&node), 0, fmt::format("unknown key '{}'", key.str())});
  }
  auto* conds = tbl.get("conditions");
  if (!conds || !conds->is_array() || conds->as_array()->empty()) {
    out.problems.push_back({line_of(conds), 0, "'conditions' must be a non-empty list of conditions"});
  } else {
    for (const auto& c : *conds->as_array()) {
      int line = line_of(&c);
      if (!c.is_string()) {
        out.problems.push_back({line, 0, "a condition must be text"});
        continue;
      }
      std::string text = c.as_string()->get();
      size_t before = out.problems.size();
      auto e = parse_condition(text, line, &out.problems);
      to_file_columns(before, &c);
      if (e) {
        check_subject(text, *e, line, static_cast<int>(c.source().begin.column));
        rule.conditions.push_back({text, *e, line});
      }
    }
  }
  auto* amounts = tbl.get("amount");
  if (!amounts || !amounts->is_array_of_tables() || amounts->as_array()->empty()) {
    out.problems.push_back({line_of(amounts), 0, "'[[amount]]' cases are required (label, yuan, optional when)"});
  } else {
    for (const auto& a : *amounts->as_array()) {
      const auto& t = *a.as_table();
      AmountCase ac;
      int line = line_of(&a);
      auto yuan = t["yuan"].value<int64_t>();
      if (!yuan || *yuan <= 0) out.problems.push_back({line, 0, "amount.yuan must be a positive integer"});
      else ac.yuan = *yuan;
      ac.label = t["label"].value<std::string>().value_or("");
      if (ac.label.empty()) out.problems.push_back({line, 0, "amount.label is required"});
      if (auto when = t["when"].value<std::string>()) {
        ac.when_text = *when;
        size_t before = out.problems.size();
        auto e = parse_condition(*when, line_of(t.get("when")), &out.problems);
        to_file_columns(before, t.get("when"));
        if (e) {
          ac.when = *e;
          check_subject(*when, *e, line_of(t.get("when")), static_cast<int>(t.get("when")->source().begin.column));
        }
      }
      if (auto* pm = t.get("per_month")) {
        auto v = pm->value<bool>();
        if (!v) out.problems.push_back({line_of(pm), 0, "amount.per_month must be true or false"});
        else ac.per_month = *v;
      }
      if (auto* mm = t.get("max_months")) {
        auto v = mm->value<int64_t>();
        if (!v || *v <= 0 || *v > 60) out.problems.push_back({line_of(mm), 0, "amount.max_months must be 1–60"});
        else ac.max_months = *v;
      }
      if (ac.per_month && ac.max_months == 0)
        out.problems.push_back({line, 0, "a per_month amount needs max_months"});
      if (ac.per_month && rule.subject != "employment")
        out.problems.push_back({line, 0, "a per_month amount needs subject = \"employment\""});
      for (const auto& [k, _] : t) {
        static const std::set<std::string> kAmountKeys = {"label", "when", "yuan", "per_month", "max_months"};
        if (!kAmountKeys.count(std::string(k.str())))
          out.problems.push_back({line_of(t.get(k.str())), 0, fmt::format("unknown key 'amount.{}'", k.str())});
      }
      rule.amounts.push_back(std::move(ac));
    }
  }
  if (out.problems.empty()) out.rule = std::move(rule);
  return out;
}

Evaluation evaluate(const Rule& rule, const Facts& facts) {
  Evaluation ev;
  ev.eligible = true;
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    ConditionOutcome o;
    o.text = rule.conditions[i].text;
    o.passed = evaluate_expr(*rule.conditions[i].expr, facts, &o.values);
    if (!o.passed && !ev.first_failed) ev.first_failed = i;
    ev.eligible = ev.eligible && o.passed;
    ev.conditions.push_back(std::move(o));
  }
  if (ev.eligible) {
    ev.eligible = false;
    for (const auto& a : rule.amounts) {
      if (!a.when || evaluate_expr(*a.when, facts, nullptr)) {
        ev.eligible = true;
        ev.yuan = a.yuan;
        if (a.per_month) {
          auto m = std::get<int64_t>(lookup(facts, "employment.months_worked"));
          ev.yuan = a.yuan * std::clamp<int64_t>(m, 0, a.max_months);
          ev.eligible = ev.yuan > 0;
        }
        ev.case_label = a.label;
        break;
      }
    }
  }
  return ev;
}


// --- Slot evaluation: the same semantics as evaluate_expr over a map, without lookups or copies. ---

int field_slot(std::string_view field) {
  auto it = field_types().find(field);
  return it == field_types().end() ? -1 : static_cast<int>(std::distance(field_types().begin(), it));
}

size_t field_count() { return field_types().size(); }

namespace {

bool eval_slots(const Expr& e, const Slots& s, std::map<std::string, std::string>* used);

// The value of an operand: a literal or a slot by reference; a nested boolean expression into `tmp`.
const Value& operand(const Expr& e, const Slots& s, std::map<std::string, std::string>* used, Value& tmp) {
  if (e.kind == Expr::Kind::literal) return e.literal;
  if (e.kind == Expr::Kind::field) {
    const Value& v = s[static_cast<size_t>(e.slot)];
    if (used) (*used)[e.field] = value_text(v);
    return v;
  }
  tmp = eval_slots(e, s, used);
  return tmp;
}

bool eval_slots(const Expr& e, const Slots& s, std::map<std::string, std::string>* used) {
  switch (e.kind) {
    case Expr::Kind::literal: return std::get<bool>(e.literal);
    case Expr::Kind::field: {
      const Value& v = s[static_cast<size_t>(e.slot)];
      if (used) (*used)[e.field] = value_text(v);
      return std::get<bool>(v);
    }
    case Expr::Kind::not_: return !eval_slots(*e.args[0], s, used);
    case Expr::Kind::and_: {
      if (!used) return eval_slots(*e.args[0], s, nullptr) && eval_slots(*e.args[1], s, nullptr);
      bool a = eval_slots(*e.args[0], s, used);
      bool b = eval_slots(*e.args[1], s, used);
      return a && b;
    }
    case Expr::Kind::or_: {
      if (!used) return eval_slots(*e.args[0], s, nullptr) || eval_slots(*e.args[1], s, nullptr);
      bool a = eval_slots(*e.args[0], s, used);
      bool b = eval_slots(*e.args[1], s, used);
      return a || b;
    }
    case Expr::Kind::compare: {
      Value ta, tb;
      const Value& a = operand(*e.args[0], s, used, ta);
      const Value& b = operand(*e.args[1], s, used, tb);
      if (e.op == "==") return a == b;
      if (e.op == "!=") return a != b;
      if (e.op == "<") return a < b;
      if (e.op == "<=") return a <= b;
      if (e.op == ">") return a > b;
      return a >= b;
    }
    case Expr::Kind::in_list: {
      Value t;
      const Value& v = operand(*e.args[0], s, used, t);
      for (size_t i = 1; i < e.args.size(); ++i)
        if (e.args[i]->literal == v) return true;
      return false;
    }
  }
  return false;
}

}  // namespace

int64_t case_amount(const AmountCase& c, const Slots& slots) {
  if (!c.per_month) return c.yuan;
  static const int kMonths = field_slot("employment.months_worked");
  int64_t m = std::get<int64_t>(slots[static_cast<size_t>(kMonths)]);
  return c.yuan * std::clamp<int64_t>(m, 0, c.max_months);
}

Evaluation evaluate_slots(const Rule& rule, const Slots& slots) {
  Evaluation ev;
  ev.eligible = true;
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    ConditionOutcome o;
    o.text = rule.conditions[i].text;
    o.passed = eval_slots(*rule.conditions[i].expr, slots, &o.values);
    if (!o.passed && !ev.first_failed) ev.first_failed = i;
    ev.eligible = ev.eligible && o.passed;
    ev.conditions.push_back(std::move(o));
  }
  if (ev.eligible) {
    ev.eligible = false;
    for (const auto& a : rule.amounts) {
      if (!a.when || eval_slots(*a.when, slots, nullptr)) {
        ev.yuan = case_amount(a, slots);
        ev.eligible = ev.yuan > 0;
        ev.case_label = a.label;
        break;
      }
    }
  }
  return ev;
}

Quick evaluate_quick(const Rule& rule, const Slots& slots) {
  Quick q;
  for (const auto& c : rule.conditions) {
    if (!eval_slots(*c.expr, slots, nullptr)) return q;
    ++q.passed;
  }
  for (size_t i = 0; i < rule.amounts.size(); ++i) {
    const auto& a = rule.amounts[i];
    if (!a.when || eval_slots(*a.when, slots, nullptr)) {
      q.yuan = case_amount(a, slots);
      q.eligible = q.yuan > 0;
      q.amount_case = static_cast<int>(i);
      return q;
    }
  }
  return q;
}

std::optional<std::string> claim_field(std::string_view field) {
  if (field == "employment.independent") return std::string();
  constexpr std::string_view kSuffix = ".independent";
  if (field.starts_with("worker.") && field.ends_with(kSuffix)) return std::string(field.substr(0, field.size() - kSuffix.size()));
  return std::nullopt;
}

namespace {
ExprPtr relax(const ExprPtr& e, bool* changed) {
  if (!e) return e;
  if (e->kind == Expr::Kind::field) {
    auto claim = claim_field(e->field);
    if (!claim) return e;
    *changed = true;
    auto out = std::make_shared<Expr>(*e);
    if (claim->empty()) {
      out->kind = Expr::Kind::literal;
      out->literal = true;
      out->literal_type = Type::boolean;
      out->field.clear();
      out->slot = -1;
    } else {
      out->field = *claim;
      out->slot = field_slot(*claim);
    }
    return out;
  }
  if (e->args.empty()) return e;
  auto out = std::make_shared<Expr>(*e);
  for (auto& a : out->args) a = relax(a, changed);
  return out;
}
}  // namespace

Rule relax_independence(const Rule& rule, bool* changed) {
  bool any = false;
  Rule out = rule;
  for (auto& c : out.conditions) c.expr = relax(c.expr, &any);
  for (auto& a : out.amounts) a.when = relax(a.when, &any);
  if (changed) *changed = any;
  return out;
}

}  // namespace jz::subsidy
