#include "credit/provenance.hpp"

#include <array>

namespace jz::credit {
namespace {

using security::Role;
using K = EntryKind;
using S = SourceType;
using I = Independence;

// THE table. docs/credit-score.md ("Who may assert what") repeats it; change both together.
constexpr std::array kAssertionRules{
    // The worker herself: her own claims.
    AssertionRule{Role::worker, K::employment, S::self, I::never},
    AssertionRule{Role::worker, K::training, S::self, I::never},
    // An enterprise: the jobs it gives (vouched for by its registration only where it is registered), and —
    // as claims — what it says about its worker's health and insurance.
    AssertionRule{Role::enterprise, K::employment, S::enterprise, I::own_prefecture},
    AssertionRule{Role::enterprise, K::health_check, S::enterprise, I::never},
    AssertionRule{Role::enterprise, K::insurance, S::enterprise, I::never},
    // A training institution: its own courses and the competitions it runs.
    AssertionRule{Role::institution, K::training, S::institution, I::always},
    AssertionRule{Role::institution, K::competition, S::institution, I::always},
    // Issuers: the health-check provider for health checks, the insurer for its policies.
    AssertionRule{Role::health_provider, K::health_check, S::hospital, I::always},
    AssertionRule{Role::insurer, K::insurance, S::insurer, I::always},
    // Officials (a city officer in her 市州, the province admin): what their offices check.
    AssertionRule{Role::city_officer, K::identity_verification, S::official, I::always},
    AssertionRule{Role::city_officer, K::background_check, S::official, I::always},
    AssertionRule{Role::city_officer, K::health_check, S::hospital, I::always},
    AssertionRule{Role::city_officer, K::training, S::official, I::always},
    AssertionRule{Role::city_officer, K::employment, S::official, I::always},
    AssertionRule{Role::city_officer, K::insurance, S::official, I::always},
    AssertionRule{Role::city_officer, K::competition, S::official, I::always},
    AssertionRule{Role::province_admin, K::identity_verification, S::official, I::always},
    AssertionRule{Role::province_admin, K::background_check, S::official, I::always},
    AssertionRule{Role::province_admin, K::health_check, S::hospital, I::always},
    AssertionRule{Role::province_admin, K::training, S::official, I::always},
    AssertionRule{Role::province_admin, K::employment, S::official, I::always},
    AssertionRule{Role::province_admin, K::insurance, S::official, I::always},
    AssertionRule{Role::province_admin, K::competition, S::official, I::always},
    // Reviews and complaints come only through their own workflows (consumer, official); departments and
    // consumers record nothing else.
};

}  // namespace

std::span<const AssertionRule> assertion_rules() {
  return kAssertionRules;
}

std::optional<AssertionRule> assertion_rule(Role role, EntryKind kind) {
  for (const auto& r : kAssertionRules)
    if (r.role == role && r.kind == kind) return r;
  return std::nullopt;
}

bool is_independent(const AssertionRule& rule, std::string_view place, std::string_view prefecture) {
  switch (rule.independence) {
    case I::never: return false;
    case I::always: return true;
    case I::own_prefecture:
      return prefecture.size() == 4 && place.size() >= 4 && place.substr(0, 4) == prefecture;
  }
  return false;
}

std::optional<Role> implied_role(SourceType source) {
  switch (source) {
    case S::self: return Role::worker;
    case S::enterprise: return Role::enterprise;
    case S::institution: return Role::institution;
    case S::hospital: return Role::health_provider;
    case S::insurer: return Role::insurer;
    case S::official: return Role::province_admin;
    case S::consumer: return Role::consumer;
    case S::platform: return std::nullopt;
  }
  return std::nullopt;
}

bool independent_by_source(EntryKind kind, SourceType source) {
  if (kind == K::review || kind == K::complaint) return source != S::self;
  if (source == S::platform) return true;
  auto role = implied_role(source);
  auto rule = role ? assertion_rule(*role, kind) : std::nullopt;
  return rule && rule->independence != I::never;
}

bool is_attested_flag(std::string_view flag) {
  return flag == "poverty_alleviated" || flag == "monitored";
}

bool flag_assertion_independent(Role role, std::string_view officer_division, std::string_view worker_prefecture) {
  if (role == Role::province_admin) return true;
  if (role == Role::city_officer)
    return officer_division.size() == 4 && worker_prefecture.substr(0, 4) == officer_division;
  return false;
}

std::string verifiers_zh(EntryKind kind) {
  switch (kind) {
    case K::health_check: return "体检机构，或所在市州人社部门";
    case K::insurance: return "保险机构，或所在市州人社部门";
    case K::employment: return "所在市州人社部门（核实务工地）";
    default: return "所在市州人社部门";
  }
}

std::string verifiers_en(EntryKind kind) {
  switch (kind) {
    case K::health_check: return "a health-check provider, or the city office of her prefecture";
    case K::insurance: return "the insurer, or the city office of her prefecture";
    case K::employment: return "the city office of her prefecture (confirming the place of work)";
    default: return "the city office of her prefecture";
  }
}

std::string flag_verifiers_zh(std::string_view prefecture_name) {
  return std::string(prefecture_name.empty() ? "所在市州" : prefecture_name) + "工作人员或省级管理员（核对监测名单）";
}

std::string flag_verifiers_en() {
  return "an officer of her prefecture or a province official (against the monitoring list)";
}

}  // namespace jz::credit
