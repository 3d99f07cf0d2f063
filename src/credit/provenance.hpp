#pragma once
// Provenance: who may assert which fact, and whether their word counts as independent. ONE table
// (kAssertionRules in provenance.cpp, written out in docs/credit-score.md) decides it for every credit entry
// and household flag — the route, the issuers module, imports and the demo generator all ask here, and nothing
// a caller sends (a `source` JSON naming a hospital, say) can change the answer.
//
// The principle: whoever gains from a fact does not vouch for it. An enterprise's word about its own worker's
// health, insurance, poverty status or a job outside its own 市州 is a CLAIM (stored, shown as 单位自述, counted
// in no light and no payment); the health-check provider, the insurer, the officials are independent.
//
// Pure: no I/O.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "credit/model.hpp"
#include "security/roles.hpp"

namespace jz::credit {

// When an assertion counts as independent.
enum class Independence {
  never,           // a claim, whatever it says about its source
  always,          // an independent fact
  own_prefecture,  // an enterprise's employment record: independent when the place lies in the enterprise's
                   // own registered 市州 (its registration vouches for it), a claim anywhere else
};

struct AssertionRule {
  security::Role role;
  EntryKind kind;
  SourceType source;  // what the entry records as its source
  Independence independence;
};

// Every (role, kind) a role may record through the platform; a pair not listed may not be recorded.
[[nodiscard]] std::span<const AssertionRule> assertion_rules();
[[nodiscard]] std::optional<AssertionRule> assertion_rule(security::Role role, EntryKind kind);

// Whether this assertion counts as independent. `place_division_code` is the employment's Gansu place (empty
// elsewhere) and `asserter_prefecture` the enterprise's registered 市州 (4 digits).
[[nodiscard]] bool is_independent(const AssertionRule& rule, std::string_view place_division_code,
                                  std::string_view asserter_prefecture);

// The role whose word an entry is when a module's own workflow writes it without naming one (training
// completions, reviews, upheld complaints, the demo generator): the one its source implies.
[[nodiscard]] std::optional<security::Role> implied_role(SourceType source);
// Independence of such an entry by its implied role (own_prefecture counts as independent: the generator
// places an enterprise's jobs where it is registered). Reviews and complaints: independent unless self.
[[nodiscard]] bool independent_by_source(EntryKind kind, SourceType source);

// Household flags whose assertion matters for money: poverty_alleviated (脱贫人口) and monitored (监测帮扶对象).
[[nodiscard]] bool is_attested_flag(std::string_view flag);
// Independent only when asserted by a province official (province_admin) or a city officer of the worker's
// own 市州 — by form, by confirmation or by importing the monitoring list; any other role's word is a claim.
[[nodiscard]] bool flag_assertion_independent(security::Role role, std::string_view officer_division,
                                              std::string_view worker_prefecture);

// Who can turn a claim into an independent fact, in plain words (for "awaiting verification" lists).
[[nodiscard]] std::string verifiers_zh(EntryKind kind);
[[nodiscard]] std::string verifiers_en(EntryKind kind);
[[nodiscard]] std::string flag_verifiers_zh(std::string_view worker_prefecture_name);
[[nodiscard]] std::string flag_verifiers_en();

}  // namespace jz::credit
